package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.keyceremony.script.CertificateProfile;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.base.KeyCeremonyException;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.KeyPairGenerator;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

/**
 * Builds the root's self-signed certificate and the transcript-signing certificate.
 *
 * <p>The root certificate is signed twice: first by a throw-away software key, and the
 * result is linted; then by the HSM, and the TBS bytes of both must be identical and the
 * HSM's signature must verify with the root public key. A certificate that fails any of
 * these never reaches the token or a file.
 */
public final class CertificateIssuer {
    /** id-kp-documentSigning, RFC 9336. */
    public static final ASN1ObjectIdentifier ID_KP_DOCUMENT_SIGNING = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36");

    private CertificateIssuer() {
    }

    /**
     * The serial from HSM random bytes: positive, at least 64 random bits (BR 7.1). We use
     * 16 bytes with the top bit cleared, i.e. 127 random bits.
     */
    public static BigInteger serialFrom(byte[] hsmRandom) {
        if (hsmRandom.length < 9) {
            throw new IllegalArgumentException("need at least 9 random bytes for a serial");
        }
        byte[] b = Arrays.copyOf(hsmRandom, Math.min(hsmRandom.length, 16));
        b[0] &= 0x7f;
        BigInteger serial = new BigInteger(1, b);
        return serial.signum() == 0 ? BigInteger.ONE : serial;
    }

