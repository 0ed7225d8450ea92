package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CRLHolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a root's CRL (an ARL: it covers CA certificates) before the HSM signs it and again after:
 * each rule has a name and the RFC 5280 / CA/B Forum Baseline Requirements section it holds. The
 * builder makes a CRL that passes by construction; this is the second pair of eyes, on the bytes.
 */
public final class CrlLint {
    /** An ERROR stops the signing; a WARNING is read to the witness, who decides. */
    public enum Severity { ERROR, WARNING }

    /** One broken rule: its name (e.g. {@code crl-validity}), the section it comes from, and what is wrong. */
    public record LintFinding(String rule, String section, Severity severity, String message) {
        /** One line for the transcript and the witness: {@code ERROR crl-validity (BR 4.9.7): ...}. */
        public String describe() {
            return severity + " " + rule + " (" + section + "): " + message;
        }
    }

    private enum Rule {
        VERSION("crl-version", "RFC 5280 5.1.2.1; BR 7.2.1"),
        ISSUER_NAME("crl-issuer-name", "RFC 5280 5.1.2.3; BR 7.2"),
        SIGNATURE_ALGORITHM("crl-signature-algorithm", "BR 7.1.3.2; BR 7.2"),
        NEXT_UPDATE_PRESENT("crl-next-update-present", "RFC 5280 5.1.2.5; BR 7.2"),
        VALIDITY("crl-validity", "BR 4.9.7; BR 7.2"),
        THIS_UPDATE_TIME("crl-this-update-time", "RFC 5280 5.1.2.4"),
        TIME_ENCODING("crl-time-encoding", "RFC 5280 5.1.2.4, 5.1.2.5, 5.1.2.6"),
        AKI("crl-aki", "RFC 5280 5.2.1; BR 7.2.2, 7.1.2.11.1"),
        NUMBER("crl-number", "RFC 5280 5.2.3; BR 7.2.2"),
        NO_UNKNOWN_EXTENSIONS("crl-no-unknown-extensions", "BR 7.2.2"),
        ENTRY_REASON("crl-entry-reason", "BR 7.2.2; RFC 5280 5.3.1"),
        ENTRY_SERIAL("crl-entry-serial", "RFC 5280 5.1.2.6, 4.1.2.2"),
        ENTRY_DATE("crl-entry-date", "RFC 5280 5.1.2.6"),
        PREVIOUS_ENTRIES("crl-previous-entries", "RFC 5280 3.3; BR 7.2"),
        ISSUER_IS_CA("crl-issuer-is-ca", "RFC 5280 4.2.1.3, 4.2.1.9");

        final String id;
        final String section;

        Rule(String id, String section) {
            this.id = id;
            this.section = section;
        }
    }

    private static final Duration CLOCK_TOLERANCE = Duration.ofHours(48);

    private CrlLint() {
    }

    /** Every finding on a built CRL: those of its TBSCertList, and its outer signatureAlgorithm equal to the inner one. */
    public static List<LintFinding> check(X509CRLHolder crl, X509Certificate issuer, Optional<X509CRL> previous, Instant now) {
        List<LintFinding> findings = new ArrayList<>(check(crl.toASN1Structure().getTBSCertList(), issuer, previous, now));
        if (!Arrays.equals(der(crl.toASN1Structure().getSignatureAlgorithm()), der(crl.toASN1Structure().getTBSCertList().getSignature()))) {
            findings.add(finding(Rule.SIGNATURE_ALGORITHM, Severity.ERROR, "signatureAlgorithm differs from tbsCertList.signature"));
        }
        return List.copyOf(findings);
    }

