package org.keyceremony.transcript;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.keyceremony.base.Digests;

/**
 * Judges the signer's certificate against the root embedded with it: the transcript-signing
 * certificate must be issued by a self-signed CA root (directly, or through a ceremony CA the
 * root issued: pathLenConstraint 0, constrained to document signing), carry digitalSignature and
 * id-kp-documentSigning, and all must be valid at the claimed signing time. The root's
 * fingerprint is compared with the one the auditor brought, when given.
 */
final class ChainChecks {
    /** id-kp-documentSigning (RFC 9336). */
    static final String DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36";

    private ChainChecks() {
    }

    /**
     * Returns the chain (the signer, the ceremony CA when one issued it, the root), or null when
     * it does not hold. (That the signature embeds nothing else is {@code cms-encoding}'s rule.)
     */
    static SigningChain chain(SignatureChecks.Found found, List<Check> out) {
        X509Certificate signer = found.signer();
        X509Certificate issuer = issuerOf(signer, found.certificates());
        if (issuer == null) {
            out.add(Check.fail("chain", "the signer's issuer " + signer.getIssuerX500Principal().toString()
                    + " is not embedded in the signature"));
            return null;
        }
        X509Certificate ceremonyCa = null;
        X509Certificate root = issuer;
        if (!issuer.getSubjectX500Principal().equals(issuer.getIssuerX500Principal())) {
            ceremonyCa = issuer;
            root = issuerOf(ceremonyCa, found.certificates());
            if (root == null) {
                out.add(Check.fail("chain", "the issuer of the signer's CA " + ceremonyCa.getIssuerX500Principal()
                        .toString() + " is not embedded in the signature"));
                return null;
            }
        }
        List<String> problems = new ArrayList<>();
        if (!verifies(signer, issuer)) {
            problems.add("the signer's certificate is not signed by " + (ceremonyCa == null ? "the embedded root"
                    : "the embedded ceremony CA"));
        }
        if (!root.getSubjectX500Principal().equals(root.getIssuerX500Principal()) || !verifies(root, root)) {
            problems.add("the embedded root is not self-signed");
        }
        if (root.getBasicConstraints() < 0) {
            problems.add("the embedded root is not a CA (basicConstraints)");
        }
        if (root.getKeyUsage() != null && !root.getKeyUsage()[5]) {
            problems.add("the embedded root lacks keyCertSign");
        }
        if (!identifiersLink(signer, issuer)) {
            problems.add("the signer's authority key identifier does not match its issuer's subject key identifier");
        }
        if (ceremonyCa != null) {
            ceremonyCaProblems(ceremonyCa, root, problems);
        }
        if (signer.getBasicConstraints() >= 0) {
            problems.add("the signer's certificate is a CA certificate, not an end-entity");
        }
        if (signer.getKeyUsage() == null || !signer.getKeyUsage()[0]) {
            problems.add("the signer's certificate lacks key usage digitalSignature");
        }
        if (!hasDocumentSigning(signer)) {
            problems.add("the signer's certificate lacks extended key usage id-kp-documentSigning ("
                    + DOCUMENT_SIGNING + ")");
        }
        Instant when = found.claimedSigningTime();
        if (when == null) {
            problems.add("the signature carries no signing time (/M)");
        } else {
            if (!validAt(signer, when)) {
                problems.add("the signer's certificate was not valid at the signing time " + when);
            }
            if (ceremonyCa != null && !validAt(ceremonyCa, when)) {
                problems.add("the ceremony CA's certificate was not valid at the signing time " + when);
            }
            if (!validAt(root, when)) {
                problems.add("the root certificate was not valid at the signing time " + when);
            }
        }
        if (!problems.isEmpty()) {
            out.add(Check.fail("chain", String.join("; ", problems)));
            return null;
        }
        out.add(Check.pass("chain", "signer " + signer.getSubjectX500Principal().toString() + " is certified "
                + (ceremonyCa == null ? "" : "by ceremony CA " + ceremonyCa.getSubjectX500Principal().toString()
                + ", itself certified ") + "by root " + root.getSubjectX500Principal().toString()
                + " for document signing, valid at " + when));
        return new SigningChain(signer, Optional.ofNullable(ceremonyCa), root);
    }

    /**
     * What a ceremony CA must be: issued by the root (keys identified), a CA that can certify
     * only end-entities (pathLenConstraint 0), for keyCertSign, and technically constrained to
     * document signing, so that it can certify nothing a browser or a TLS client would accept.
     */
    private static void ceremonyCaProblems(X509Certificate ca, X509Certificate root, List<String> problems) {
        if (!verifies(ca, root)) {
            problems.add("the ceremony CA's certificate is not signed by the embedded root");
        }
        if (!identifiersLink(ca, root)) {
            problems.add("the ceremony CA's authority key identifier does not match the root's subject key identifier");
        }
        if (ca.getBasicConstraints() != 0) {
            problems.add(ca.getBasicConstraints() < 0 ? "the certificate between the signer and the root is not a CA"
                    : "the ceremony CA's path length is not limited to 0");
        }
        if (ca.getKeyUsage() == null || !ca.getKeyUsage()[5]) {
            problems.add("the ceremony CA's certificate lacks key usage keyCertSign");
        }
        if (!hasDocumentSigning(ca)) {
            problems.add("the ceremony CA is not constrained to document signing (extended key usage "
                    + DOCUMENT_SIGNING + ")");
        }
    }

    /** The embedded certificate, other than {@code cert}, whose subject is {@code cert}'s issuer; null if none. */
    private static X509Certificate issuerOf(X509Certificate cert, List<X509Certificate> embedded) {
        for (X509Certificate c : embedded) {
            if (!c.equals(cert) && c.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                return c;
            }
        }
        return null;
    }

    private static boolean identifiersLink(X509Certificate cert, X509Certificate issuer) {
        byte[] aki = authorityKeyId(cert);
        byte[] ski = subjectKeyId(issuer);
        return aki != null && ski != null && Arrays.equals(aki, ski);
    }

    private static boolean hasDocumentSigning(X509Certificate cert) {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            return eku != null && eku.contains(DOCUMENT_SIGNING);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** Compares the root's SHA-256 fingerprint with the expected one (hex, colons and case ignored). */
    static void fingerprint(X509Certificate root, String expected, List<Check> out) {
        String want = normalise(expected);
        if (!want.matches("[0-9a-f]{64}")) {
            out.add(Check.fail("root-fingerprint", "the expected fingerprint is not 64 hexadecimal digits"));
            return;
        }
        if (root == null) {
            out.add(Check.fail("root-fingerprint", "no root certificate to compare: no valid signature with a valid chain was found"));
            return;
        }
        try {
            String have = Digests.sha256Hex(root.getEncoded());
            out.add(have.equals(want)
                    ? Check.pass("root-fingerprint", "the root's SHA-256 fingerprint is the expected " + have)
                    : Check.fail("root-fingerprint", "the root's SHA-256 fingerprint is " + have
                            + ", not the expected " + want + ": signed under another root"));
        } catch (java.security.cert.CertificateEncodingException e) {
            out.add(Check.fail("root-fingerprint", "the root certificate cannot be encoded"));
        }
    }

    /** Lower-case hex without colons or spaces. */
    static String normalise(String fingerprint) {
        return fingerprint.replace(":", "").replace(" ", "").strip().toLowerCase(Locale.ROOT);
    }

    private static boolean verifies(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean validAt(X509Certificate cert, Instant when) {
        try {
            cert.checkValidity(Date.from(when));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] authorityKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        try {
            return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifierOctets();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] subjectKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext == null) {
            return null;
        }
        try {
            return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