    /**
     * Builds, pre-checks, HSM-signs and verifies the self-signed root certificate signed at
     * {@code signing} (whole seconds). Extensions come in the order real roots have them (ISRG Root
     * X1/X2, GTS Root R1/R4): keyUsage, basicConstraints, subjectKeyIdentifier.
     */
    public static X509Certificate selfSignRoot(CertificateProfile profile, KeyAlgorithm algorithm, PublicKey rootPublicKey,
                                               BigInteger serial, Instant signing, HsmSigner hsm)
            throws KeyCeremonyException {
        signing = signing.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String sigAlg = CertificateProfileRules.signatureAlgorithm(algorithm, profile.digest());
        X500Name subject = X500Name.getInstance(new javax.security.auth.x500.X500Principal(profile.subjectDn()).getEncoded());
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(subject, serial,
                    time(profile.validity().notBefore(signing)), time(profile.validity().notAfter(signing)), subject,
                    SubjectPublicKeyInfo.getInstance(rootPublicKey.getEncoded()));
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.keyUsage, true, RootKeyUsage.of(profile.keyUsage()));
            builder.addExtension(Extension.basicConstraints, true, profile.pathLength() == null
                    ? new BasicConstraints(true) : new BasicConstraints(profile.pathLength()));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(rootPublicKey));

            X509CertificateHolder rehearsed = rehearse(builder, algorithm, sigAlg);
            CertificateLint.checkRoot(rehearsed, profile, signing);

            X509CertificateHolder signed = builder.build(hsm.contentSigner(sigAlg));
            if (!Arrays.equals(rehearsed.toASN1Structure().getTBSCertificate().getEncoded(),
                    signed.toASN1Structure().getTBSCertificate().getEncoded())) {
                throw new KeyCeremonyException("The HSM signed different certificate contents than were checked. "
                        + "The certificate was discarded; nothing was stored. Abort the ceremony and investigate.");
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(signed);
            verifySignedBy(cert, rootPublicKey, "root certificate");
            return cert;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new KeyCeremonyException("Building the root certificate failed (" + e.getClass().getSimpleName()
                    + "). Nothing was stored. Check the certificate profile and the HSM, then retry the step.", e);
        }
    }

    /**
     * How long a transcript-signing certificate is valid: two years, or until the root expires if that
     * is sooner. The verifier checks the chain at the transcript's signing time, so the certificate
     * need not outlive the audit of the ceremony; tools that check at today's date (pdfsig) see it
     * valid through the audit period. The reason is in docs/threat-model.md.
     */
    public static final Duration TRANSCRIPT_SIGNER_VALIDITY = Duration.ofDays(731);

    /**
     * The transcript-signing certificate: end-entity, KU digitalSignature + nonRepudiation,
     * EKU id-kp-documentSigning, CA:FALSE, AKI = the issuer's SKI (keyIdentifier only, BR 7.1.2.11.1),
     * valid {@link #TRANSCRIPT_SIGNER_VALIDITY} from {@code notBefore} but never past the issuer.
     * {@code root} is its issuer: the root, or the ceremony CA when the script asks for one.
     */
    public static X509Certificate issueTranscriptCertificate(X509Certificate root, String digest, KeyAlgorithm rootAlgorithm,
                                                             PublicKey transcriptKey, String subjectDn,
                                                             BigInteger serial, Instant notBefore, HsmSigner rootSigner)
            throws KeyCeremonyException {
        String sigAlg = CertificateProfileRules.signatureAlgorithm(rootAlgorithm, digest);
        try {
            X509v3CertificateBuilder builder = underIssuer(root, transcriptKey, subjectDn, serial, notBefore);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.getInstance(ID_KP_DOCUMENT_SIGNING)));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(transcriptKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(rootKeyId(root)));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(rootSigner.contentSigner(sigAlg)));
            verifySignedBy(cert, root.getPublicKey(), "transcript-signing certificate");
            return cert;
        } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
            throw new KeyCeremonyException("Issuing the transcript-signing certificate failed ("
                    + e.getClass().getSimpleName() + "). Retry the step; if it fails again, check the HSM.", e);
        }
    }

    /**
     * A ceremony CA's certificate ({@code policy.transcript-signer: issued-by-ceremony-ca}): CA:TRUE
     * with pathLenConstraint 0, KU keyCertSign + cRLSign, EKU id-kp-documentSigning (a technically
     * constrained CA that can certify only end-entities for document signing), SKI, AKI = the root's
     * SKI; valid as a transcript-signing certificate is ({@link #TRANSCRIPT_SIGNER_VALIDITY}, never
     * past the root). Its key certifies one transcript-signing key and is destroyed.
     */
    public static X509Certificate issueCeremonyCaCertificate(X509Certificate root, String digest, KeyAlgorithm rootAlgorithm,
                                                             PublicKey caKey, String subjectDn, BigInteger serial,
                                                             Instant notBefore, HsmSigner rootSigner)
            throws KeyCeremonyException {
        String sigAlg = CertificateProfileRules.signatureAlgorithm(rootAlgorithm, digest);
        try {
            X509v3CertificateBuilder builder = underIssuer(root, caKey, subjectDn, serial, notBefore);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.getInstance(ID_KP_DOCUMENT_SIGNING)));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(rootKeyId(root)));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(rootSigner.contentSigner(sigAlg)));
            verifySignedBy(cert, root.getPublicKey(), "ceremony CA certificate");
            return cert;
        } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
            throw new KeyCeremonyException("Issuing the ceremony CA certificate failed (" + e.getClass().getSimpleName()
                    + "). Retry the step; if it fails again, check the HSM.", e);
        }
    }

    /**
     * A certificate builder for {@code subjectKey} under {@code issuer}, valid
     * {@link #TRANSCRIPT_SIGNER_VALIDITY} from {@code notBefore} but never past the issuer.
     */
    private static X509v3CertificateBuilder underIssuer(X509Certificate issuer, PublicKey subjectKey, String subjectDn,
                                                        BigInteger serial, Instant notBefore) {
        X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        X500Name subject = X500Name.getInstance(new javax.security.auth.x500.X500Principal(subjectDn).getEncoded());
        Instant notAfter = notBefore.plus(TRANSCRIPT_SIGNER_VALIDITY);
        if (notAfter.isAfter(issuer.getNotAfter().toInstant())) {
            notAfter = issuer.getNotAfter().toInstant();
        }
        return new X509v3CertificateBuilder(issuerName, serial, time(notBefore), time(notAfter), subject,
                SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
    }

    /**
     * The root's own subjectKeyIdentifier (BR 7.1.2.11.1: the AKI is identical to it), or one computed
     * from its key by RFC 5280 4.2.1.2 method 1 (SHA-1 of the subjectPublicKey bits). Certificates and
     * CRLs the root signs carry it as their authorityKeyIdentifier.
     */
    static byte[] rootKeyId(X509Certificate root) throws GeneralSecurityException {
        byte[] ext = root.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext != null) {
            return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
        }
        return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(root.getPublicKey()).getKeyIdentifier();
    }

    /**
     * A certificate time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), whole
     * seconds, in UTC ("Z"), which BC's {@link Time} chooses by the year.
     */
    static Time time(Instant instant) {
        return new Time(Date.from(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), java.util.Locale.ROOT);
    }

    /**
     * A throw-away software key of the root's algorithm (RSA-2048 or EC P-256; only the
     * signature algorithm's identifier must match the HSM's, and it lands in the TBS). Made
     * once per process and never stored: its only use is to sign the certificate once before
     * the HSM does, so that the whole certificate, signature included, is built and checked
     * without the HSM. (A new RSA key per ceremony cost about a second of every RSA root
     * ceremony; see docs/performance.md.) {@link CrlIssuer} rehearses the root's CRLs with it too.
     */
    static KeyPair throwAwayKey(KeyAlgorithm algorithm) throws GeneralSecurityException {
        synchronized (THROW_AWAY) {
            KeyPair kp = THROW_AWAY.get(algorithm);
            if (kp == null) {
                KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm == KeyAlgorithm.RSA ? "RSA" : "EC");
                if (algorithm == KeyAlgorithm.RSA) {
                    g.initialize(2048);
                } else {
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                }
                kp = g.generateKeyPair();
                THROW_AWAY.put(algorithm, kp);
            }
            return kp;
        }
    }

    private static final java.util.Map<KeyAlgorithm, KeyPair> THROW_AWAY = new java.util.EnumMap<>(KeyAlgorithm.class);

    /** Signs with the throw-away key and checks that signature, so the rehearsed certificate is whole. */
    private static X509CertificateHolder rehearse(X509v3CertificateBuilder builder, KeyAlgorithm algorithm, String sigAlg)
            throws GeneralSecurityException, OperatorCreationException, KeyCeremonyException {
        KeyPair throwAway = throwAwayKey(algorithm);
        X509CertificateHolder rehearsed = builder.build(new JcaContentSignerBuilder(sigAlg).build(throwAway.getPrivate()));
        verifySignedBy(new JcaX509CertificateConverter().getCertificate(rehearsed), throwAway.getPublic(),
                "rehearsed root certificate");
        return rehearsed;
    }

    private static void verifySignedBy(X509Certificate cert, PublicKey key, String what) throws KeyCeremonyException {
        try {
            cert.verify(key);
        } catch (GeneralSecurityException e) {
            throw new KeyCeremonyException("The " + what + " signed by the HSM does not verify with the expected public key. "
                    + "It was discarded; nothing was stored. Abort the ceremony and investigate the HSM.", e);
        }
    }

    /** DER to X509Certificate, for certificates read back from a token or a file. */
    public static X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }
}
