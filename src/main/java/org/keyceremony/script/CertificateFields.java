package org.keyceremony.script;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The certificate fields a script writes, read the same way for the root ({@code policy.certificate})
 * and for every certificate a signing ceremony issues ({@code prepare-certificate}): validity,
 * keyUsage, and for issued certificates the profile, the expected subject key and the extensions
 * (ceremony-scripts/README.md, "Certificates a root issues").
 */
public final class CertificateFields {
    /** RFC 3339 in UTC, whole seconds: 2020-09-04T00:00:00Z. */
    private static final Pattern UTC_SECONDS = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    /** A certificate encodes 1950..2049 as UTCTime and later years as GeneralizedTime (RFC 5280 4.1.2.5). */
    private static final Instant EARLIEST = Instant.parse("1949-12-31T23:59:59Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z").plusSeconds(1);
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]{0,9})){1,30}");
    private static final Pattern URI = Pattern.compile("[a-z][a-z0-9+.-]*://[!-~]+");
    private static final Pattern CONSTRAINT = Pattern.compile("(dns|ip|email|dn):.+");

    private CertificateFields() {
    }

    /** {@code validity-days}, or both {@code not-before} and {@code not-after}: exactly one of the two ways. */
    static Optional<CertificateValidity> validity(YamlMap m) {
        Problems problems = m.problems();
        boolean days = m.node("validity-days", false).isPresent();
        boolean before = m.node("not-before", false).isPresent();
        boolean after = m.node("not-after", false).isPresent();
        if (days && (before || after)) {
            problems.at(m.child("validity-days"), "give either validity-days or not-before and not-after, not both");
            return Optional.empty();
        }
        if (!days && !before && !after) {
            problems.at(m.child("validity-days"), "required: give validity-days, or not-before and not-after");
            return Optional.empty();
        }
        if (days) {
            return m.integer("validity-days", true).map(CertificateValidity.DaysFromSigning::new);
        }
        if (before != after) {
            String missing = before ? "not-after" : "not-before";
            problems.at(m.child(missing), "required when " + (before ? "not-before" : "not-after")
                    + " is given: a fixed validity names both ends");
        }
        Optional<Instant> notBefore = instant(m, "not-before");
        Optional<Instant> notAfter = instant(m, "not-after");
        if (notBefore.isEmpty() || notAfter.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CertificateValidity.Fixed(notBefore.get(), notAfter.get()));
    }

    /** An RFC 3339 time in UTC with whole seconds (what a certificate's UTCTime or GeneralizedTime holds). */
    static Optional<Instant> instant(YamlMap m, String key) {
        Problems problems = m.problems();
        return m.text(key, false).flatMap(t -> {
            Optional<Instant> parsed = Optional.empty();
            if (UTC_SECONDS.matcher(t).matches()) {
                try {
                    parsed = Optional.of(Instant.parse(t)).filter(i -> i.isAfter(EARLIEST) && i.isBefore(LATEST));
                } catch (DateTimeParseException e) {
                    parsed = Optional.empty();
                }
            }
            if (parsed.isEmpty()) {
                problems.at(m.child(key), "must be an RFC 3339 time in UTC with whole seconds between 1950 and 9999, "
                        + "e.g. 2020-09-04T00:00:00Z; found " + Problems.quote(t));
            }
            return parsed;
        });
    }

    /** {@code key-usage}: keyUsage bit names (RFC 5280), each once; absent: {@code absent}. */
    static Optional<Set<KeyUsageBit>> keyUsage(YamlMap m, Set<KeyUsageBit> absent) {
        Problems problems = m.problems();
        if (m.node("key-usage", false).isEmpty()) {
            return Optional.of(absent);
        }
        Optional<List<Node>> nodes = m.list("key-usage", false);
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        Set<KeyUsageBit> bits = EnumSet.noneOf(KeyUsageBit.class);
        boolean ok = true;
        for (int i = 0; i < nodes.get().size(); i++) {
            String path = m.child("key-usage") + "[" + (i + 1) + "]";
            Optional<String> name = YamlMap.text(nodes.get().get(i), path, problems);
            if (name.isEmpty()) {
                ok = false;
                continue;
            }
            KeyUsageBit bit = KeyUsageBit.BY_NAME.get(name.get());
            if (bit == null) {
                problems.add(path, PlainYaml.line(nodes.get().get(i)), "unknown key usage " + Problems.quote(name.get())
                        + Suggestion.of(name.get(), KeyUsageBit.BY_NAME.keySet()).map(s -> "; did you mean '" + s + "'?")
                                .orElse("; RFC 5280 names such as keyCertSign, cRLSign, digitalSignature"));
                ok = false;
            } else if (!bits.add(bit)) {
                problems.add(path, PlainYaml.line(nodes.get().get(i)), name.get() + " is given twice");
                ok = false;
            }
        }
        return ok ? Optional.of(bits) : Optional.empty();
    }

    /** The profiles an issued certificate may name. */
    public static final List<String> PROFILES = List.of("cabf-tls-subordinate", "cabf-cross", "cabf-ocsp-responder",
            "private");

    /** The extended key usages a script may name (or write as a dotted OID). */
    public static final Map<String, String> EXTENDED_KEY_USAGES = Map.of("serverAuth", "1.3.6.1.5.5.7.3.1",
            "clientAuth", "1.3.6.1.5.5.7.3.2", "codeSigning", "1.3.6.1.5.5.7.3.3", "emailProtection",
            "1.3.6.1.5.5.7.3.4", "timeStamping", "1.3.6.1.5.5.7.3.8", "OCSPSigning", "1.3.6.1.5.5.7.3.9");

    /** The parameters of a certificate a root issues; empty (each problem reported by path) when any is wrong. */
    public static Optional<IssuedCertificate> issued(YamlMap m) {
        m.allowOnly(List.of("profile", "subject", "key", "validity-days", "not-before", "not-after", "key-usage",
                "extended-key-usage", "path-length", "certificate-policies", "name-constraints",
                "crl-distribution-points", "authority-information-access"));
        Problems problems = m.problems();
        int before = problems.errors().size();
        Optional<String> profile = m.oneOf("profile", true, names(PROFILES));
        Optional<String> subject = m.text("subject", false, 1024);
        if (subject.isEmpty() && !"cabf-cross".equals(profile.orElse("")) && m.node("subject", false).isEmpty()) {
            m.refuse("subject", "required (only a cabf-cross certificate may take the subject of the existing "
                    + "certificate)");
        }
        Optional<IssuedCertificate.KeyExpectation> key = m.map("key", true).flatMap(CertificateFields::key);
        Optional<CertificateValidity> validity = validity(m);
        Set<KeyUsageBit> defaultUsage = "cabf-ocsp-responder".equals(profile.orElse(""))
                ? Set.of(KeyUsageBit.DIGITAL_SIGNATURE)
                : Set.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN);
        Optional<Set<KeyUsageBit>> keyUsage = keyUsage(m, defaultUsage);
        List<String> eku = texts(m, "extended-key-usage").stream().map(t -> oid(m, "extended-key-usage", t,
                EXTENDED_KEY_USAGES)).toList();
        Optional<Integer> pathLength = m.integer("path-length", false);
        List<IssuedCertificate.Policy> policies = new ArrayList<>();
        for (String p : texts(m, "certificate-policies")) {
            String[] parts = p.split("\\s+", 2);
            String oid = oid(m, "certificate-policies", parts[0], Map.of());
            Optional<String> cps = parts.length > 1 ? Optional.of(uri(m, "certificate-policies", parts[1])) : Optional.empty();
            policies.add(new IssuedCertificate.Policy(oid, cps));
        }
        Optional<IssuedCertificate.NameConstraints> constraints = m.map("name-constraints", false).map(n -> {
            n.allowOnly(List.of("permitted", "excluded"));
            List<String> permitted = texts(n, "permitted").stream().map(t -> constraint(n, "permitted", t)).toList();
            List<String> excluded = texts(n, "excluded").stream().map(t -> constraint(n, "excluded", t)).toList();
            return new IssuedCertificate.NameConstraints(permitted, excluded);
        });
        List<String> crlDps = texts(m, "crl-distribution-points").stream().map(t -> uri(m, "crl-distribution-points", t))
                .toList();
        Optional<YamlMap> aia = m.map("authority-information-access", false);
        aia.ifPresent(a -> a.allowOnly(List.of("ca-issuers", "ocsp")));
        Optional<String> caIssuers = aia.flatMap(a -> a.text("ca-issuers", false)).map(t -> uri(aia.get(), "ca-issuers", t));
        Optional<String> ocsp = aia.flatMap(a -> a.text("ocsp", false)).map(t -> uri(aia.get(), "ocsp", t));
        if (problems.errors().size() > before || profile.isEmpty() || key.isEmpty() || validity.isEmpty()
                || keyUsage.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IssuedCertificate(profile.get(), subject, key.get(), validity.get(), keyUsage.get(), eku,
                pathLength.orElse(null), policies, constraints, crlDps, caIssuers, ocsp));
    }

    private static Optional<IssuedCertificate.KeyExpectation> key(YamlMap k) {
        k.allowOnly(List.of("algorithm", "size", "curve"));
        Optional<KeyAlgorithm> algorithm = k.oneOf("algorithm", true, ScriptReader.ALGORITHMS);
        if (algorithm.isEmpty()) {
            return Optional.empty();
        }
        if (algorithm.get() == KeyAlgorithm.RSA) {
            return k.integer("size", true).filter(size -> {
                boolean ok = size == 2048 || size == 3072 || size == 4096;
                if (!ok) {
                    k.refuse("size", "must be 2048, 3072 or 4096 for an issued certificate's key (BR 6.1.5); found " + size);
                }
                return ok;
            }).map(size -> new IssuedCertificate.KeyExpectation(KeyAlgorithm.RSA, size, null));
        }
        return k.oneOf("curve", true, names(List.of("P-256", "P-384", "P-521")))
                .map(curve -> new IssuedCertificate.KeyExpectation(KeyAlgorithm.EC, 0, curve));
    }

    private static Map<String, String> names(List<String> names) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        names.forEach(n -> map.put(n, n));
        return map;
    }

    /** A list of single-line texts (absent: empty); each item's problem is reported at {@code key[i]}. */
    private static List<String> texts(YamlMap m, String key) {
        List<String> out = new ArrayList<>();
        Optional<List<Node>> nodes = m.list(key, false);
        for (int i = 0; nodes.isPresent() && i < nodes.get().size(); i++) {
            YamlMap.text(nodes.get().get(i), m.child(key) + "[" + (i + 1) + "]", m.problems()).ifPresent(out::add);
        }
        return out;
    }

    private static String oid(YamlMap m, String key, String text, Map<String, String> names) {
        String oid = names.getOrDefault(text, text);
        if (!OID.matcher(oid).matches()) {
            m.refuse(key, "expected " + (names.isEmpty() ? "" : "one of " + String.join(", ", new java.util.TreeSet<>(
                    names.keySet())) + " or ") + "a dotted OID such as 2.23.140.1.2.1; found " + Problems.quote(text));
        }
        return oid;
    }

    private static String uri(YamlMap m, String key, String text) {
        if (!URI.matcher(text).matches() || text.length() > 512) {
            m.refuse(key, "expected a URI such as http://crl.example.com/root.crl (no spaces, at most 512 characters); "
                    + "found " + Problems.quote(text));
        }
        return text;
    }

    private static String constraint(YamlMap m, String key, String text) {
        if (!CONSTRAINT.matcher(text).matches()) {
            m.refuse(key, "expected dns:NAME, ip:ADDRESS/PREFIX, email:DOMAIN or dn:DN; found " + Problems.quote(text));
        }
        return text;
    }
}