    /** Every finding on a TBSCertList the root {@code issuer} is to sign at about {@code now}, after {@code previous}. */
    public static List<LintFinding> check(TBSCertList tbs, X509Certificate issuer, Optional<X509CRL> previous, Instant now) {
        List<LintFinding> out = new ArrayList<>();
        run(out, Rule.VERSION, () -> tbs.getVersionNumber() == 2 ? null : "version is v" + tbs.getVersionNumber() + ", not v2");
        run(out, Rule.ISSUER_NAME, () -> Arrays.equals(der(tbs.getIssuer()), issuer.getSubjectX500Principal().getEncoded()) ? null
                : "issuer is not byte-for-byte the issuer certificate's subject");
        run(out, Rule.SIGNATURE_ALGORITHM, () -> SignatureAlgorithmRules.problem(tbs.getSignature(), issuer.getPublicKey()));
        run(out, Rule.NEXT_UPDATE_PRESENT, () -> tbs.getNextUpdate() == null ? "nextUpdate is absent" : null);
        run(out, Rule.VALIDITY, () -> validity(tbs));
        Instant thisUpdate = tbs.getThisUpdate().getDate().toInstant();
        if (Duration.between(thisUpdate, now).abs().compareTo(CLOCK_TOLERANCE) > 0) {
            out.add(finding(Rule.THIS_UPDATE_TIME, Severity.WARNING, "thisUpdate " + thisUpdate + " is more than 48 hours from now ("
                    + now.truncatedTo(ChronoUnit.SECONDS) + "): check the date and the computer's clock"));
        }
        run(out, Rule.TIME_ENCODING, () -> timeEncoding(tbs));
        run(out, Rule.AKI, () -> aki(tbs.getExtensions(), issuer));
        run(out, Rule.NUMBER, () -> number(tbs.getExtensions(), previous));
        Extensions extensions = tbs.getExtensions();
        for (ASN1ObjectIdentifier oid : extensions == null ? new ASN1ObjectIdentifier[0] : extensions.getExtensionOIDs()) {
            if (!oid.equals(Extension.authorityKeyIdentifier) && !oid.equals(Extension.cRLNumber)) {
                boolean critical = extensions.getExtension(oid).isCritical();
                out.add(finding(Rule.NO_UNKNOWN_EXTENSIONS, critical ? Severity.ERROR : Severity.WARNING, (critical ? "critical" : "non-critical")
                        + " extension " + oid + " is not one a root's full CRL carries (authorityKeyIdentifier and cRLNumber only)"));
            }
        }
        Set<BigInteger> serials = new HashSet<>();
        for (TBSCertList.CRLEntry entry : tbs.getRevokedCertificates()) {
            BigInteger serial = entry.getUserCertificate().getValue();
            String name = "serial " + hex(serial);
            boolean first = serials.add(serial);
            run(out, Rule.ENTRY_SERIAL, () -> serial.signum() <= 0 ? name + " is not positive"
                    : serial.toByteArray().length > 20 ? name + " is longer than 20 octets"
                    : first ? null : name + " appears more than once");
            run(out, Rule.ENTRY_DATE, () -> entry.getRevocationDate().getDate().toInstant().isAfter(thisUpdate)
                    ? name + " is revoked at " + entry.getRevocationDate().getDate().toInstant() + ", after thisUpdate " + thisUpdate : null);
            entryExtensions(out, name, entry.getExtensions());
        }
        previous.ifPresent(p -> previousEntries(out, p, serials));
        run(out, Rule.ISSUER_IS_CA, () -> issuer.getBasicConstraints() < 0 ? "the issuer certificate is not a CA (no basicConstraints CA:TRUE)"
                : issuer.getKeyUsage() == null || issuer.getKeyUsage().length < 7 || !issuer.getKeyUsage()[6]
                ? "the issuer certificate's keyUsage does not assert cRLSign" : null);
        return List.copyOf(out);
    }

