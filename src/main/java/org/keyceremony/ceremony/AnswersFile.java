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
import org.keyceremony.script.TextRules;
import org.keyceremony.base.InvalidInputException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

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

    static AnswersFile parse(String text, String name) throws InvalidInputException {
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(0)
                .setAllowRecursiveKeys(false).setCodePointLimit((int) MAX_BYTES).setLabel(name)
                // one reader buffer for the whole file: a raw emoji across two buffers crashes SnakeYAML Engine 2.10
                .setBufferSize((int) MAX_BYTES + 1).build();
        refuseAnchorsAliasesAndTags(text, name, settings);
        Object root;
        try {
            root = new Load(settings).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            // The full message quotes the offending lines, where a PIN may sit: keep only the problem and its line.
            String where = e.getProblemMark().map(mk -> "line " + (mk.getLine() + 1) + ": ").orElse("");
            throw new InvalidInputException(name + ": " + where + "not a valid answers file: "
                    + (e.getContext() == null ? "" : e.getContext() + ", ") + withoutContent(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new InvalidInputException(name + ": not a valid answers file (" + e.getClass().getSimpleName() + ")");
        }
        Fields f = new Fields(name);
        Map<String, Object> top = f.map(root, "");
        f.noUnknown(top, KEYS, "");
        if (!Boolean.TRUE.equals(top.get("rehearsal"))) {
            throw f.error("rehearsal", "must be true: answers files drive rehearsals only");
        }
        List<Participant> participants = new ArrayList<>();
        List<Object> people = f.list(f.required(top, "participants", ""), "participants");
        for (int i = 0; i < people.size(); i++) {
            String path = "participants[" + i + "]";
            Map<String, Object> p = f.map(people.get(i), path);
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
            Map<String, Object> c = f.map(top.get("confirmations"), "confirmations");
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
            Map<String, Object> fl = f.map(top.get("failures"), "failures");
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
     * The plain YAML an answers file may use, as a script: no anchors ({@code &x}), aliases
     * ({@code *x}) or explicit tags; every value written out where it is read. The message names the
     * line only: an anchor's or alias's name in a damaged file can be a PIN.
     */
    private static void refuseAnchorsAliasesAndTags(String text, String name, LoadSettings settings)
            throws InvalidInputException {
        try {
            for (org.snakeyaml.engine.v2.events.Event e : new org.snakeyaml.engine.v2.api.lowlevel.Parse(settings)
                    .parseString(text)) {
                int line = e.getStartMark().map(m -> m.getLine() + 1).orElse(1);
                if (e instanceof org.snakeyaml.engine.v2.events.AliasEvent) {
                    throw new InvalidInputException(name + ": line " + line + ": an alias (*…) is not allowed in an "
                            + "answers file: write the value out in full");
                }
                if (e instanceof org.snakeyaml.engine.v2.events.NodeEvent n && n.getAnchor().isPresent()) {
                    throw new InvalidInputException(name + ": line " + line + ": an anchor (&…) is not allowed in an "
                            + "answers file: write every value out in full");
                }
                java.util.Optional<String> tag = e instanceof org.snakeyaml.engine.v2.events.ScalarEvent sc ? sc.getTag()
                        : e instanceof org.snakeyaml.engine.v2.events.CollectionStartEvent c ? c.getTag()
                        : java.util.Optional.empty();
                if (tag.isPresent()) {
                    throw new InvalidInputException(name + ": line " + line + ": an explicit tag (!…) is not allowed in "
                            + "an answers file: write plain values");
                }
            }
        } catch (YamlEngineException e) {
            // a syntax error: the full parse below reports it with its line
        }
    }

    /** A value from the file as a message shows it: printable, at most 40 characters. */
    private static String shown(String value) {
        return TextRules.printable(value, 40);
    }

    /** A key from the file in a field path: as it is when printable and short, else quoted and made so. */
    private static String key(String name) {
        return TextRules.line(name, 40).isEmpty() ? name : "'" + TextRules.printable(name, 40) + "'";
    }

    /** Typed access with the field path in every message. */
    private record Fields(String file) {
        InvalidInputException error(String path, String what) {
            return new InvalidInputException(file + ": " + (path.isEmpty() ? "" : path + ": ") + what);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(Object v, String path) throws InvalidInputException {
            if (!(v instanceof Map<?, ?> m)) {
                throw error(path, path.isEmpty() ? "the file must hold a mapping (key: value lines)" : "must be a mapping");
            }
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    // The key itself is never echoed: in a damaged file it can be a PIN, or the whole pins mapping.
                    String kind = k == null ? "empty" : k instanceof Number ? "a number" : k instanceof Boolean
                            ? "true or false" : k instanceof Map<?, ?> ? "a mapping" : k instanceof List<?> ? "a list"
                            : "not text";
                    throw error(path, "keys must be text, but a key here is " + kind
                            + " (quote a key that looks like a number; check the indentation)");
                }
            }
            return (Map<String, Object>) m;
        }

        @SuppressWarnings("unchecked")
        List<Object> list(Object v, String path) throws InvalidInputException {
            if (!(v instanceof List<?> l)) {
                throw error(path, "must be a list");
            }
            return (List<Object>) l;
        }

        String string(Object v, String path) throws InvalidInputException {
            if (!(v instanceof String s)) {
                throw error(path, "must be text (quote it, e.g. \"0123\")");
            }
            return s;
        }

        String oneOf(Object v, String path, Set<String> allowed) throws InvalidInputException {
            String s = string(v, path);
            if (!allowed.contains(s)) {
                throw error(path, "must be one of " + new java.util.TreeSet<>(allowed) + ", not \"" + shown(s) + "\"");
            }
            return s;
        }

        Object required(Map<String, Object> m, String key, String path) throws InvalidInputException {
            if (!m.containsKey(key)) {
                throw error(path.isEmpty() ? key : path + "." + key, "is required");
            }
            return m.get(key);
        }

        void noUnknown(Map<String, Object> m, Set<String> known, String path) throws InvalidInputException {
            for (String k : m.keySet()) {
                if (!known.contains(k)) {
                    throw error(path.isEmpty() ? key(k) : path + "." + key(k), "unknown key (allowed: "
                            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
        }

        Map<String, String> stringMap(Object v, String path) throws InvalidInputException {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : map(v, path).entrySet()) {
                // Never echo the value: under "pins" it is a PIN.
                if (!(e.getValue() instanceof String s)) {
                    throw error(path + "." + key(e.getKey()), "must be text (quote it, e.g. \"0123\")");
                }
                out.put(e.getKey(), s);
            }
            return out;
        }

        Map<String, List<String>> stringLists(Object v, String path, Set<String> allowed) throws InvalidInputException {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : map(v, path).entrySet()) {
                String p = path + "." + key(e.getKey());
                if (e.getValue() == null) {
                    throw error(p, "has no value (give a text, or a list of texts)");
                }
                List<Object> items = e.getValue() instanceof List<?> ? list(e.getValue(), p) : List.of(e.getValue());
                List<String> strings = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    String ip = items.size() == 1 && !(e.getValue() instanceof List<?>) ? p : p + "[" + i + "]";
                    strings.add(allowed == null ? string(items.get(i), ip) : oneOf(items.get(i), ip, allowed));
                }
                out.put(e.getKey(), List.copyOf(strings));
            }
            return out;
        }
    }
}
