package org.keyceremony.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.script.StrictYaml;
import org.keyceremony.transcript.Check;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The strict reading of the ledger's two small YAML inputs (roster, policy), with the script's
 * reader ({@link StrictYaml}): one document, no anchors, aliases or tags, every key once and known,
 * every value of its type. The first problem is the refusal, naming the file, the line and the field.
 */
final class LedgerYaml {
    static final int MAX_BYTES = 256 * 1024;
    private static final int MAX_DEPTH = 8;

    private final String file;

    private LedgerYaml(String file) {
        this.file = file;
    }

    /** The root mapping of the file at {@code path}. */
    static Entries read(Path path, String what) throws InvalidInputException {
        String name = Check.printable(path.toString());
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(name + ": the " + what + " cannot be read: there is no such file; check the "
                    + "path");
        } catch (IOException e) {
            throw new InvalidInputException(name + ": the " + what + " cannot be read (" + e.getClass().getSimpleName()
                    .replace("Exception", "") + "); check the path and its permissions");
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException(name + ": larger than " + MAX_BYTES + " bytes; not a " + what);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(name + ": not UTF-8 text; not a " + what);
        }
        return parse(text, name, what);
    }

    /** The root mapping of {@code text}; {@code name} names it in messages. */
    static Entries parse(String text, String name, String what) throws InvalidInputException {
        StrictYaml.Result read = StrictYaml.read(text, name, MAX_BYTES, MAX_DEPTH);
        if (!read.findings().isEmpty()) {
            StrictYaml.Finding f = read.findings().get(0);
            throw new InvalidInputException(name + ": line " + f.line() + ": not a valid " + what + " ("
                    + f.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                    + "); see docs/ledger.md");
        }
        Node root = read.root().orElseThrow();
        List<StrictYaml.DuplicateKey> duplicates = StrictYaml.duplicateKeys(root);
        if (!duplicates.isEmpty()) {
            StrictYaml.DuplicateKey d = duplicates.get(0);
            throw new InvalidInputException(name + ": line " + d.line() + ": " + Check.printable(d.key())
                    + ": duplicate key; first given at line " + d.firstLine());
        }
        return new LedgerYaml(name).entries(root, "");
    }

    Entries entries(Node node, String path) throws InvalidInputException {
        if (!(node instanceof MappingNode m)) {
            throw problem(node, path.isEmpty() ? "(the file)" : path, "expected a mapping (key: value lines)");
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || !StrictYaml.isText(k)) {
                throw problem(t.getKeyNode(), path.isEmpty() ? "(the file)" : path, "keys must be plain names");
            }
            values.put(k.getValue(), t.getValueNode());
        }
        return new Entries(this, path, node, values);
    }

    InvalidInputException problem(Node node, String field, String message) {
        return new InvalidInputException(file + ": line " + StrictYaml.line(node) + ": " + Check.printable(field) + ": "
                + message);
    }

    /** One mapping of the file, read field by field. */
    static final class Entries {
        private final LedgerYaml yaml;
        private final String path;
        private final Node node;
        private final Map<String, Node> values;

        Entries(LedgerYaml yaml, String path, Node node, Map<String, Node> values) {
            this.yaml = yaml;
            this.path = path;
            this.node = node;
            this.values = values;
        }

        private String field(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        /** Refuses any key not in {@code allowed}. */
        void allowOnly(Set<String> allowed) throws InvalidInputException {
            for (Map.Entry<String, Node> e : values.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    throw yaml.problem(e.getValue(), field(e.getKey()), "unknown key; allowed: "
                            + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }

        /** A refusal of {@code key}'s value (or of the mapping, when the key is absent), with its line. */
        InvalidInputException refuse(String key, String message) {
            return yaml.problem(values.getOrDefault(key, node), field(key), message);
        }

        boolean has(String key) {
            return values.containsKey(key);
        }

        String text(String key) throws InvalidInputException {
            Node n = required(key);
            if (!(n instanceof ScalarNode s) || StrictYaml.readsAsNull(n) || s.getValue().isBlank()) {
                throw yaml.problem(n, field(key), "must be text");
            }
            return s.getValue().strip();
        }

        int integer(String key, int min, int max) throws InvalidInputException {
            Node n = required(key);
            if (!(n instanceof ScalarNode s) || !n.getTag().equals(Tag.INT)) {
                throw yaml.problem(n, field(key), "must be a whole number from " + min + " to " + max);
            }
            try {
                int v = Integer.parseInt(s.getValue());
                if (v < min || v > max) {
                    throw yaml.problem(n, field(key), "must be a whole number from " + min + " to " + max);
                }
                return v;
            } catch (NumberFormatException e) {
                throw yaml.problem(n, field(key), "must be a whole number from " + min + " to " + max);
            }
        }

        /** A day written {@code 2027-03-01} (YAML reads it as a timestamp or text; both are taken as the day). */
        LocalDate day(String key) throws InvalidInputException {
            Node n = required(key);
            if (!(n instanceof ScalarNode s)) {
                throw yaml.problem(n, field(key), "must be a date written YYYY-MM-DD");
            }
            try {
                return LocalDate.parse(s.getValue().strip());
            } catch (DateTimeParseException e) {
                throw yaml.problem(n, field(key), "must be a date written YYYY-MM-DD");
            }
        }

        List<Entries> list(String key) throws InvalidInputException {
            Node n = required(key);
            if (!(n instanceof SequenceNode seq)) {
                throw yaml.problem(n, field(key), "must be a list");
            }
            List<Entries> out = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                out.add(yaml.entries(seq.getValue().get(i), field(key) + "[" + (i + 1) + "]"));
            }
            return out;
        }

        private Node required(String key) throws InvalidInputException {
            Node n = values.get(key);
            if (n == null) {
                throw yaml.problem(node, field(key), "missing");
            }
            return n;
        }
    }
}
