package org.keyceremony.script;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import org.keyceremony.base.AlgorithmRules;

/**
 * The CA/B Forum Baseline Requirements (version 2) for a root certificate's profile, in one place:
 * the script validation reports them with their field paths before anything opens, and the
 * ceremony checks them again before the root key is made. Every message names its BR section.
 * There is no profile for a private root outside the CA/B Forum rules: the shipped root profile is
 * the BR one (see ceremony-scripts/README.md).
 */
public final class RootCertificateRules {
    /**
     * BR 7.1.2.1.1: a root's notAfter is 2922 to 9132 days after its notBefore. The validity period
     * counts notBefore through notAfter inclusive (BR 1.6.1, RFC 5280 4.1.2.5), one second more than
     * the difference, so {@code validity-days} 9132 would be 9132 days and one second: 9131 is the most.
     */
    public static final int MIN_VALIDITY_DAYS = 2922;
    public static final int MAX_VALIDITY_DAYS = 9131;
    private static final Duration MIN_PERIOD = Duration.ofDays(2922);
    private static final Duration MAX_PERIOD = Duration.ofDays(9132);
    /** BR 7.1.2.1.1: notBefore is at most one day before the signing moment, and not after it. */
    public static final Duration NOT_BEFORE_SLACK = Duration.ofDays(1);

    /**
     * BR 7.1.4.2: the attributes whose relative order in the encoded name is fixed, in that order,
     * with their longest value in characters.
     */
    private static final List<String> ORDER = List.of("DC", "C", "ST", "L", "POSTALCODE", "STREET", "O", "SURNAME",
            "GIVENNAME", "OU", "CN");
    private static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(Map.entry("DC", 63), Map.entry("C", 2),
            Map.entry("ST", 128), Map.entry("L", 128), Map.entry("POSTALCODE", 40), Map.entry("STREET", 128),
            Map.entry("O", 64), Map.entry("SURNAME", 64), Map.entry("GIVENNAME", 64), Map.entry("OU", 64),
            Map.entry("CN", 64), Map.entry("SERIALNUMBER", 64));
    /** Why each keyUsage bit that BR 7.1.2.10.7 does not permit in a CA certificate has no place in a root. */
    private static final Map<KeyUsageBit, String> REFUSED_USAGE = Map.of(
            KeyUsageBit.NON_REPUDIATION, "a root signs certificates and CRLs, not statements a person is bound to",
            KeyUsageBit.KEY_ENCIPHERMENT, "a root key never encrypts keys",
            KeyUsageBit.DATA_ENCIPHERMENT, "a root key never encrypts data",
            KeyUsageBit.KEY_AGREEMENT, "a root key never agrees keys",
            KeyUsageBit.ENCIPHER_ONLY, "it only qualifies keyAgreement, which a root key never does",
            KeyUsageBit.DECIPHER_ONLY, "it only qualifies keyAgreement, which a root key never does");

    /** A broken rule: the field under {@code policy.certificate} (or {@code policy.key}) and why. */
    public record Finding(String field, String message) {
        /** As one line: {@code policy.certificate.subject: …}. */
        public String describe() {
            return field + ": " + message;
        }
    }

    private final List<Finding> findings = new ArrayList<>();
    /** False for a {@code private} root: RFC 5280's rules only, the CA/B Forum's not. */
    private final boolean br;

    private RootCertificateRules(boolean br) {
        this.br = br;
    }

    /** Every rule {@code profile} breaks, for a root of {@code key} (when known). */
    public static List<Finding> check(CertificateProfile profile, Optional<KeyPolicy> key) {
        RootCertificateRules rules = new RootCertificateRules(profile.baselineRequirements());
        rules.subject(profile.subjectDn());
        rules.validity(profile.validity());
        rules.keyUsage(profile.keyUsage());
        rules.pathLength(profile.pathLength());
        rules.digest(profile.digest(), key);
        return List.copyOf(rules.findings);
    }

    /**
     * As {@link #checkSigningTime(CertificateValidity, Instant)} for {@code profile}: a {@code private}
     * root is not held to BR 7.1.2.1.1, only to a notBefore that is not after the signing moment.
     */
    public static Optional<Finding> checkSigningTime(CertificateProfile profile, Instant signing) {
        if (profile.baselineRequirements()) {
            return checkSigningTime(profile.validity(), signing);
        }
        Instant notBefore = profile.validity().notBefore(signing);
        return notBefore.isAfter(signing) ? Optional.of(new Finding("policy.certificate.not-before", notBefore
                + " is after the signing moment (" + signing + "): a certificate valid only later would be signed "
                + "for a time nobody confirmed")) : Optional.empty();
    }

