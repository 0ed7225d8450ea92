package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.keyceremony.ceremony.pki.CrlLint.LintFinding;
import org.keyceremony.ceremony.pki.CrlLint.Severity;
import org.keyceremony.ceremony.pki.SubjectKeyInput.Csr;
import org.keyceremony.ceremony.pki.SubjectKeyInput.ExistingCertificate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a certificate the root issues, before the HSM signs it and again after, by the rules of
 * its profile: the CA/B Forum Baseline Requirements' TLS subordinate CA (7.1.2.6), cross-certified
 * subordinate CA (7.1.2.2) and OCSP responder (7.1.2.8) profiles, or RFC 5280 alone for a private
 * subordinate. This class holds the rules of the certificate's fields; {@link CertificateExtensionLint}
 * those of its extensions. Each finding names its rule and section; an ERROR stops the signing, a
 * WARNING is read to the witness, who decides.
 */
public final class CertificateProfileLint {
    private enum Rule {
        VERSION("cert-version", "RFC 5280 4.1.2.1; BR 7.1.1"),
        SERIAL("cert-serial", "RFC 5280 4.1.2.2; BR 7.1.2.6, 7.1.2.2, 7.1.2.8"),
        SIGNATURE_ALGORITHM("cert-signature-algorithm", "BR 7.1.3.2"),
        ISSUER_NAME("cert-issuer-name", "RFC 5280 4.1.2.4; BR 7.1.4.1"),
        ISSUER_IS_CA("cert-issuer-is-ca", "RFC 5280 4.2.1.3, 4.2.1.9"),
        UNIQUE_IDS("cert-unique-ids", "RFC 5280 4.1.2.8; BR 7.1.2.6"),
        VALIDITY("cert-validity", "RFC 5280 4.1.2.5; BR 7.1.2.10.1"),
        SIGNING_TIME("cert-signing-time", "BR 7.1.2.10.1, 7.1.2.2.1, 7.1.2.8.1"),
        TIME_ENCODING("cert-time-encoding", "RFC 5280 4.1.2.5"),
        SUBJECT("cert-subject", "BR 7.1.2.10.2, 7.1.4"),
        CROSS_SAME_SUBJECT_AND_KEY("cert-cross-same-subject-and-key", "BR 7.1.2.2, 7.1.2.2.2"),
        KEY("cert-key", "BR 6.1.5, 6.1.6, 7.1.3.1"),
        KEY_IS_THE_CONFIRMED_ONE("cert-key-is-the-confirmed-one", "RFC 5280 4.1.2.7"),
        CSR_SUBJECT("cert-csr-subject", "RFC 2986 4");

        final String id;
        final String section;

        Rule(String id, String section) {
            this.id = id;
            this.section = section;
        }
    }

    /** Clock tolerance for a private certificate's notBefore, as the CRL's thisUpdate has it. */
    private static final Duration CLOCK_TOLERANCE = Duration.ofHours(48);
    /** BR 7.1.4.2: the attributes whose relative order is fixed, in that order, with their longest value. */
    private static final List<String> ORDER = List.of("DC", "C", "ST", "L", "PostalCode", "STREET", "O", "SURNAME", "GIVENNAME", "OU", "CN");
    private static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(Map.entry("DC", 63), Map.entry("C", 2), Map.entry("ST", 128),
            Map.entry("L", 128), Map.entry("PostalCode", 40), Map.entry("STREET", 128), Map.entry("O", 64), Map.entry("SURNAME", 64),
            Map.entry("GIVENNAME", 64), Map.entry("OU", 64), Map.entry("CN", 64), Map.entry("SERIALNUMBER", 64));
    /** BR 7.1.3.1: the only AlgorithmIdentifier encodings of a subscriber's key. */
    private static final Map<String, String> KEY_ALGORITHMS = Map.of("300d06092a864886f70d0101010500", "RSA",
            "301306072a8648ce3d020106082a8648ce3d030107", "P-256", "301006072a8648ce3d020106052b81040022", "P-384",
            "301006072a8648ce3d020106052b81040023", "P-521");

