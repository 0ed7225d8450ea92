package org.keyceremony.ui.wizard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keyceremony.ui.common.Fingerprints;
import org.keyceremony.ui.common.Messages;

/**
 * A step's facts as the confirmer reads them on the confirmation panel, for every kind alike:
 * the log's keys as plain words ({@code tbsSha256} is "TBS SHA-256"; a few, such as
 * prepare-certificate's {@code proof}, as the transcript names them: "Proof of the key"), a
 * nested record's facts indented under its name rather than run together on one line, lists one
 * item per line ("none" when empty), long lists and maps counted (the transcript has them) but
 * never the summary the witness compares with the script, SHA-256 values in groups of four
 * ({@link Fingerprints}), and a PEM (a certificate's, a request's) left out at any depth: on
 * screen people compare the fingerprint; the PEM is printed in the transcript's appendix.
 */
final class FactRows {
    /** Lists and maps longer than this are counted, not listed. */
    static final int LISTED = 16;
    private static final Set<String> ACRONYMS = Set.of("ca", "cms", "crl", "der", "ec", "hsm", "id", "jvm", "kwk", "oid", "os", "pdf",
            "pem", "pin", "rsa", "so", "spki", "tbs", "url", "utc", "uuid");
    private static final Pattern SHA = Pattern.compile("sha(\\d+)");
    /** The fact holding the lines read aloud (prepare-crl, prepare-certificate): never counted. */
    static final String SUMMARY = "summary";

    /**
     * One line of the panel.
     *
     * @param depth   0 for a fact of the step, 1 for a fact of a record inside it, …
     * @param warning a {@code warning} or {@code warnings} fact that is not empty: shown so it is not missed
     * @param across  shown across the panel under its title, without the label: a summary, whose lines carry their own
     */
    record Row(String label, String value, int depth, boolean warning, boolean across, String fingerprint,
               List<String> detail) {
        Row(String label, String value, int depth, boolean warning, boolean across) {
            this(label, value, depth, warning, across, "", List.of());
        }

        Row(String label, String value, int depth, boolean warning) {
            this(label, value, depth, warning, false);
        }

        /** A SHA-256 people read aloud and compare: shown large, with a Copy button for the whole value. */
        static Row fingerprint(String label, String sha256, int depth) {
            return new Row(label, Fingerprints.grouped(sha256), depth, false, false, sha256, List.of());
        }
    }

    /** PKCS#11 attributes as read back ("CKA_SENSITIVE=true"): said in words; the raw lines behind a disclosure. */
    private static final Pattern ATTRIBUTE = Pattern.compile("(CKA_[A-Z_]+)=(.*)");

    private FactRows() {
    }

    /**
     * The rows of {@code facts}, in their order, without the top-level keys in {@code omitted}. A
     * summary (the lines read aloud: what will be signed) comes first, across the panel, so that the
     * witness has it in view; a SHA-256 it states follows it, in the two lines people read aloud; a
     * fact it states word for word under a label of its own ({@code serial}, {@code notBefore}) is
     * not repeated.
     */
    static List<Row> of(Map<String, ?> facts, Set<String> omitted) {
        List<Row> rows = new ArrayList<>();
        if (!omitted.contains(SUMMARY) && facts.get(SUMMARY) instanceof Collection<?> summary && !summary.isEmpty()) {
            List<String> lines = summary.stream().map(String::valueOf).toList();
            rows.add(new Row(label(SUMMARY), lines(lines), 0, false, true));
            Set<String> shown = new java.util.HashSet<>(omitted);
            shown.add(SUMMARY);
            for (Map.Entry<String, ?> e : facts.entrySet()) {
                if (omitted.contains(e.getKey())) {
                    continue;
                }
                if (e.getValue() instanceof String s && Fingerprints.isSha256(s) && lines.stream().anyMatch(l -> l.contains(s))) {
                    rows.add(Row.fingerprint(label(e.getKey()), s, 0));
                    shown.add(e.getKey());
                } else if (e.getValue() instanceof String s && !s.isBlank() && stated(lines, s)) {
                    shown.add(e.getKey());
                }
            }
            omitted = shown;
        }
        add(rows, facts, omitted, 0);
        return rows;
    }

    /** True if a line of {@code summary} reads "Its label: {@code value}" (letter case aside: a serial is upper case there). */
    private static boolean stated(List<String> summary, String value) {
        return summary.stream().anyMatch(l -> l.indexOf(": ") > 0
                && l.substring(l.indexOf(": ") + 2).equalsIgnoreCase(value));
    }

