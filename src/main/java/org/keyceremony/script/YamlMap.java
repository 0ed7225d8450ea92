package org.keyceremony.script;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Strict, typed access to one YAML mapping of a script. Keys must be plain names, appear
 * once and be known; every value is checked for its type. Problems go to {@link Problems}
 * with the field path and line, and the getters return empty so that reading goes on and
 * the file's other errors are found too.
 */
public final class YamlMap {
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,8})");
    /** Longest key shown as it is in a field path (every key a script knows is far shorter). */
    private static final int PATH_KEY = 40;

    private final String path;
    private final int line;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(MappingNode node, String path, Problems problems) {
        this.path = path;
        this.line = PlainYaml.line(node);
        this.problems = problems;
        for (NodeTuple tuple : node.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar) || scalar.getValue().isEmpty()) {
                problems.add(path, PlainYaml.line(key), "keys must be plain names; found " + describe(key));
                continue;
            }
            String name = scalar.getValue();
            NodeTuple first = entries.putIfAbsent(name, tuple);
            if (first != null) {
                problems.add(child(name), PlainYaml.line(key), "duplicate key; first given at line "
                        + PlainYaml.line(first.getKeyNode()));
            } else {
                problems.recordLine(child(name), PlainYaml.line(tuple.getValueNode()));
            }
        }
    }

    /** The node as a mapping, or empty after reporting what it is instead. */
    static Optional<YamlMap> of(Node node, String path, Problems problems) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlMap(mapping, path, problems));
        }
        problems.add(path, PlainYaml.line(node), "expected a mapping (key: value lines), found " + describe(node));
        return Optional.empty();
    }

    static Optional<YamlMap> ofRoot(MappingNode root, Problems problems) {
        return Optional.of(new YamlMap(root, "", problems));
    }

    public String path() {
        return path;
    }

    int line() {
        return line;
    }

    /**
     * The path to {@code key}. A key comes from the file: one that is long, or holds a character a
     * terminal would act on or that reorders what is shown, appears quoted and printable.
     */
    String child(String key) {
        String shown = TextRules.line(key, PATH_KEY).isEmpty() ? key : Problems.quote(key);
        return path.isEmpty() ? shown : path + "." + shown;
    }

    /** Reports every key not in {@code allowed}. */
    public void allowOnly(List<String> allowed) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                problems.add(child(e.getKey()), PlainYaml.line(e.getValue().getKeyNode()),
                        "unknown key" + Suggestion.of(e.getKey(), allowed)
                                .map(s -> "; did you mean '" + s + "'?").orElse("; allowed here: " + String.join(", ", allowed)));
            }
        }
    }

    /** The value node; if absent and {@code required}, reports it missing. A null value counts as absent. */
    Optional<Node> node(String key, boolean required) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            if (required) {
                problems.add(child(key), tuple == null ? line : PlainYaml.line(tuple.getValueNode()),
                        tuple == null ? "required but missing" : "required but empty");
            }
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    /** Single-line text of at most {@link TextRules#LINE} characters (see {@link TextRules}). */
    public Optional<String> text(String key, boolean required) {
        return text(key, required, TextRules.LINE);
    }

    /** Single-line text of at most {@code max} characters. */
    public Optional<String> text(String key, boolean required, int max) {
        return node(key, required).flatMap(n -> text(n, child(key), problems))
                .flatMap(t -> checked(key, n(key), TextRules.line(t, max), t));
    }

    /** Multi-line text (line feeds and tabs allowed) of at most {@code max} characters. */
    Optional<String> paragraph(String key, boolean required, int max) {
        return node(key, required).flatMap(n -> text(n, child(key), problems))
                .flatMap(t -> checked(key, n(key), TextRules.paragraph(t, max), t));
    }

    private Node n(String key) {
        return node(key, false).orElse(null);
    }

    private Optional<String> checked(String key, Node node, Optional<String> problem, String value) {
        if (problem.isPresent()) {
            problems.add(child(key), node == null ? problems.lineOf(child(key)) : PlainYaml.line(node), problem.get());
            return Optional.empty();
        }
        return Optional.of(value);
    }

    public Optional<Integer> integer(String key, boolean required) {
        return node(key, required).flatMap(n -> integer(n, child(key), problems));
    }

    public Optional<Boolean> bool(String key, boolean required) {
        return node(key, required).flatMap(n -> bool(n, child(key), problems));
    }

    public Optional<YamlMap> map(String key, boolean required) {
        return node(key, required).flatMap(n -> of(n, child(key), problems));
    }

    /** A list of mappings (each checked as a mapping, its path {@code key[i]}). */
    public Optional<List<YamlMap>> maps(String key, boolean required) {
        return list(key, required).map(nodes -> {
            List<YamlMap> out = new java.util.ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                of(nodes.get(i), child(key) + "[" + i + "]", problems).ifPresent(out::add);
            }
            return out;
        });
    }

    Problems problems() {
        return problems;
    }

    /** An RFC 3339 time in UTC with whole seconds ({@code 2027-01-15T00:00:00Z}), reported by path if not. */
    public Optional<java.time.Instant> time(String key, boolean required) {
        if (required && node(key, true).isEmpty()) {
            return Optional.empty();
        }
        return CertificateFields.instant(this, key);
    }

    /** Reports {@code problem} at {@code key} of this mapping (a value the kind's own rules refuse). */
    public void refuse(String key, String problem) {
        problems.add(child(key), problems.lineOf(child(key)), problem);
    }

    Optional<List<Node>> list(String key, boolean required) {
        return node(key, required).flatMap(n -> {
            if (n instanceof SequenceNode seq) {
                return Optional.of(seq.getValue());
            }
            problems.add(child(key), PlainYaml.line(n), "expected a list (lines starting with '- '), found " + describe(n));
            return Optional.empty();
        });
    }

    /** One of {@code names} (the YAML spellings), reported with the allowed values if not. */
    public <E> Optional<E> oneOf(String key, boolean required, Map<String, E> names) {
        return text(key, required).flatMap(value -> {
            E e = names.get(value);
            if (e == null) {
                problems.add(child(key), problems.lineOf(child(key)), "unknown value " + Problems.quote(value)
                        + Suggestion.of(value, names.keySet()).map(s -> "; did you mean '" + s + "'?")
                                .orElse("; allowed: " + String.join(", ", names.keySet())));
            }
            return Optional.ofNullable(e);
        });
    }

    /** A scalar's text (numbers and words are kept as written); a collection is a type error. */
    static Optional<String> text(Node node, String path, Problems problems) {
        if (node instanceof ScalarNode scalar && !isNull(scalar)) {
            if (scalar.getValue().isBlank()) {
                problems.add(path, PlainYaml.line(node), "must not be blank");
                return Optional.empty();
            }
            return Optional.of(scalar.getValue());
        }
        problems.add(path, PlainYaml.line(node), "expected text, found " + describe(node));
        return Optional.empty();
    }

    static Optional<Integer> integer(Node node, String path, Problems problems) {
        if (node instanceof ScalarNode scalar && scalar.isPlain() && INTEGER.matcher(scalar.getValue()).matches()) {
            return Optional.of(Integer.parseInt(scalar.getValue()));
        }
        problems.add(path, PlainYaml.line(node), "expected a whole number, found " + describe(node));
        return Optional.empty();
    }

    static Optional<Boolean> bool(Node node, String path, Problems problems) {
        if (node instanceof ScalarNode scalar && scalar.isPlain()
                && (scalar.getValue().equals("true") || scalar.getValue().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(scalar.getValue()));
        }
        problems.add(path, PlainYaml.line(node), "expected true or false, found " + describe(node));
        return Optional.empty();
    }

    /** YAML's spellings of "no value": an empty plain scalar, {@code ~} and {@code null}. */
    static boolean isNull(Node node) {
        if (!(node instanceof ScalarNode scalar) || !scalar.isPlain()) {
            return false;
        }
        String v = scalar.getValue();
        return v.isEmpty() || v.equals("~") || v.toLowerCase(Locale.ROOT).equals("null");
    }

    /** What a node is, for messages: {@code a mapping}, {@code a list}, {@code 'five'}, {@code a quoted '3'}. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (isNull(scalar)) {
            return "no value";
        }
        return (scalar.isPlain() ? "" : "quoted text ") + Problems.quote(scalar.getValue());
    }
}
