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
    /** The ceremony id the signer's subject names, as the product's does (SERIALNUMBER=ceremony id). */
    static final String CEREMONY_ID = SyntheticCeremony.CEREMONY_ID;
    /**
     * Start of validity: fixed before {@link SyntheticCeremony}'s fixed clock, so the certificates
     * are valid at the signing time whatever day the tests run.
     */
    static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");

    static TestPki create(String rootName) {
        return create(rootName, true, true);
    }

    static TestPki create(String rootName, boolean documentSigningEku, boolean digitalSignature) {
        return create(rootName, documentSigningEku, digitalSignature, NOT_BEFORE,
                Instant.now().plus(Duration.ofDays(3650)));
    }

    /** A root valid from {@code rootNotBefore} to {@code rootNotAfter} (its signer: {@link #NOT_BEFORE} to ten years on). */
    static TestPki create(String rootName, Instant rootNotBefore, Instant rootNotAfter) {
        return create(rootName, true, true, rootNotBefore, rootNotAfter);
    }

    private static TestPki create(String rootName, boolean documentSigningEku, boolean digitalSignature,
                                  Instant rootNotBefore, Instant rootNotAfter) {
        try {
            KeyPair rootKey = ecKey();
            KeyPair signerKey = ecKey();
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name rootDn = new X500Name("CN=" + rootName + ",O=Example Corp,C=NL");
            X509v3CertificateBuilder rb = new JcaX509v3CertificateBuilder(rootDn, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(rootNotBefore), Date.from(rootNotAfter), rootDn,
                    rootKey.getPublic());
            rb.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            rb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            rb.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(rootKey.getPublic()));
            X509Certificate root = new JcaX509CertificateConverter().getCertificate(
                    rb.build(new JcaContentSignerBuilder("SHA384withECDSA").build(rootKey.getPrivate())));

            X509v3CertificateBuilder sb = new JcaX509v3CertificateBuilder(root, BigInteger.valueOf(now.toEpochMilli() + 1),
                    Date.from(NOT_BEFORE), Date.from(now.plus(Duration.ofDays(3650))),
                    new X500Name("CN=" + rootName + " Transcript Signing,SERIALNUMBER=" + CEREMONY_ID
                            + ",O=Example Corp,C=NL"), signerKey.getPublic());
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
        return issueDocumentSigning(key, "CN=" + cn + ",SERIALNUMBER=" + CEREMONY_ID + ",O=Example Corp,C=NL", NOT_BEFORE,
                Instant.now().plus(Duration.ofDays(3650)));
    }

    /** A transcript-signing certificate with the given subject and validity, issued by this root. */
    X509Certificate issueDocumentSigning(java.security.PublicKey key, String subjectDn, Instant notBefore,
                                         Instant notAfter) throws Exception {
        Instant now = Instant.now();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder sb = new JcaX509v3CertificateBuilder(root, BigInteger.valueOf(now.toEpochMilli() + 7),
                Date.from(notBefore), Date.from(notAfter), new X500Name(subjectDn), key);
        sb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        sb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        sb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(DOCUMENT_SIGNING))));
        sb.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(root));
        sb.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
        return new JcaX509CertificateConverter().getCertificate(
                sb.build(new JcaContentSignerBuilder("SHA384withECDSA").build(rootKey.getPrivate())));
    }

    /** The same root with another transcript-signing key and certificate (another ceremony's). */
    TestPki withSigner(KeyPair key, X509Certificate cert) {
        return new TestPki(rootKey, root, key, cert);
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        return g.generateKeyPair();
    }
}
