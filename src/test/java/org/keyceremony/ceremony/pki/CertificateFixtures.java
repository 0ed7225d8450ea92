package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.keyceremony.ceremony.pki.CrlFixtures.Root;
import org.keyceremony.ceremony.pki.IssuanceProfile.PolicyInformation;
import org.keyceremony.ceremony.pki.SubjectKeyInput.PublicKeyOnly;
import org.keyceremony.script.KeyUsageBit;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Roots, keys, profiles and requests for the certificate-issuing tests: software keys stand in for
 * the HSM's, and certificates the tests need as they are (roots, an existing CA certificate to cross-sign)
 * are made with Bouncy Castle directly, not with the code under test.
 */
final class CertificateFixtures {
    static final Instant NOW = CrlFixtures.NOW;
    static final String ROOT_DN = "CN=Example Root CA R1, O=Example, C=DE";
    static final String SUB_DN = "CN=Example Issuing CA E1, O=Example, C=DE";
    static final BigInteger SERIAL = new BigInteger("5a3b9e0c1d2f4a6b8c0d1e2f3a4b5c6d", 16);
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    static final Root EC_ROOT = root(CrlFixtures.ec(), ROOT_DN, "SHA-384", true, null, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    static final Root RSA_ROOT = root(CrlFixtures.rsa(), ROOT_DN, "SHA-256", true, null, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    /** The subordinate's key, made in "its own" key ceremony. */
    static final KeyPair SUB_KEY = CrlFixtures.ec();
    /** The subordinate's existing certificate, issued by another root a month ago: what a cross-certificate repeats. */
    static final X509Certificate EXISTING = existing(SUB_KEY, SUB_DN);

    private CertificateFixtures() {
    }

    static IssuanceProfile tlsProfile() {
        return new IssuanceProfile(IssuanceProfile.TLS_SUBORDINATE, Set.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN), List.of(SERVER_AUTH),
                0, List.of(new PolicyInformation("2.23.140.1.2.1", Optional.empty())), Optional.empty(),
                List.of("http://c.example.com/r1.crl"), Optional.of("http://i.example.com/r1.der"), Optional.empty());
    }

    static IssuanceProfile crossProfile() {
        IssuanceProfile p = tlsProfile();
        return new IssuanceProfile(IssuanceProfile.CROSS, p.keyUsage(), p.extendedKeyUsage(), 0, p.certificatePolicies(), Optional.empty(),
                p.crlDistributionPoints(), p.caIssuers(), Optional.empty());
    }

    static IssuanceProfile ocspProfile() {
        return new IssuanceProfile(IssuanceProfile.OCSP_RESPONDER, Set.of(KeyUsageBit.DIGITAL_SIGNATURE), List.of(OCSP_SIGNING), null,
                List.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }

    static IssuanceProfile privateProfile() {
        return new IssuanceProfile(IssuanceProfile.PRIVATE, Set.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN), List.of(), null,
                List.of(), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }

    /** {@code profile} for the subordinate's key, signed by {@code root} now, valid three years. */
    static CertificateRequest request(IssuanceProfile profile, Root root, String subject, SubjectKeyInput key) {
        return new CertificateRequest(profile, root.cert(), subject, key, SERIAL, NOW, NOW.plus(Duration.ofDays(1095)), root.digest());
    }

    static CertificateRequest request(IssuanceProfile profile) {
        return request(profile, EC_ROOT, SUB_DN, new PublicKeyOnly(SUB_KEY.getPublic().getEncoded()));
    }

    /** A root valid from 400 days ago for ten years; {@code pathLength} null for none. */
    static Root root(KeyPair keys, String dn, String digest, boolean ca, Integer pathLength, int keyUsage) {
        try {
            X500Name name = X500Name.getInstance(new X500Principal(dn).getEncoded());
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.valueOf(0x5eed), Date.from(NOW.minus(Duration.ofDays(400))),
                    Date.from(NOW.plus(Duration.ofDays(3650))), name, SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            b.addExtension(Extension.basicConstraints, true, !ca ? new BasicConstraints(false)
                    : pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
            b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(CrlFixtures.sigAlg(keys, digest)).build(keys.getPrivate())));
            return new Root(keys, cert, digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CA certificate of {@code key} named {@code dn}, issued by another root 30 days ago, EKU serverAuth, pathLen 0. */
    static X509Certificate existing(KeyPair key, String dn) {
        try {
            KeyPair other = CrlFixtures.ec();
            X500Name issuer = X500Name.getInstance(new X500Principal("CN=Other Root, O=Other, C=DE").getEncoded());
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, BigInteger.valueOf(0x1234567890abcdefL),
                    Date.from(NOW.minus(Duration.ofDays(30))), Date.from(NOW.plus(Duration.ofDays(1000))),
                    X500Name.getInstance(new X500Principal(dn).getEncoded()), spki);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(other.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static Path write(Path dir, String name, String label, byte[] der) throws IOException {
        return Files.writeString(dir.resolve(name), pem(label, der));
    }

    /** The result of running a tool: exit code and everything it printed. */
    record Run(int exit, String output) {
    }

    static Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " did not finish");
        }
        return new Run(p.exitValue(), out);
    }
}
