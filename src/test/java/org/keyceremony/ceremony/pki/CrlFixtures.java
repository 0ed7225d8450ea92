package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.keyceremony.script.KeyAlgorithm;

import javax.security.auth.x500.X500Principal;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/**
 * Roots for the CRL tests: software keys standing in for the HSM's (an {@link HsmSigner} is only a
 * private key and its provider), and certificates made with Bouncy Castle directly so that a test
 * can leave out what a root must have.
 */
final class CrlFixtures {
    static final String DN = "CN=Example Root CA R1, O=Example, C=DE";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private CrlFixtures() {
    }

    /** A root: its key pair (the "HSM" key), its certificate, and the digest it signs with. */
    record Root(KeyPair keys, X509Certificate cert, String digest) {
        HsmSigner hsm() {
            return new HsmSigner(keys.getPrivate(),
                    Security.getProvider(keys.getPrivate().getAlgorithm().equals("RSA") ? "SunRsaSign" : "SunEC"));
        }
    }

    /** An EC P-384 root signing with SHA-384, as the ceremony's default root. */
    static Root ecRoot() {
        return root(ec(), DN, "SHA-384", true, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    /** An RSA 3072 root signing with SHA-256. */
    static Root rsaRoot() {
        return root(rsa(), DN, "SHA-256", true, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(3072);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed root certificate for {@code keys}; {@code ski}, {@code ca} and {@code keyUsage} can be left out. */
    static Root root(KeyPair keys, String dn, String digest, boolean ski, boolean ca, int keyUsage) {
        try {
            X500Name name = X500Name.getInstance(new X500Principal(dn).getEncoded());
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.valueOf(0x5eed), Date.from(NOW.minus(Duration.ofDays(1))),
                    Date.from(NOW.plus(Duration.ofDays(3650))), name, SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ski) {
                b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(sigAlg(keys, digest)).build(keys.getPrivate())));
            return new Root(keys, cert, digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A CRL of {@code issuerName} signed by {@code signer} (BC directly, not the code under test), with
     * cRLNumber {@code number} (none when null) and each serial revoked for keyCompromise.
     */
    static X509CRL crl(String issuerName, KeyPair signer, String sigAlg, BigInteger number, BigInteger... serials) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(new X500Principal(issuerName).getEncoded()),
                    Date.from(NOW.minus(Duration.ofDays(30))));
            b.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(300))));
            for (BigInteger serial : serials) {
                b.addCRLEntry(serial, Date.from(NOW.minus(Duration.ofDays(31))), CRLReason.keyCompromise);
            }
            if (number != null) {
                b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            }
            return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder(sigAlg).build(signer.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The root's own earlier CRL numbered {@code number}. */
    static X509CRL previous(Root root, long number, BigInteger... serials) {
        return crl(DN, root.keys(), sigAlg(root.keys(), root.digest()), BigInteger.valueOf(number), serials);
    }

    /** The JCA signature algorithm of a key and a digest, as the ceremony chooses it. */
    static String sigAlg(KeyPair keys, String digest) {
        return CertificateProfileRules.signatureAlgorithm(
                keys.getPublic().getAlgorithm().equals("RSA") ? KeyAlgorithm.RSA : KeyAlgorithm.EC, digest);
    }
}