    /**
     * BR 7.1.2.1.1 at the signing moment: notBefore at most one day before it and not after it.
     * Empty if {@code signing} is allowed. A script cannot know when it is signed; the ceremony checks
     * this before the root key is made and again when the certificate is signed.
     */
    public static Optional<Finding> checkSigningTime(CertificateValidity validity, Instant signing) {
        Instant notBefore = validity.notBefore(signing);
        if (notBefore.isAfter(signing) || notBefore.isBefore(signing.minus(NOT_BEFORE_SLACK))) {
            return Optional.of(new Finding("policy.certificate.not-before", notBefore + " is not within the day "
                    + "before the signing moment (" + signing + "): a root's notBefore is at most one day before it is "
                    + "signed and not after (CA/B Forum BR 7.1.2.1.1); sign it on the day the script was written for, "
                    + "or have a script with another not-before approved"));
        }
        return Optional.empty();
    }

    private void at(String field, String message) {
        findings.add(new Finding("policy.certificate." + field, message));
    }

    private void validity(CertificateValidity validity) {
        if (!br) {
            if (validity instanceof CertificateValidity.DaysFromSigning d && d.days() < 1) {
                at("validity-days", "must be at least 1; found " + d.days());
            } else if (validity instanceof CertificateValidity.Fixed f && !f.notAfter().isAfter(f.notBefore())) {
                at("not-after", f.notAfter() + " is not after not-before (" + f.notBefore() + ")");
            }
            return;
        }
        if (validity instanceof CertificateValidity.DaysFromSigning d) {
            if (d.days() < MIN_VALIDITY_DAYS || d.days() > MAX_VALIDITY_DAYS) {
                at("validity-days", "must be between " + MIN_VALIDITY_DAYS + " and " + MAX_VALIDITY_DAYS + ": a root is "
                        + "valid 2922 to 9132 days, notBefore through notAfter inclusive (CA/B Forum BR 7.1.2.1.1); found "
                        + d.days());
            }
        } else if (validity instanceof CertificateValidity.Fixed f) {
            if (!f.notAfter().isAfter(f.notBefore())) {
                at("not-after", f.notAfter() + " is not after not-before (" + f.notBefore() + ")");
                return;
            }
            Duration period = Duration.between(f.notBefore(), f.notAfter()).plusSeconds(1);
            if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
                at("not-after", "gives a validity of " + describe(period) + "; a root is valid 2922 to 9132 days, "
                        + "not-before through not-after inclusive (CA/B Forum BR 7.1.2.1.1)");
            }
        }
    }

    private static String describe(Duration period) {
        long days = period.toDays();
        Duration rest = period.minusDays(days);
        return days + " days" + (rest.isZero() ? "" : " and " + rest.toSeconds() + " seconds");
    }

    private void keyUsage(Set<KeyUsageBit> usage) {
        for (KeyUsageBit required : List.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN)) {
            if (!usage.contains(required)) {
                at("key-usage", "a root needs " + required.yamlName() + (br ? " (CA/B Forum BR 7.1.2.10.7: keyCertSign "
                        + "and cRLSign are required, digitalSignature is allowed)" : " (RFC 5280 4.2.1.3: a CA certificate "
                        + "asserts keyCertSign; a KeyCeremony root also signs its CRLs)"));
            }
        }
        for (KeyUsageBit bit : KeyUsageBit.values()) {
            if (usage.contains(bit) && REFUSED_USAGE.containsKey(bit)) {
                at("key-usage", bit.yamlName() + " is not allowed in a root" + (br ? " (CA/B Forum BR 7.1.2.10.7)" : "")
                        + ": " + REFUSED_USAGE.get(bit));
            }
        }
    }

    private void pathLength(Integer pathLength) {
        if (pathLength != null && pathLength < 0) {
            at("path-length", "must be 0 or more (leave it out for no limit)");
        }
    }

    private void digest(String digest, Optional<KeyPolicy> key) {
        List<String> digests = AlgorithmRules.DIGESTS;
        List<String> curves = AlgorithmRules.CURVES;
        if (!digests.contains(digest)) {
            at("digest", "unknown digest " + Problems.quote(digest) + "; allowed: " + String.join(", ", digests));
        } else if (key.isPresent() && key.get().algorithm() == KeyAlgorithm.EC && key.get().curve() != null
                && curves.contains(key.get().curve())) {
            String expected = digests.get(curves.indexOf(key.get().curve()));
            if (!expected.equals(digest)) {
                at("digest", key.get().curve() + " signs with " + expected + " (CA/B Forum BR 7.1.3.2); found " + digest);
            }
        }
    }

    /**
     * BR 7.1.2.10.2 (which attributes a root's subject has) and 7.1.4 (how a name is encoded: one
     * attribute per RDN, each type once, in the order of 7.1.4.2, within its length).
     */
    private void subject(String dn) {
        LdapName name;
        try {
            // The certificate builder reads the subject as an X500Principal: it must parse as one,
            // and it may not hold an empty RDN (LdapName accepts "CN=a,,O=b"; RFC 5280 does not).
            new X500Principal(dn);
            name = new LdapName(dn);
            if (name.getRdns().stream().anyMatch(r -> r.size() == 0)) {
                throw new InvalidNameException("empty RDN");
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            at("subject", "not a distinguished name (RFC 4514), e.g. 'CN=Example Root CA, O=Example Ltd, C=NL'");
            return;
        }
        // Every attribute, also those of a multi-valued RDN ("CN=a+OU=b"), and its value as the
        // certificate will hold it (RFC 4514 escapes such as "\\1B" or "\\E2\\80\\AE" decoded), in the
        // order of the encoded name: LdapName lists the RDNs right to left, as DER holds them.
        List<Map.Entry<String, Object>> attributes = new ArrayList<>();
        boolean multiValued = false;
        for (Rdn rdn : name.getRdns()) {
            multiValued |= rdn.size() > 1;
            try {
                NamingEnumeration<? extends Attribute> all = rdn.toAttributes().getAll();
                while (all.hasMore()) {
                    Attribute a = all.next();
                    NamingEnumeration<?> values = a.getAll();
                    while (values.hasMore()) {
                        attributes.add(Map.entry(a.getID().toUpperCase(Locale.ROOT), values.next()));
                    }
                }
            } catch (NamingException e) {
                at("subject", "not a distinguished name (RFC 4514)");
                return;
            }
        }
        if (attributes.size() > 10) {
            at("subject", "has " + attributes.size() + " attributes; a root's subject needs a few (CN, O, C), at most 10");
        }
        if (multiValued) {
            at("subject", "joins attributes with '+' into one RDN; each RDN holds exactly one attribute "
                    + "(CA/B Forum BR 7.1.4.1)");
        }
        Set<String> types = new HashSet<>();
        Set<String> repeated = new HashSet<>();
        for (Map.Entry<String, Object> a : attributes) {
            String type = a.getKey();
            if (!types.add(type) && !type.equals("STREET") && repeated.add(type)) {
                at("subject", "has " + type + " more than once; a name holds each attribute once (CA/B Forum BR 7.1.4.1)");
            }
            if (!(a.getValue() instanceof String value)) {
                // "#0C05…": a BER-encoded value in hex, which no person reads; the name must be written out
                at("subject", type + " is given in hex (#…); write the value as text");
                continue;
            }
            TextRules.line(value, Integer.MAX_VALUE).ifPresent(why -> at("subject", type + " " + why));
            if (type.equals("C") && !value.matches("[A-Z]{2}") && br) {
                at("subject", "C must be a two-letter country code (ISO 3166-1), e.g. C=NL (CA/B Forum BR 7.1.2.10.2)");
            }
            Integer max = MAX_LENGTH.get(type);
            int length = value.codePointCount(0, value.length());
            if (max != null && length > max && !type.equals("C")) {
                at("subject", type + " is " + length + " characters long; at most " + max + " are allowed "
                        + "(CA/B Forum BR 7.1.4.2)");
            }
        }
        if (!br) {
            if (attributes.isEmpty()) {
                at("subject", "is empty; a CA's subject names it (RFC 5280 4.1.2.6)");
            }
            return; // a private root: RFC 5280's rules only
        }
        if (types.contains("OU")) {
            at("subject", "a root's subject must not have OU (CA/B Forum BR 7.1.2.10.2)");
        }
        for (String required : List.of("CN", "O", "C")) {
            if (!types.contains(required)) {
                at("subject", "a root's subject needs " + required + " (CA/B Forum BR 7.1.2.10.2: C, O and CN)");
            }
        }
        order(attributes);
    }

    /** BR 7.1.4.1 and 7.1.4.2: in the encoded name C comes before O, and O before CN (RFC 4514 writes it backwards). */
    private void order(List<Map.Entry<String, Object>> attributes) {
        int highest = -1;
        String highestType = null;
        for (Map.Entry<String, Object> a : attributes) {
            int rank = ORDER.indexOf(a.getKey());
            if (rank < 0) {
                continue;
            }
            if (rank < highest) {
                at("subject", a.getKey() + " is encoded after " + highestType + "; the order is C, ST, L, O, CN "
                        + "(CA/B Forum BR 7.1.4.2), which RFC 4514 writes backwards: 'CN=…, O=…, C=…'");
                return;
            }
            if (rank > highest) {
                highest = rank;
                highestType = a.getKey();
            }
        }
    }
}