    private CertificateProfileLint() {
    }

    /** Every finding on a built certificate: those of its TBSCertificate, and its outer signatureAlgorithm equal to the inner one. */
    public static List<LintFinding> check(X509CertificateHolder cert, CertificateRequest request, Instant now) {
        List<LintFinding> findings = new ArrayList<>(check(cert.toASN1Structure().getTBSCertificate(), request, now));
        if (!Arrays.equals(der(cert.toASN1Structure().getSignatureAlgorithm()), der(cert.toASN1Structure().getTBSCertificate().getSignature()))) {
            findings.add(new LintFinding(Rule.SIGNATURE_ALGORITHM.id, Rule.SIGNATURE_ALGORITHM.section, Severity.ERROR,
                    "signatureAlgorithm differs from tbsCertificate.signature"));
        }
        return List.copyOf(findings);
    }

    /** Every finding on a TBSCertificate for {@code request}, which the root is to sign at about {@code now}. */
    public static List<LintFinding> check(TBSCertificate tbs, CertificateRequest request, Instant now) {
        LintRun run = new LintRun();
        IssuanceProfile profile = request.profile();
        X509Certificate issuer = request.issuer();
        check(run, Rule.VERSION, () -> tbs.getVersionNumber() == 3 ? null : "version is v" + tbs.getVersionNumber() + ", not v3");
        check(run, Rule.SERIAL, () -> serial(tbs.getSerialNumber().getValue(), profile.isCabForum()));
        check(run, Rule.SIGNATURE_ALGORITHM, () -> SignatureAlgorithmRules.problem(tbs.getSignature(), issuer.getPublicKey()));
        check(run, Rule.ISSUER_NAME, () -> Arrays.equals(der(tbs.getIssuer()), issuer.getSubjectX500Principal().getEncoded()) ? null
                : "issuer is not byte-for-byte the issuer certificate's subject");
        check(run, Rule.ISSUER_IS_CA, () -> issuer.getBasicConstraints() < 0 ? "the issuer certificate is not a CA (no basicConstraints CA:TRUE)"
                : issuer.getKeyUsage() == null || issuer.getKeyUsage().length < 6 || !issuer.getKeyUsage()[5]
                ? "the issuer certificate's keyUsage does not assert keyCertSign"
                : profile.isCa() && issuer.getBasicConstraints() == 0 ? "the issuer certificate's pathLenConstraint 0 allows no CA below it" : null);
        check(run, Rule.UNIQUE_IDS, () -> tbs.getIssuerUniqueId() != null || tbs.getSubjectUniqueId() != null
                ? "issuerUniqueID or subjectUniqueID is present" : null);
        check(run, Rule.VALIDITY, () -> validity(tbs, issuer, now));
        signingTime(run, tbs, request, now);
        check(run, Rule.TIME_ENCODING, () -> timeProblems(tbs.getStartDate(), tbs.getEndDate()));
        boolean cross = profile.name().equals(IssuanceProfile.CROSS);
        if (cross) {
            check(run, Rule.CROSS_SAME_SUBJECT_AND_KEY, () -> sameSubjectAndKey(tbs, request.subjectKey()));
        } else if (profile.isCabForum()) {
            check(run, Rule.SUBJECT, () -> subject(tbs.getSubject(), profile.name().equals(IssuanceProfile.TLS_SUBORDINATE)));
            check(run, Rule.SUBJECT, Severity.WARNING, () -> otherAttributes(tbs.getSubject()));
        } else {
            check(run, Rule.SUBJECT, () -> tbs.getSubject().getRDNs().length == 0 ? "the subject is empty, which a CA's may not be" : null);
        }
        if (profile.isCabForum()) {
            check(run, Rule.KEY, () -> key(tbs.getSubjectPublicKeyInfo()));
            check(run, Rule.KEY, Severity.WARNING, () -> "P-521".equals(KEY_ALGORITHMS.get(hex(tbs.getSubjectPublicKeyInfo().getAlgorithm())))
                    ? "P-521: the BRs allow it (6.1.5), but Mozilla's Root Store Policy (5.1) accepts P-256 and P-384 only" : null);
        }
        check(run, Rule.KEY_IS_THE_CONFIRMED_ONE, () -> Arrays.equals(der(tbs.getSubjectPublicKeyInfo()), request.subjectKey().spkiDer()) ? null
                : "the certificate's subjectPublicKeyInfo is not the key read from the medium (SPKI SHA-256 " + request.subjectKey().spkiSha256() + ")");
        if (request.subjectKey() instanceof Csr csr) {
            check(run, Rule.CSR_SUBJECT, Severity.WARNING, () -> Arrays.equals(csr.subject().getEncoded(), der(tbs.getSubject())) ? null
                    : "the request asked for the subject \"" + csr.subject().getName() + "\"; the certificate names \""
                    + new javax.security.auth.x500.X500Principal(der(tbs.getSubject())).getName() + "\"");
        }
        CertificateExtensionLint.check(run, tbs, request);
        return run.findings();
    }