    /** The cRLNumber of a CRL, if it carries a readable one. */
    static Optional<BigInteger> crlNumber(X509CRL crl) {
        byte[] value = crl.getExtensionValue(Extension.cRLNumber.getId());
        try {
            return value == null ? Optional.empty()
                    : Optional.of(ASN1Integer.getInstance(ASN1OctetString.getInstance(value).getOctets()).getValue());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A serial as openssl prints it: the magnitude's octets in upper-case hex. */
    static String hex(BigInteger serial) {
        byte[] b = serial.abs().toByteArray();
        int from = b.length > 1 && b[0] == 0 ? 1 : 0;
        return (serial.signum() < 0 ? "-" : "") + HexFormat.of().withUpperCase().formatHex(b, from, b.length);
    }

    private static String validity(TBSCertList tbs) {
        if (tbs.getNextUpdate() == null) {
            return null;
        }
        Instant thisUpdate = tbs.getThisUpdate().getDate().toInstant();
        Instant nextUpdate = tbs.getNextUpdate().getDate().toInstant();
        if (!nextUpdate.isAfter(thisUpdate)) {
            return "nextUpdate " + nextUpdate + " is not after thisUpdate " + thisUpdate;
        }
        return nextUpdate.isAfter(thisUpdate.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant())
                ? "nextUpdate " + nextUpdate + " is more than twelve months after thisUpdate " + thisUpdate : null;
    }

    private static String timeEncoding(TBSCertList tbs) {
        List<String> bad = new ArrayList<>();
        checkTime("thisUpdate", tbs.getThisUpdate(), bad);
        checkTime("nextUpdate", tbs.getNextUpdate(), bad);
        for (TBSCertList.CRLEntry e : tbs.getRevokedCertificates()) {
            checkTime("revocationDate of serial " + hex(e.getUserCertificate().getValue()), e.getRevocationDate(), bad);
        }
        return bad.isEmpty() ? null : String.join("; ", bad);
    }

    /** UTCTime YYMMDDHHMMSSZ for 1950 through 2049, GeneralizedTime YYYYMMDDHHMMSSZ otherwise. */
    private static void checkTime(String field, Time time, List<String> bad) {
        if (time == null) {
            return;
        }
        int year = time.getDate().toInstant().atOffset(ZoneOffset.UTC).getYear();
        boolean utc = year >= 1950 && year <= 2049;
        byte[] encoded = der(time);
        String text = new String(encoded, 2, encoded.length - 2, StandardCharsets.US_ASCII);
        if (utc ? !(time.toASN1Primitive() instanceof ASN1UTCTime) : !(time.toASN1Primitive() instanceof ASN1GeneralizedTime)) {
            bad.add(field + " in " + year + " must be a " + (utc ? "UTCTime" : "GeneralizedTime"));
        } else if (text.length() != (utc ? 13 : 15) || !text.endsWith("Z")) {
            bad.add(field + " " + text + " is not in whole seconds in UTC (Z)");
        }
    }

    private static String aki(Extensions extensions, X509Certificate issuer) {
        return akiProblem(extensions == null ? null : extensions.getExtension(Extension.authorityKeyIdentifier), issuer);
    }

    /** What is wrong with an AKI (absent, critical, more than a keyIdentifier, not the issuer's SKI): a CRL's or a certificate's. */
    static String akiProblem(Extension ext, X509Certificate issuer) {
        if (ext == null) {
            return "authorityKeyIdentifier is absent";
        }
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(ext.getParsedValue());
        if (ext.isCritical()) {
            return "authorityKeyIdentifier is critical";
        }
        if (aki.getKeyIdentifierObject() == null || aki.getAuthorityCertIssuer() != null || aki.getAuthorityCertSerialNumber() != null) {
            return "authorityKeyIdentifier must hold a keyIdentifier and nothing else";
        }
        try {
            return Arrays.equals(aki.getKeyIdentifierObject().getOctets(), CertificateIssuer.rootKeyId(issuer)) ? null
                    : "authorityKeyIdentifier differs from the issuer certificate's subjectKeyIdentifier";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-1 for the issuer's key identifier", e);
        }
    }

    private static String number(Extensions extensions, Optional<X509CRL> previous) {
        Extension ext = extensions == null ? null : extensions.getExtension(Extension.cRLNumber);
        if (ext == null) {
            return "cRLNumber is absent";
        }
        BigInteger number = ASN1Integer.getInstance(ext.getParsedValue()).getValue();
        if (ext.isCritical()) {
            return "cRLNumber is critical";
        }
        if (number.signum() < 0 || number.toByteArray().length > 20) {
            return "cRLNumber " + number + " is not between 0 and 2^159 - 1 (at most 20 octets)";
        }
        Optional<BigInteger> before = previous.flatMap(CrlLint::crlNumber);
        return before.isPresent() && number.compareTo(before.get()) <= 0
                ? "cRLNumber " + number + " is not greater than the previous CRL's " + before.get() : null;
    }

    private static void entryExtensions(List<LintFinding> out, String name, Extensions extensions) {
        Extension reason = extensions == null ? null : extensions.getExtension(Extension.reasonCode);
        run(out, Rule.ENTRY_REASON, () -> {
            if (reason == null) {
                return name + " has no reasonCode, which an entry for a CA certificate must have";
            }
            int code = CRLReason.getInstance(reason.getParsedValue()).getValue().intValueExact();
            String why = code == CRLReason.certificateHold ? "certificateHold, which the BRs forbid"
                    : code == CRLReason.removeFromCRL ? "removeFromCRL, which only a delta CRL may carry"
                    : code == CRLReason.unspecified ? "unspecified, which the BRs express by leaving reasonCode out"
                    : RevocationReason.ofCode(code).isEmpty() ? code + ", which the BRs do not allow here" : null;
            return why != null ? name + " has reasonCode " + why : reason.isCritical() ? name + " has a critical reasonCode" : null;
        });
        for (ASN1ObjectIdentifier oid : extensions == null ? new ASN1ObjectIdentifier[0] : extensions.getExtensionOIDs()) {
            if (!oid.equals(Extension.reasonCode)) {
                boolean critical = extensions.getExtension(oid).isCritical();
                out.add(finding(Rule.ENTRY_REASON, critical ? Severity.ERROR : Severity.WARNING,
                        name + " carries the " + (critical ? "critical" : "non-critical") + " entry extension " + oid + "; only reasonCode belongs there"));
            }
        }
    }

    private static void previousEntries(List<LintFinding> out, X509CRL previous, Set<BigInteger> serials) {
        String number = crlNumber(previous).map(BigInteger::toString).orElse("(no number)");
        Set<? extends X509CRLEntry> before = previous.getRevokedCertificates();
        for (X509CRLEntry e : before == null ? Set.<X509CRLEntry>of() : before) {
            if (!serials.contains(e.getSerialNumber())) {
                out.add(finding(Rule.PREVIOUS_ENTRIES, Severity.ERROR, "serial " + hex(e.getSerialNumber()) + ", revoked in CRL #" + number
                        + ", is missing: a revocation cannot be undone"));
            }
        }
    }

    /** Runs one rule; a rule that cannot even read its field is broken too (an ERROR naming what could not be read). */
    private static void run(List<LintFinding> out, Rule rule, Supplier<String> check) {
        try {
            String problem = check.get();
            if (problem != null) {
                out.add(finding(rule, Severity.ERROR, problem));
            }
        } catch (RuntimeException e) {
            out.add(finding(rule, Severity.ERROR, "could not be checked: the field does not parse (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private static LintFinding finding(Rule rule, Severity severity, String message) {
        return new LintFinding(rule.id, rule.section, severity, message);
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
