package org.keyceremony.transcript;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A software root CA and a transcript-signing certificate, shaped like the ceremony's (DESIGN.md). */
record TestPki(KeyPair rootKey, X509Certificate root, KeyPair signerKey, X509Certificate signer) {

    static final String DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36";

    static TestPki create(String rootName) {
        return create(rootName, true, true);
    }

    static TestPki create(String rootName, boolean documentSigningEku, boolean digitalSignature) {
        try {
            KeyPair rootKey = ecKey();
            KeyPair signerKey = ecKey();
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name rootDn = new X500Name("CN=" + rootName + ",O=Example Corp,C=NL");
            X509v3CertificateBuilder rb = new JcaX509v3CertificateBuilder(rootDn, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), rootDn,
                    rootKey.getPublic());
            rb.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            rb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            rb.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(rootKey.getPublic()));
            X509Certificate root = new JcaX509CertificateConverter().getCertificate(
                    rb.build(new JcaContentSignerBuilder("SHA384withECDSA").build(rootKey.getPrivate())));

            X509v3CertificateBuilder sb = new JcaX509v3CertificateBuilder(root, BigInteger.valueOf(now.toEpochMilli() + 1),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    new X500Name("CN=" + rootName + " Transcript Signing,O=Example Corp,C=NL"), signerKey.getPublic());
            sb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            sb.addExtension(Extension.keyUsage, true, new KeyUsage(
                    digitalSignature ? KeyUsage.digitalSignature | KeyUsage.nonRepudiation : KeyUsage.keyEncipherment));
            if (documentSigningEku) {
                sb.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(DOCUMENT_SIGNING))));
            }
            sb.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(root));
            sb.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(signerKey.getPublic()));
            X509Certificate signer = new JcaX509CertificateConverter().getCertificate(
                    sb.build(new JcaContentSignerBuilder("SHA384withECDSA").build(rootKey.getPrivate())));
            return new TestPki(rootKey, root, signerKey, signer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A transcript-signing certificate for a key made elsewhere (an HSM), issued by this root. */
    X509Certificate issueDocumentSigning(java.security.PublicKey key, String cn) throws Exception {
        Instant now = Instant.now();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder sb = new JcaX509v3CertificateBuilder(root, BigInteger.valueOf(now.toEpochMilli() + 7),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))),
                new X500Name("CN=" + cn + ",O=Example Corp,C=NL"), key);
        sb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        sb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        sb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(DOCUMENT_SIGNING))));
        sb.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(root));
        sb.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
        return new JcaX509CertificateConverter().getCertificate(
                sb.build(new JcaContentSignerBuilder("SHA384withECDSA").build(rootKey.getPrivate())));
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        return g.generateKeyPair();
    }
}