    private static void check(LintRun run, Rule rule, java.util.function.Supplier<String> check) {
        run.check(rule.id, rule.section, check);
    }

    private static void check(LintRun run, Rule rule, Severity severity, java.util.function.Supplier<String> check) {
        run.check(rule.id, rule.section, severity, check);
    }

    private static String serial(BigInteger serial, boolean cabForum) {
        if (serial.signum() <= 0) {
            return "serial " + CrlLint.hex(serial) + " is not positive";
        }
        if (serial.toByteArray().length > 20) {
            return "serial " + CrlLint.hex(serial) + " is longer than 20 octets (2^159 or more)";
        }
        return cabForum && serial.bitLength() < 64 ? "serial " + CrlLint.hex(serial) + " has " + serial.bitLength()
                + " bits, too few to hold the 64 bits of CSPRNG output the BRs require" : null;
    }

    private static String validity(TBSCertificate tbs, X509Certificate issuer, Instant now) {
        Instant notBefore = tbs.getStartDate().getDate().toInstant();
        Instant notAfter = tbs.getEndDate().getDate().toInstant();
        List<String> bad = new ArrayList<>();
        if (!notAfter.isAfter(notBefore)) {
            bad.add("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        if (notBefore.isBefore(issuer.getNotBefore().toInstant())) {
            bad.add("notBefore " + notBefore + " is before the issuer's notBefore " + issuer.getNotBefore().toInstant());
        }
        if (notAfter.isAfter(issuer.getNotAfter().toInstant())) {
            bad.add("notAfter " + notAfter + " is after the issuer's notAfter " + issuer.getNotAfter().toInstant());
        }
        if (!notAfter.isAfter(now)) {
            bad.add("notAfter " + notAfter + " is not after the signing moment " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        return bad.isEmpty() ? null : String.join("; ", bad);
    }

    /**
     * BR: notBefore from one day before the signing moment up to it (a cross-certificate may go back
     * to the existing certificate's notBefore); a private certificate's is only checked against the clock.
     */
    private static void signingTime(LintRun run, TBSCertificate tbs, CertificateRequest request, Instant now) {
        Instant notBefore = tbs.getStartDate().getDate().toInstant();
        Instant at = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (!request.profile().isCabForum()) {
            check(run, Rule.SIGNING_TIME, Severity.WARNING, () -> Duration.between(notBefore, now).abs().compareTo(CLOCK_TOLERANCE) > 0
                    ? "notBefore " + notBefore + " is more than 48 hours from now (" + at + "): check the date and the computer's clock" : null);
            return;
        }
        Instant earliest = now.minus(Duration.ofDays(1));
        if (request.profile().name().equals(IssuanceProfile.CROSS) && request.subjectKey() instanceof ExistingCertificate e
                && e.cert().getNotBefore().toInstant().isBefore(earliest)) {
            earliest = e.cert().getNotBefore().toInstant();
        }
        Instant from = earliest;
        check(run, Rule.SIGNING_TIME, () -> notBefore.isAfter(now) ? "notBefore " + notBefore + " is after the signing moment (" + at
                + "): sign on or after the day the script was written for"
                : notBefore.isBefore(from) ? "notBefore " + notBefore + " is more than one day before the signing moment (" + at + ")"
                + (from.isBefore(now.minus(Duration.ofDays(1))) ? " and before the existing certificate's notBefore" : "") : null);
    }

    /** UTCTime YYMMDDHHMMSSZ for 1950 through 2049, GeneralizedTime YYYYMMDDHHMMSSZ otherwise (RFC 5280 4.1.2.5). */
    static String timeProblems(Time... times) {
        List<String> bad = new ArrayList<>();
        String[] fields = {"notBefore", "notAfter"};
        for (int i = 0; i < times.length; i++) {
            int year = times[i].getDate().toInstant().atOffset(ZoneOffset.UTC).getYear();
            boolean utc = year >= 1950 && year <= 2049;
            byte[] encoded = der(times[i]);
            String text = new String(encoded, 2, encoded.length - 2, StandardCharsets.US_ASCII);
            if (utc ? !(times[i].toASN1Primitive() instanceof ASN1UTCTime) : !(times[i].toASN1Primitive() instanceof ASN1GeneralizedTime)) {
                bad.add(fields[i] + " in " + year + " must be a " + (utc ? "UTCTime" : "GeneralizedTime"));
            } else if (text.length() != (utc ? 13 : 15) || !text.endsWith("Z")) {
                bad.add(fields[i] + " " + text + " is not in whole seconds in UTC (Z)");
            }
        }
        return bad.isEmpty() ? null : String.join("; ", bad);
    }

    private static String sameSubjectAndKey(TBSCertificate tbs, SubjectKeyInput key) {
        if (!(key instanceof ExistingCertificate e)) {
            return "a cross-certificate is made from the existing CA certificate, whose subject and key it repeats; "
                    + "give that certificate, not " + (key instanceof Csr ? "a certificate request" : "a bare public key");
        }
        Set<String> bad = new java.util.LinkedHashSet<>();
        if (!Arrays.equals(der(tbs.getSubject()), e.cert().getSubjectX500Principal().getEncoded())) {
            bad.add("the subject is not byte-for-byte the existing certificate's");
        }
        if (!Arrays.equals(der(tbs.getSubjectPublicKeyInfo()), e.spkiDer())) {
            bad.add("the subjectPublicKeyInfo is not byte-for-byte the existing certificate's");
        }
        if (e.cert().getBasicConstraints() < 0) {
            bad.add("the existing certificate is not a CA certificate");
        }
        return bad.isEmpty() ? null : String.join("; ", bad);
    }

    /** BR 7.1.2.10.2 and 7.1.4 on the encoded name: C, O, CN; one attribute per RDN, each once, in order, of the right string type. */
    private static String subject(X500Name name, boolean tls) {
        List<String> bad = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        int highest = -1;
        for (RDN rdn : name.getRDNs()) {
            if (rdn.isMultiValued()) {
                bad.add("an RDN holds " + rdn.size() + " attributes; each holds exactly one (BR 7.1.4.1)");
                continue;
            }
            String type = BCStyle.INSTANCE.oidToDisplayName(rdn.getFirst().getType());
            type = type == null ? rdn.getFirst().getType().getId() : type;
            ASN1Encodable value = rdn.getFirst().getValue();
            if (seen.contains(type) && !type.equals("STREET")) {
                bad.add(type + " appears more than once (BR 7.1.4.1)");
            }
            seen.add(type);
            int rank = ORDER.indexOf(type);
            if (rank >= 0 && rank < highest) {
                bad.add(type + " is encoded after " + ORDER.get(highest) + "; the order is that of BR 7.1.4.2 (C, ST, L, O, OU, CN)");
            }
            highest = Math.max(highest, rank);
            boolean typeOk = type.equals("C") || type.equals("SERIALNUMBER") ? value instanceof ASN1PrintableString
                    : type.equals("DC") ? value instanceof ASN1IA5String
                    : value instanceof ASN1PrintableString || value instanceof ASN1UTF8String;
            if (!typeOk) {
                bad.add(type + " is not encoded as BR 7.1.4.2 requires (" + (type.equals("C") ? "PrintableString"
                        : type.equals("DC") ? "IA5String" : "UTF8String or PrintableString") + ")");
            } else if (value instanceof ASN1String s) {
                Integer max = MAX_LENGTH.get(type);
                if (max != null && s.getString().codePointCount(0, s.getString().length()) > max) {
                    bad.add(type + " is longer than " + max + " characters (BR 7.1.4.2)");
                }
                if (type.equals("C") && !s.getString().matches("[A-Z]{2}")) {
                    bad.add("C is not a two-letter country code (ISO 3166-1)");
                }
            }
        }
        for (String required : List.of("C", "O", "CN")) {
            if (!seen.contains(required)) {
                bad.add("the subject has no " + required + " (BR 7.1.2.10.2: C, O and CN are required)");
            }
        }
        if (tls && seen.contains("OU")) {
            bad.add("a TLS subordinate CA's subject must not have OU (BR 7.1.2.10.2)");
        }
        return bad.isEmpty() ? null : String.join("; ", bad);
    }

    /** BR 7.1.2.10.2: attributes other than those of the table are NOT RECOMMENDED (and OU SHOULD NOT be in other CA certificates). */
    private static String otherAttributes(X500Name name) {
        List<String> other = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            String type = BCStyle.INSTANCE.oidToDisplayName(rdn.getFirst().getType());
            if (type == null || !ORDER.contains(type) || type.equals("DC") || type.equals("SURNAME") || type.equals("GIVENNAME")) {
                other.add(type == null ? rdn.getFirst().getType().getId() : type);
            }
        }
        return other.isEmpty() ? null : "the subject has " + String.join(", ", other) + ", which a CA's name should not (BR 7.1.2.10.2)";
    }

    /** BR 6.1.5, 6.1.6 and 7.1.3.1: RSA of at least 2048 bits, a multiple of 8, odd exponent; P-256, P-384 or P-521; exact encodings. */
    private static String key(SubjectPublicKeyInfo spki) {
        String type = KEY_ALGORITHMS.get(hex(spki.getAlgorithm()));
        if (type == null) {
            return "the key's AlgorithmIdentifier " + spki.getAlgorithm().getAlgorithm().getId() + " is not one BR 7.1.3.1 allows "
                    + "(rsaEncryption with NULL parameters, or id-ecPublicKey on a named P-256, P-384 or P-521)";
        }
        if (!type.equals("RSA")) {
            return null;
        }
        RSAPublicKey rsa;
        try {
            rsa = RSAPublicKey.getInstance(spki.parsePublicKey());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int bits = rsa.getModulus().bitLength();
        BigInteger e = rsa.getPublicExponent();
        return bits < 2048 ? "the RSA modulus has " + bits + " bits, fewer than 2048"
                : bits % 8 != 0 ? "the RSA modulus has " + bits + " bits, not a multiple of 8"
                : !e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 ? "the RSA public exponent " + e + " is not an odd number of 3 or more"
                : null;
    }

    private static String hex(ASN1Encodable value) {
        return HexFormat.of().formatHex(der(value));
    }

    static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
