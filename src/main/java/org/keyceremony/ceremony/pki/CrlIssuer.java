package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.pki.CrlLint.LintFinding;
import org.keyceremony.ceremony.pki.CrlLint.Severity;
import org.keyceremony.script.KeyAlgorithm;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.ProviderException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the root's CRL (an ARL: it lists revoked CA certificates), in two steps the ceremony
 * keeps apart. {@link #prepare} builds it, signs it with a throw-away software key only to have
 * the whole CRL, and lints it: the witness hears the summary and the findings. {@link #sign}
 * builds the same CRL again, has the HSM sign it, and checks the result as an auditor would: the
 * signature verifies with the root's public key, the contents are byte for byte those confirmed,
 * and the lint passes again. A CRL that fails any of these is never returned.
 *
 * <p>The CRL is v2; its issuer is the root certificate's subject, byte for byte; thisUpdate and
 * nextUpdate in whole seconds, UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280
 * 5.1.2.4); extensions authorityKeyIdentifier (keyIdentifier only) then cRLNumber, both
 * non-critical; each entry carries a non-critical reasonCode and nothing else; entries in serial
 * order, so that the same request always gives the same bytes.
 */
public final class CrlIssuer {
    private static final Set<String> DIGESTS = Set.of("SHA-256", "SHA-384", "SHA-512");

    private CrlIssuer() {
    }

    /** The CRL built, rehearsed and linted at the current time. */
    public static PreparedCrl prepare(CrlRequest request) throws KeyCeremonyException {
        return prepare(request, Instant.now());
    }

    /**
     * Builds the CRL, signs it with a throw-away software key to get its TBSCertList, and lints
     * it as of {@code now}. Nothing touches the HSM. The CRL number is the previous CRL's plus one,
     * or 1 for the first; a previous CRL not signed by the root's key, not issued under its name,
     * or without a number is refused.
     */
    public static PreparedCrl prepare(CrlRequest request, Instant now) throws KeyCeremonyException {
        Assembled built = assemble(request);
        byte[] tbs = tbs(built.rehearsed());
        String sha256 = sha256(tbs);
        List<LintFinding> findings = CrlLint.check(built.rehearsed(), request.issuer(), request.previous(), now);
        return new PreparedCrl(request, built.number(), tbs, sha256, findings, summary(request, built, sha256));
    }

    /**
     * Signs the confirmed CRL with the root key in the HSM, then checks it: it is the CRL the
     * witness confirmed (same TBSCertList bytes), its signature verifies with the issuer
     * certificate's public key, and it passes the lint. Refuses a prepared CRL with lint errors.
     */
    public static X509CRL sign(PreparedCrl prepared, HsmSigner hsm) throws KeyCeremonyException {
        CrlRequest request = prepared.request();
        Assembled built = assemble(request);
        if (!Arrays.equals(tbs(built.rehearsed()), prepared.tbsDer())) {
            throw new KeyCeremonyException("The CRL built for signing (SHA-256 " + sha256(tbs(built.rehearsed()))
                    + ") is not the one confirmed (SHA-256 " + prepared.tbsSha256() + "). Nothing was signed by the HSM; "
                    + "nothing was written. Prepare the CRL again and have the witness confirm it.");
        }
        refuseErrors(CrlLint.check(built.rehearsed(), request.issuer(), request.previous(), Instant.now()),
                "The CRL fails its checks", "Nothing was signed by the HSM; nothing was written. Correct the CRL request.");
        X509CRL crl;
        try {
            X509CRLHolder signed = built.builder().build(hsm.contentSigner(built.sigAlg()));
            crl = new JcaX509CRLConverter().getCRL(signed);
        } catch (OperatorCreationException | RuntimeOperatorException | ProviderException | GeneralSecurityException e) {
            throw new KeyCeremonyException("The HSM could not sign the CRL (" + e.getClass().getSimpleName() + "). "
                    + "Nothing was written. Check that the HSM holds the root key and is logged in, then retry the step.", e);
        }
        try {
            crl.verify(request.issuer().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new KeyCeremonyException("The CRL signed by the HSM does not verify with the root certificate's public key. "
                    + "It was discarded; nothing was written. Abort the ceremony and check that the HSM key is the root's key.", e);
        }
        try {
            if (!Arrays.equals(crl.getTBSCertList(), prepared.tbsDer())) {
                throw new KeyCeremonyException("The HSM signed different CRL contents than were confirmed. "
                        + "The CRL was discarded; nothing was written. Abort the ceremony and investigate.");
            }
            refuseErrors(CrlLint.check(new X509CRLHolder(crl.getEncoded()), request.issuer(), request.previous(), Instant.now()),
                    "The CRL signed by the HSM fails its checks", "It was discarded; nothing was written. Abort the ceremony and investigate.");
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyCeremonyException("The CRL signed by the HSM cannot be read back (" + e.getClass().getSimpleName()
                    + "). It was discarded; nothing was written. Abort the ceremony and investigate.", e);
        }
        return crl;
    }

    /** The CRL before the HSM: its builder, signature algorithm, number, and the throw-away-signed rehearsal. */
    private record Assembled(X509v2CRLBuilder builder, String sigAlg, BigInteger number, X509CRLHolder rehearsed) {
    }

    private static Assembled assemble(CrlRequest request) throws KeyCeremonyException {
        if (!DIGESTS.contains(request.digest())) {
            throw new KeyCeremonyException("crl.digest must be one of SHA-256, SHA-384, SHA-512, not " + request.digest());
        }
        X509Certificate issuer = request.issuer();
        KeyAlgorithm algorithm = SignatureAlgorithmRules.keyAlgorithm(issuer, "its CRL");
        String sigAlg = CertificateProfileRules.signatureAlgorithm(algorithm, request.digest());
        BigInteger number = request.previous().isPresent() ? previousNumber(request.previous().get(), issuer).add(BigInteger.ONE)
                : BigInteger.ONE;
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                    CertificateIssuer.time(request.thisUpdate()));
            builder.setNextUpdate(CertificateIssuer.time(request.nextUpdate()));
            for (Revocation r : sorted(request.entries())) {
                builder.addCRLEntry(r.serial(), Date.from(r.revoked().truncatedTo(ChronoUnit.SECONDS)), new Extensions(
                        Extension.create(Extension.reasonCode, false, CRLReason.lookup(r.reason().code()))));
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(CertificateIssuer.rootKeyId(issuer)));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            KeyPair throwAway = CertificateIssuer.throwAwayKey(algorithm);
            X509CRLHolder rehearsed = builder.build(new JcaContentSignerBuilder(sigAlg).build(throwAway.getPrivate()));
            if (!rehearsed.isSignatureValid(new JcaContentVerifierProviderBuilder().build(throwAway.getPublic()))) {
                throw new KeyCeremonyException("The rehearsed CRL does not verify with the throw-away key. Nothing was signed "
                        + "by the HSM; nothing was written. The software's signing is broken: do not continue.");
            }
            return new Assembled(builder, sigAlg, number, rehearsed);
        } catch (IOException | GeneralSecurityException | OperatorCreationException | CertException | IllegalArgumentException e) {
            throw new KeyCeremonyException("Building the CRL failed (" + e.getClass().getSimpleName() + "). Nothing was signed "
                    + "by the HSM; nothing was written. Check the CRL request, then retry the step.", e);
        }
    }

    /**
     * The previous CRL's number, once it is shown to be this root's: issued under the root's name
     * (byte for byte), signed by the root's key, and numbered.
     */
    private static BigInteger previousNumber(X509CRL previous, X509Certificate issuer) throws KeyCeremonyException {
        if (!Arrays.equals(previous.getIssuerX500Principal().getEncoded(), issuer.getSubjectX500Principal().getEncoded())) {
            throw new KeyCeremonyException("The previous CRL was issued by \"" + previous.getIssuerX500Principal().getName()
                    + "\", not by this root (\"" + issuer.getSubjectX500Principal().getName() + "\"). Nothing was signed. "
                    + "Give the root's own last CRL.");
        }
        try {
            previous.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new KeyCeremonyException("The previous CRL's signature does not verify with the root certificate's public key: "
                    + "it was not signed by this root's key. Nothing was signed. Give the root's own last CRL.", e);
        }
        return CrlLint.crlNumber(previous).orElseThrow(() -> new KeyCeremonyException("The previous CRL carries no cRLNumber, "
                + "so the next number cannot follow it. Nothing was signed. Give the root's own last CRL."));
    }

    private static List<Revocation> sorted(List<Revocation> entries) {
        return entries.stream().sorted(Comparator.comparing(Revocation::serial)).collect(Collectors.toList());
    }

    /** The lines the witness hears before the HSM signs, in the CRL's order. */
    private static List<String> summary(CrlRequest request, Assembled built, String sha256) {
        List<String> lines = new ArrayList<>();
        lines.add("Issuer: " + request.issuer().getSubjectX500Principal().getName());
        lines.add("CRL number: " + built.number());
        lines.add("This update: " + request.thisUpdate().truncatedTo(ChronoUnit.SECONDS));
        lines.add("Next update: " + request.nextUpdate().truncatedTo(ChronoUnit.SECONDS));
        List<Revocation> entries = sorted(request.entries());
        lines.add(entries.isEmpty() ? "Revoked certificates: none" : "Revoked certificates: " + entries.size());
        for (Revocation r : entries) {
            lines.add("  serial " + CrlLint.hex(r.serial()) + ", " + r.revoked().truncatedTo(ChronoUnit.SECONDS) + ", " + r.reason().rfcName());
        }
        lines.add("Signature algorithm: " + built.sigAlg());
        lines.add("To be signed, SHA-256: " + sha256);
        return lines;
    }

    private static void refuseErrors(List<LintFinding> findings, String what, String consequence) throws KeyCeremonyException {
        List<String> errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).map(LintFinding::describe).toList();
        if (!errors.isEmpty()) {
            throw new KeyCeremonyException(what + ": " + String.join("; ", errors) + ". " + consequence);
        }
    }

    private static byte[] tbs(X509CRLHolder crl) throws KeyCeremonyException {
        try {
            return crl.toASN1Structure().getTBSCertList().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new KeyCeremonyException("The CRL cannot be encoded (" + e.getClass().getSimpleName() + "). Nothing was signed.", e);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