    private static void add(List<Row> rows, Map<?, ?> facts, Set<String> omitted, int depth) {
        for (Map.Entry<?, ?> e : facts.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (isPem(key, e.getValue()) || omitted.contains(key)) {
                continue;
            }
            Object value = e.getValue();
            if (value instanceof Map<?, ?> nested && !nested.isEmpty() && nested.size() <= LISTED) {
                rows.add(new Row(label(key), "", depth, false));
                add(rows, nested, Set.of(), depth + 1);
                continue;
            }
            if (depth == 0 && value instanceof String s && Fingerprints.isSha256(s)) {
                rows.add(Row.fingerprint(label(key), s, depth));
                continue;
            }
            if (value instanceof Collection<?> list && !list.isEmpty()
                    && list.stream().allMatch(o -> o instanceof String s && ATTRIBUTE.matcher(s).matches())) {
                List<String> raw = list.stream().map(String::valueOf).toList();
                rows.add(new Row(label(key), String.join("\n", raw.stream().map(FactRows::inWords).toList()), depth,
                        false, false, "", raw));
                continue;
            }
            String shown = format(value);
            boolean warning = (key.equals("warning") || key.equals("warnings")) && !isEmpty(value);
            rows.add(new Row(label(key), shown, depth, warning));
        }
    }

    /** A certificate's, a request's or a key's PEM ({@code pem}, {@code inputPem}, or a value that is one). */
    private static boolean isPem(String key, Object value) {
        return key.equals("pem") || key.endsWith("Pem") || value instanceof String s && s.startsWith("-----BEGIN ");
    }

    private static boolean isEmpty(Object value) {
        return value == null || value instanceof Collection<?> c && c.isEmpty() || value instanceof String s && s.isBlank();
    }

    /**
     * A log key in plain words: {@code crlNumber} "CRL number", {@code spkiSha256} "SPKI SHA-256".
     * A key that is not a camel-case name ({@code CKA_SENSITIVE}, a file name) is shown as it is.
     */
    static String label(String key) {
        String named = "wizard.facts.label." + key; // a few facts are named as the transcript names them
        if (Messages.bundle().containsKey(named)) {
            return Messages.get(named);
        }
        if (!key.matches("[a-z][A-Za-z0-9]*")) {
            return key;
        }
        List<String> words = new ArrayList<>();
        for (String w : key.split("(?<=[a-z0-9])(?=[A-Z])")) {
            String lower = w.toLowerCase(Locale.ROOT);
            Matcher sha = SHA.matcher(lower);
            words.add(sha.matches() ? "SHA-" + sha.group(1) : ACRONYMS.contains(lower) ? lower.toUpperCase(Locale.ROOT) : lower);
        }
        String text = String.join(" ", words);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /**
     * A key attribute as read back, in words: "CKA_SENSITIVE=true" is "Sensitive: its value never
     * leaves the HSM in the clear". One the wizard does not know is shown as it is.
     */
    static String inWords(String attribute) {
        Matcher m = ATTRIBUTE.matcher(attribute);
        if (!m.matches()) {
            return attribute;
        }
        String name = m.group(1);
        String value = m.group(2).strip();
        String key = "wizard.facts.attribute." + name + "." + value;
        if (Messages.bundle().containsKey(key)) {
            return Messages.get(key);
        }
        String named = "wizard.facts.attribute." + name;
        if (Messages.bundle().containsKey(named)) {
            return Messages.get(named) + ": " + (value.equals("true") ? Messages.get("wizard.facts.yes")
                    : value.equals("false") ? Messages.get("wizard.facts.no") : value);
        }
        return attribute;
    }

    /** Each item on its own line. */
    private static String lines(Collection<?> list) {
        StringBuilder b = new StringBuilder();
        for (Object o : list) {
            b.append(b.length() == 0 ? "" : "\n").append(format(o));
        }
        return b.toString();
    }

    /** A fact as people read it: lists one per line (a list of lists, e.g. quorum subsets, as {1, 2, 3} side by side). */
    static String format(Object value) {
        if (value instanceof Collection<?> list) {
            if (list.isEmpty()) {
                return Messages.get("wizard.facts.none");
            }
            if (list.stream().allMatch(o -> o instanceof Collection<?>)) {
                StringBuilder b = new StringBuilder();
                int n = 0;
                for (Object o : list) {
                    b.append(n == 0 ? "" : n % 6 == 0 ? "\n" : "   ").append('{')
                            .append(String.join(", ", ((Collection<?>) o).stream().map(String::valueOf).toList())).append('}');
                    n++;
                }
                return b.toString();
            }
            if (list.size() > LISTED) {
                return Messages.get("wizard.facts.entries", list.size());
            }
            return lines(list);
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() > LISTED) {
                return Messages.get("wizard.facts.entries", map.size());
            }
            StringBuilder b = new StringBuilder();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!isPem(String.valueOf(e.getKey()), e.getValue())) {
                    Object v = e.getValue();
                    b.append(b.length() == 0 ? "" : ", ").append(label(String.valueOf(e.getKey()))).append(": ")
                            .append(v instanceof String text ? Fingerprints.inText(text) : format(v));
                }
            }
            return b.toString();
        }
        if (value instanceof String s) {
            return Fingerprints.isSha256(s) ? Fingerprints.grouped(s) : Fingerprints.inText(s);
        }
        return String.valueOf(value);
    }
}
