package org.keyceremony.ceremony;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keyceremony.script.Role;
import org.keyceremony.script.StrictYaml;
import org.keyceremony.script.TextRules;
import org.keyceremony.base.InvalidInputException;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A rehearsal answers file, read strictly (format in {@code ceremony-scripts/rehearsal/README.md}):
 * unknown keys, duplicate keys, wrong types, several documents and a missing
 * {@code rehearsal: true} are errors naming the field. Holds PINs as Strings because YAML
 * parsing makes them so: this is why answers files drive rehearsals only.
 */
record AnswersFile(List<Participant> participants, String location, String timeZone, String defaultConfirmation,
                   Map<String, String> confirmations, Map<String, List<String>> pins, Map<String, List<String>> values,
                   String defaultFailure, Map<String, List<String>> failures, boolean approveRollback,
                   RecoveryChoice recovery, String worldUserPin, String worldSoPin) {

    static final long MAX_BYTES = 256 * 1024;
    private static final Set<String> KEYS = Set.of("rehearsal", "participants", "location", "time-zone", "confirmations",
            "pins", "values", "failures", "rollback", "recovery", "world");

    @Override
    public String toString() {
        return "AnswersFile[" + participants.size() + " participants, " + pins.size() + " PINs hidden]";
    }

    static AnswersFile read(Path file) throws InvalidInputException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(file + ": an answers file is at most " + MAX_BYTES + " bytes");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the answers file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.getFileName().toString());
    }

    /**
     * The parser's problem without the text it quotes or names: an alias, anchor, tag or key
     * name may be a damaged PIN ({@code "123456"} with its quote flipped to {@code *} is the
     * alias {@code 123456}, found by HostileInputFuzzTest).
     */
    static String withoutContent(String problem) {
        if (problem == null) {
            return "";
        }
        String kept = problem.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"")
                .replaceAll("(?i)\\b(alias|anchor|handle|tag)\\b\\s+\\S.*$", "$1")
                // The scanner names the character or text it stopped at ("found unknown escape
                // character 7(55)"): inside a quoted PIN, a piece of the PIN (found by AnswersFileFuzzTest).
                .replaceAll("\\b(but found:?|found unknown escape character|expected URI in UTF-8:|valid version:)"
                        + "\\s+(?!another document$).*$", "$1 …")
                .replaceAll("\\(Do not use .* for indentation\\)", "(do not indent with it)");
        return TextRules.printable(kept, 200);
    }

    /** Deeper than any answers file (four levels: failures, steps, a step, its list). */
    private static final int MAX_DEPTH = 16;

    static AnswersFile parse(String text, String name) throws InvalidInputException {
        Node root = root(text, name);
        Fields f = new Fields(name);
        Map<String, Node> top = f.map(root, "");
        f.noUnknown(top, KEYS, "");
        if (!isTrue(top.get("rehearsal"))) {
            throw f.error("rehearsal", "must be true: answers files drive rehearsals only");
        }
        List<Participant> participants = new ArrayList<>();
        List<Node> people = f.list(f.required(top, "participants", ""), "participants");
        for (int i = 0; i < people.size(); i++) {
            String path = "participants[" + i + "]";
            Map<String, Node> p = f.map(people.get(i), path);
            f.noUnknown(p, Set.of("name", "role", "initials"), path);
            String roleName = f.string(f.required(p, "role", path), path + ".role");
            Role role = Arrays.stream(Role.values()).filter(r -> r.yamlName().equals(roleName)).findFirst()
                    .orElseThrow(() -> f.error(path + ".role", "unknown role \"" + shown(roleName) + "\" ("
                            + Role.allNames() + ")"));
            try {
                participants.add(new Participant(f.string(f.required(p, "name", path), path + ".name"), role,
                        f.string(f.required(p, "initials", path), path + ".initials")));
            } catch (IllegalArgumentException e) {
                throw f.error(path, e.getMessage());
            }
        }
        String location = f.string(f.required(top, "location", ""), "location");
        String zone = f.string(f.required(top, "time-zone", ""), "time-zone");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw f.error("time-zone", "\"" + shown(zone) + "\" is not a time zone (e.g. Europe/Amsterdam, UTC)");
        }
        String defaultConfirmation = "by-role";
        Map<String, String> confirmations = Map.of();
        if (top.containsKey("confirmations")) {
            Map<String, Node> c = f.map(top.get("confirmations"), "confirmations");
            f.noUnknown(c, Set.of("default", "steps"), "confirmations");
            if (c.containsKey("default")) {
                defaultConfirmation = f.string(c.get("default"), "confirmations.default");
            }
            confirmations = c.containsKey("steps") ? f.stringMap(c.get("steps"), "confirmations.steps") : Map.of();
        }
        // A holder's PIN, or a list of PINs typed on successive asks (the last one repeats): a
        // rehearsal of a custodian who mistypes before getting it right.
        Map<String, List<String>> pins = top.containsKey("pins") ? f.stringLists(top.get("pins"), "pins", null) : Map.of();
        for (Map.Entry<String, List<String>> e : pins.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw f.error("pins." + key(e.getKey()), "must be a PIN or a non-empty list of PINs");
            }
        }
        String worldUserPin = null;
        String worldSoPin = null;
        if (top.containsKey("world")) {
            Map<String, String> w = f.stringMap(top.get("world"), "world");
            f.noUnknown(new LinkedHashMap<>(w), Set.of("user-pin", "so-pin"), "world");
            worldUserPin = w.get("user-pin");
            worldSoPin = w.get("so-pin");
            for (Map.Entry<String, String> e : w.entrySet()) {
                // SoftHSM2 takes PINs of 4 to 255 bytes; say so here rather than in softhsm2-util's words.
                int n = e.getValue().getBytes(StandardCharsets.UTF_8).length;
                if (n < 4 || n > 255) {
                    throw f.error("world." + key(e.getKey()), "must be 4 to 255 bytes long");
                }
            }
        }
        Map<String, List<String>> values = top.containsKey("values") ? f.stringLists(top.get("values"), "values", null) : Map.of();
        String defaultFailure = "abort";
        Map<String, List<String>> failures = Map.of();
        if (top.containsKey("failures")) {
            Map<String, Node> fl = f.map(top.get("failures"), "failures");
            f.noUnknown(fl, Set.of("default", "steps"), "failures");
            if (fl.containsKey("default")) {
                defaultFailure = f.oneOf(fl.get("default"), "failures.default", Set.of("retry", "abort"));
            }
            failures = fl.containsKey("steps") ? f.stringLists(fl.get("steps"), "failures.steps", Set.of("retry", "abort"))
                    : Map.of();
        }
        boolean approve = !top.containsKey("rollback")
                || f.oneOf(top.get("rollback"), "rollback", Set.of("approve", "decline")).equals("approve");
        RecoveryChoice recovery = !top.containsKey("recovery") ? RecoveryChoice.RESUME
                : RecoveryChoice.valueOf(f.oneOf(top.get("recovery"), "recovery", Set.of("resume", "abort"))
                .toUpperCase(java.util.Locale.ROOT));
        return new AnswersFile(List.copyOf(participants), location, zone, defaultConfirmation, confirmations, pins, values,
                defaultFailure, failures, approve, recovery, worldUserPin, worldSoPin);
    }

    /**
     * The root of the file, read by the same strict reader as a script ({@link StrictYaml}): one
     * document, no anchors ({@code &x}), aliases ({@code *x}) or explicit tags, every key once.
     * The first finding is the refusal. A message names the line only, never what it found: an
     * anchor's or alias's name, or a key, in a damaged file can be a PIN.
     */
    private static Node root(String text, String name) throws InvalidInputException {
        StrictYaml.Result read = StrictYaml.read(text, name, (int) MAX_BYTES, MAX_DEPTH);
        if (!read.findings().isEmpty()) {
            throw refusal(read.findings().get(0), name);
        }
        Node root = read.root().orElseThrow();
        List<StrictYaml.DuplicateKey> duplicates = StrictYaml.duplicateKeys(root);
        if (!duplicates.isEmpty()) {
            throw refusal(duplicates.get(0), name);
        }
        return root;
    }

    private static InvalidInputException refusal(StrictYaml.Finding finding, String name) {
        String at = name + ": line " + finding.line() + ": ";
        if (finding instanceof StrictYaml.Alias) {
            return new InvalidInputException(at + "an alias (*…) is not allowed in an answers file: write the value out "
                    + "in full");
        }
        if (finding instanceof StrictYaml.Anchor) {
            return new InvalidInputException(at + "an anchor (&…) is not allowed in an answers file: write every value "
                    + "out in full");
        }
        if (finding instanceof StrictYaml.ExplicitTag) {
            return new InvalidInputException(at + "an explicit tag (!…) is not allowed in an answers file: write plain "
                    + "values");
        }
        if (finding instanceof StrictYaml.SecondDocument) {
            return new InvalidInputException(at + "not a valid answers file: expected a single document in the stream, "
                    + "but found another document");
        }
        if (finding instanceof StrictYaml.DuplicateKey duplicate) {
            return new InvalidInputException(at + "not a valid answers file: while constructing a mapping, "
                    + withoutContent("found duplicate key " + duplicate.key()));
        }
        if (finding instanceof StrictYaml.TooDeep deep) {
            return new InvalidInputException(at + "not a valid answers file: nested more than " + deep.maxDepth()
                    + " levels deep");
        }
        if (finding instanceof StrictYaml.Empty || finding instanceof StrictYaml.TooLarge) {
            // Too large cannot happen after read()'s size check; empty is "no mapping".
            return new InvalidInputException(name + ": the file must hold a mapping (key: value lines)");
        }
        YamlEngineException e = ((StrictYaml.Broken) finding).error();
        if (e instanceof MarkedYamlEngineException marked) {
            // The full message quotes the offending lines, where a PIN may sit: keep only the problem and its line.
            String where = marked.getProblemMark().map(mk -> "line " + (mk.getLine() + 1) + ": ").orElse("");
            return new InvalidInputException(name + ": " + where + "not a valid answers file: "
                    + (marked.getContext() == null ? "" : marked.getContext() + ", ") + withoutContent(marked.getProblem()));
        }
        return new InvalidInputException(name + ": not a valid answers file (" + e.getClass().getSimpleName() + ")");
    }

    /** What YAML reads as {@code true} ({@code true}, {@code True}, {@code TRUE}). */
    private static boolean isTrue(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)
                && scalar.getValue().equalsIgnoreCase("true");
    }

    /** A value from the file as a message shows it: printable, at most 40 characters. */
    private static String shown(String value) {
        return TextRules.printable(value, 40);
    }

    /** A key from the file in a field path: as it is when printable and short, else quoted and made so. */
    private static String key(String name) {
        return TextRules.line(name, 40).isEmpty() ? name : "'" + TextRules.printable(name, 40) + "'";
    }

    /**
     * Typed access to the node tree with the field path in every message. A value is text only
     * when YAML reads it as text: {@code 1234} is a number, {@code "1234"} is text.
     */
    private record Fields(String file) {
        InvalidInputException error(String path, String what) {
            return new InvalidInputException(file + ": " + (path.isEmpty() ? "" : path + ": ") + what);
        }

        Map<String, Node> map(Node v, String path) throws InvalidInputException {
            if (!(v instanceof MappingNode m)) {
                throw error(path, path.isEmpty() ? "the file must hold a mapping (key: value lines)" : "must be a mapping");
            }
            Map<String, Node> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                Node k = t.getKeyNode();
                if (!StrictYaml.isText(k)) {
                    // The key itself is never echoed: in a damaged file it can be a PIN, or the whole pins mapping.
                    String kind = StrictYaml.readsAsNull(k) ? "empty" : k.getTag().equals(Tag.INT)
                            || k.getTag().equals(Tag.FLOAT) ? "a number" : k.getTag().equals(Tag.BOOL)
                            ? "true or false" : k instanceof MappingNode ? "a mapping" : k instanceof SequenceNode
                            ? "a list" : "not text";
                    throw error(path, "keys must be text, but a key here is " + kind
                            + " (quote a key that looks like a number; check the indentation)");
                }
                out.put(((ScalarNode) k).getValue(), t.getValueNode());
            }
            return out;
        }

        List<Node> list(Node v, String path) throws InvalidInputException {
            if (!(v instanceof SequenceNode l)) {
                throw error(path, "must be a list");
            }
            return l.getValue();
        }

        String string(Node v, String path) throws InvalidInputException {
            if (!StrictYaml.isText(v)) {
                throw error(path, "must be text (quote it, e.g. \"0123\")");
            }
            return ((ScalarNode) v).getValue();
        }

        String oneOf(Node v, String path, Set<String> allowed) throws InvalidInputException {
            String s = string(v, path);
            if (!allowed.contains(s)) {
                throw error(path, "must be one of " + new java.util.TreeSet<>(allowed) + ", not \"" + shown(s) + "\"");
            }
            return s;
        }

        Node required(Map<String, Node> m, String key, String path) throws InvalidInputException {
            if (!m.containsKey(key)) {
                throw error(path.isEmpty() ? key : path + "." + key, "is required");
            }
            return m.get(key);
        }

        void noUnknown(Map<String, ?> m, Set<String> known, String path) throws InvalidInputException {
            for (String k : m.keySet()) {
                if (!known.contains(k)) {
                    throw error(path.isEmpty() ? key(k) : path + "." + key(k), "unknown key (allowed: "
                            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
        }

        Map<String, String> stringMap(Node v, String path) throws InvalidInputException {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : map(v, path).entrySet()) {
                // Never echo the value: under "pins" it is a PIN.
                out.put(e.getKey(), string(e.getValue(), path + "." + key(e.getKey())));
            }
            return out;
        }

        Map<String, List<String>> stringLists(Node v, String path, Set<String> allowed) throws InvalidInputException {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : map(v, path).entrySet()) {
                String p = path + "." + key(e.getKey());
                if (StrictYaml.readsAsNull(e.getValue())) {
                    throw error(p, "has no value (give a text, or a list of texts)");
                }
                boolean isList = e.getValue() instanceof SequenceNode;
                List<Node> items = isList ? list(e.getValue(), p) : List.of(e.getValue());
                List<String> strings = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    String ip = items.size() == 1 && !isList ? p : p + "[" + i + "]";
                    strings.add(allowed == null ? string(items.get(i), ip) : oneOf(items.get(i), ip, allowed));
                }
                out.put(e.getKey(), List.copyOf(strings));
            }
            return out;
        }
    }
}
