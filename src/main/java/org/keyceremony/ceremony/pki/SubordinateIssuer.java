package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.keyceremony.base.AlgorithmRules;
import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.pki.CrlLint.LintFinding;
import org.keyceremony.ceremony.pki.CrlLint.Severity;
import org.keyceremony.ceremony.pki.SubjectKeyInput.ExistingCertificate;
import org.keyceremony.script.KeyAlgorithm;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.ProviderException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the certificates a living root issues (a subordinate CA, a cross-certificate, its OCSP
 * responder), in the two steps {@link CrlIssuer} has for CRLs. {@link #prepare} builds the
 * TBSCertificate, signs it with a throw-away software key only to have the whole certificate, and
 * lints it ({@link CertificateProfileLint}): the witness hears the summary, the findings and the TBS
 * SHA-256. {@link #sign} builds the same certificate again, has the HSM sign it, and checks the result
 * as an auditor would: the signature verifies with the root's public key, the contents are byte for
 * byte those confirmed, and the lint passes again. A certificate that fails any of these is never returned.
 *
 * <p>v3; serial as given; issuer the root certificate's subject byte for byte; validity in whole
 * seconds, UTCTime through 2049 and GeneralizedTime from 2050; the subject encoded as the root's is
 * (through X500Principal: PrintableString where the value allows it, else UTF8String), or for a
 * cross-certificate with no subject given the existing certificate's, byte for byte; the key's
 * SubjectPublicKeyInfo as it was read; extensions as {@link SubordinateExtensions} orders them.
 */
public final class SubordinateIssuer {
    private SubordinateIssuer() {
    }

    /** The certificate built, rehearsed and linted at the current time. */
    public static PreparedCertificate prepare(CertificateRequest request) throws KeyCeremonyException {
        return prepare(request, Instant.now());
    }

    /** Builds the certificate, signs it with a throw-away software key, and lints it as of {@code now}. Nothing touches the HSM. */
    public static PreparedCertificate prepare(CertificateRequest request, Instant now) throws KeyCeremonyException {
        Assembled built = assemble(request);
        byte[] tbs = tbs(built.rehearsed());
        String sha256 = Digests.sha256Hex(tbs);
        List<LintFinding> findings = CertificateProfileLint.check(built.rehearsed(), request, now);
        return new PreparedCertificate(request, tbs, sha256, findings,
                CertificateSummary.lines(request, built.rehearsed().toASN1Structure().getTBSCertificate(), built.sigAlg(), sha256));
    }

    /** {@link #sign(PreparedCertificate, HsmSigner, Instant)} at the current time. */
    public static X509Certificate sign(PreparedCertificate prepared, HsmSigner hsm) throws KeyCeremonyException {
        return sign(prepared, hsm, Instant.now());
    }

    /**
     * Signs the confirmed certificate with the root key in the HSM at {@code now}, then checks it: it is
     * the certificate the witness confirmed (same TBSCertificate bytes), its signature verifies with
     * the issuer certificate's public key, and it passes the lint. Refuses one with lint errors.
     */
    public static X509Certificate sign(PreparedCertificate prepared, HsmSigner hsm, Instant now) throws KeyCeremonyException {
        CertificateRequest request = prepared.request();
        Assembled built = assemble(request);
        byte[] tbs = tbs(built.rehearsed());
        if (!Arrays.equals(tbs, prepared.tbsDer())) {
            throw new KeyCeremonyException("The certificate built for signing (SHA-256 " + Digests.sha256Hex(tbs)
                    + ") is not the one confirmed (SHA-256 " + prepared.tbsSha256() + "). Nothing was signed by the HSM; "
                    + "nothing was written. Prepare the certificate again and have the witness confirm it.");
        }
        refuseErrors(CertificateProfileLint.check(built.rehearsed(), request, now), "The certificate fails its checks",
                "Nothing was signed by the HSM; nothing was written. Correct the script or the subordinate's key file.");
        X509Certificate cert;
        try {
            cert = new JcaX509CertificateConverter().getCertificate(built.builder().build(hsm.contentSigner(built.sigAlg())));
        } catch (OperatorCreationException | RuntimeOperatorException | ProviderException | GeneralSecurityException e) {
            throw new KeyCeremonyException("The HSM could not sign the certificate (" + e.getClass().getSimpleName() + "). Nothing was "
                    + "written. Check that the HSM holds the root key and is logged in, then retry the step.", e);
        }
        try {
            cert.verify(request.issuer().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new KeyCeremonyException("The certificate signed by the HSM does not verify with the root certificate's public key. "
                    + "It was discarded; nothing was written. Abort the ceremony and check that the HSM key is the root's key.", e);
        }
        try {
            if (!Arrays.equals(cert.getTBSCertificate(), prepared.tbsDer())) {
                throw new KeyCeremonyException("The HSM signed different certificate contents than were confirmed. "
                        + "The certificate was discarded; nothing was written. Abort the ceremony and investigate.");
            }
            refuseErrors(CertificateProfileLint.check(new X509CertificateHolder(cert.getEncoded()), request, now),
                    "The certificate signed by the HSM fails its checks", "It was discarded; nothing was written. Abort the ceremony and investigate.");
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyCeremonyException("The certificate signed by the HSM cannot be read back (" + e.getClass().getSimpleName()
                    + "). It was discarded; nothing was written. Abort the ceremony and investigate.", e);
        }
        return cert;
    }

    /** The certificate before the HSM: its builder, signature algorithm, and the throw-away-signed rehearsal. */
    private record Assembled(X509v3CertificateBuilder builder, String sigAlg, X509CertificateHolder rehearsed) {
    }

    private static Assembled assemble(CertificateRequest request) throws KeyCeremonyException {
        List<String> problems = request.profile().problems();
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The certificate profile cannot be encoded: " + String.join("; ", problems)
                    + ". Nothing was signed. Correct the script.");
        }
        if (!AlgorithmRules.DIGESTS.contains(request.digest())) {
            throw new InvalidInputException("certificate.digest must be one of " + String.join(", ", AlgorithmRules.DIGESTS)
                    + ", not " + request.digest());
        }
        X509Certificate issuer = request.issuer();
        KeyAlgorithm algorithm = SignatureAlgorithmRules.keyAlgorithm(issuer, "the certificate");
        String sigAlg = CertificateProfileRules.signatureAlgorithm(algorithm, request.digest());
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                    request.serial(), CertificateIssuer.time(request.notBefore()), CertificateIssuer.time(request.notAfter()),
                    subject(request), SubjectPublicKeyInfo.getInstance(request.subjectKey().spkiDer()));
            SubordinateExtensions.add(builder, request);
            KeyPair throwAway = CertificateIssuer.throwAwayKey(algorithm);
            X509CertificateHolder rehearsed = builder.build(new JcaContentSignerBuilder(sigAlg).build(throwAway.getPrivate()));
            if (!rehearsed.isSignatureValid(new JcaContentVerifierProviderBuilder().build(throwAway.getPublic()))) {
                throw new KeyCeremonyException("The rehearsed certificate does not verify with the throw-away key. Nothing was signed "
                        + "by the HSM; nothing was written. The software's signing is broken: do not continue.");
            }
            return new Assembled(builder, sigAlg, rehearsed);
        } catch (IOException | GeneralSecurityException | OperatorCreationException | CertException | IllegalArgumentException e) {
            throw new KeyCeremonyException("Building the certificate failed (" + e.getClass().getSimpleName() + "). Nothing was signed "
                    + "by the HSM; nothing was written. Check the script's certificate profile, then retry the step.", e);
        }
    }

    /** The subject as the script writes it, or for a cross-certificate without one, the existing certificate's. */
    private static X500Name subject(CertificateRequest request) throws InvalidInputException {
        if (request.subjectDn().isBlank()) {
            if (request.profile().name().equals(IssuanceProfile.CROSS) && request.subjectKey() instanceof ExistingCertificate e) {
                return X500Name.getInstance(e.structure().getSubject());
            }
            throw new InvalidInputException("The certificate's subject is empty; only a " + IssuanceProfile.CROSS + " certificate of an "
                    + "existing certificate takes that certificate's subject. Give the subject in the script.");
        }
        try {
            return X500Name.getInstance(new X500Principal(request.subjectDn()).getEncoded());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The certificate's subject \"" + request.subjectDn() + "\" is not a distinguished name "
                    + "(RFC 4514), e.g. 'CN=Example Issuing CA, O=Example Ltd, C=NL'.");
        }
    }

    private static void refuseErrors(List<LintFinding> findings, String what, String consequence) throws KeyCeremonyException {
        List<String> errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).map(LintFinding::describe).toList();
        if (!errors.isEmpty()) {
            throw new KeyCeremonyException(what + ": " + String.join("; ", errors) + ". " + consequence);
        }
    }

    private static byte[] tbs(X509CertificateHolder cert) throws KeyCeremonyException {
        try {
            return cert.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new KeyCeremonyException("The certificate cannot be encoded (" + e.getClass().getSimpleName() + "). Nothing was signed.", e);
        }
    }
}
