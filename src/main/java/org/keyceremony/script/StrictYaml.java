package org.keyceremony.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The one strict YAML reader of KeyCeremony, for ceremony scripts and rehearsal answers
 * files alike: one document, no anchors or aliases, no explicit tags, a bounded size and
 * nesting depth, every key once. A file a person reviews must say everything in full where
 * it is read; the rules also take the teeth out of hostile input (alias bombs, deep nesting)
 * before anything walks a tree.
 *
 * <p>Two passes over the text: the event stream is checked first (cheap, flat, no
 * recursion), and only a stream that passed is composed into a node tree, whose nodes keep
 * their lines. What is wrong is returned as {@link Finding}s, in file order, for the caller to
 * word: a script names what it found, an answers file never echoes it (it may be a PIN).
 */
public final class StrictYaml {
    private StrictYaml() {
    }

    /** One thing that keeps a file from being read; {@code line} counts from 1. */
    public sealed interface Finding {
        int line();
    }

    /** The text holds more than the caller's limit of code points; nothing was parsed. */
    public record TooLarge(int line, int maxCodePoints) implements Finding {
    }

    /** No document at all, or a document with no value. */
    public record Empty(int line) implements Finding {
    }

    /** A second YAML document starts at {@code line}; the first is still read. */
    public record SecondDocument(int line) implements Finding {
    }

    /** Collections nested deeper than the caller's limit; nothing was composed. */
    public record TooDeep(int line, int maxDepth) implements Finding {
    }

    /** An alias {@code *name}; {@code name} comes from the file. */
    public record Alias(int line, String name) implements Finding {
    }

    /** An anchor {@code &name}; {@code name} comes from the file. */
    public record Anchor(int line, String name) implements Finding {
    }

    /** An explicit tag; {@code tag} comes from the file. */
    public record ExplicitTag(int line, String tag) implements Finding {
    }

    /**
     * Not YAML: a syntax error, a character YAML refuses, a limit of the library. The
     * library's messages may quote the file; the caller chooses what of it to show.
     */
    public record Broken(int line, YamlEngineException error) implements Finding {
    }

    /** A key given twice in one mapping: at {@code line}, first at {@code firstLine}. */
    public record DuplicateKey(int line, int firstLine, String key) implements Finding {
    }

    /**
     * What was read: the root of the first document, unless a finding kept it from being
     * composed (then empty), and every finding in file order. Duplicate keys are not among them:
     * {@link #duplicateKeys} and the field readers report those where they read.
     */
    public record Result(Optional<Node> root, List<Finding> findings) {
        public Result {
            findings = List.copyOf(findings);
        }
    }

    /**
     * The whole file is one reader buffer: SnakeYAML Engine 2.10 throws IndexOutOfBoundsException
     * when a character outside the BMP (an emoji, written raw) straddles two of its buffers.
     * Duplicate keys are found on the tree (the composer does not look for them).
     */
    private static LoadSettings settings(String label, int maxCodePoints) {
        return LoadSettings.builder()
                .setLabel(label)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(0)
                .setCodePointLimit(maxCodePoints)
                .setBufferSize(maxCodePoints + 1)
                .setUseMarks(true)
                .build();
    }

    /** Reads {@code text} under the rules above; {@code label} names the file in the library's own messages. */
    public static Result read(String text, String label, int maxCodePoints, int maxDepth) {
        List<Finding> findings = new ArrayList<>();
        if (text.codePointCount(0, text.length()) > maxCodePoints) {
            findings.add(new TooLarge(1, maxCodePoints));
            return new Result(Optional.empty(), findings);
        }
        LoadSettings settings = settings(label, maxCodePoints);
        if (!checkEvents(text, settings, maxDepth, findings)) {
            return new Result(Optional.empty(), findings);
        }
        try {
            Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
            if (!documents.hasNext()) {
                findings.add(new Empty(1));
                return new Result(Optional.empty(), findings);
            }
            return new Result(Optional.of(documents.next()), findings);
        } catch (YamlEngineException e) {
            findings.add(new Broken(lineOf(e, text), e));
            return new Result(Optional.empty(), findings);
        }
    }

    /**
     * Walks the event stream; false if the document must not be composed. A second
     * document is a finding but the first is still worth reading.
     */
    private static boolean checkEvents(String text, LoadSettings settings, int maxDepth, List<Finding> findings) {
        int depth = 0;
        int documents = 0;
        boolean composable = true;
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                switch (event.getEventId()) {
                    case DocumentStart -> {
                        documents++;
                        if (documents == 2) {
                            findings.add(new SecondDocument(line(event.getStartMark())));
                        }
                    }
                    case MappingStart, SequenceStart -> {
                        depth++;
                        if (depth > maxDepth) {
                            findings.add(new TooDeep(line(event.getStartMark()), maxDepth));
                            return false;
                        }
                    }
                    case MappingEnd, SequenceEnd -> depth--;
                    default -> {
                        // stream start/end, document end, scalars and comments need no bookkeeping
                    }
                }
                composable &= checkNodeEvent(event, findings);
            }
        } catch (YamlEngineException e) {
            findings.add(new Broken(lineOf(e, text), e));
            return false;
        }
        if (documents == 0) {
            findings.add(new Empty(1));
            return false;
        }
        return composable;
    }

    private static boolean checkNodeEvent(Event event, List<Finding> findings) {
        int line = line(event.getStartMark());
        if (event instanceof AliasEvent alias) {
            findings.add(new Alias(line, alias.getAlias().getValue()));
            return false;
        }
        boolean ok = true;
        if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
            findings.add(new Anchor(line, node.getAnchor().get().getValue()));
            ok = false;
        }
        Optional<String> tag = event instanceof ScalarEvent s ? s.getTag()
                : event instanceof CollectionStartEvent c ? c.getTag() : Optional.empty();
        if (tag.isPresent()) {
            findings.add(new ExplicitTag(line, tag.get()));
            ok = false;
        }
        return ok;
    }

    /**
     * Every key given twice in one mapping anywhere under {@code root}, in file order. Keys are compared as written (scalar text); a key that is not a scalar is left
     * to the field reader, which refuses it.
     */
    public static List<DuplicateKey> duplicateKeys(Node root) {
        List<DuplicateKey> found = new ArrayList<>();
        List<Node> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Node node = pending.remove(pending.size() - 1);
            List<Node> children = new ArrayList<>();
            if (node instanceof MappingNode mapping) {
                found.addAll(duplicatesIn(mapping));
                for (NodeTuple t : mapping.getValue()) {
                    children.add(t.getKeyNode());
                    children.add(t.getValueNode());
                }
            } else if (node instanceof SequenceNode sequence) {
                children.addAll(sequence.getValue());
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.add(children.get(i));
            }
        }
        found.sort(java.util.Comparator.comparingInt(DuplicateKey::line));
        return found;
    }

    /** The keys of one mapping given twice, each with the line of its first appearance. */
    public static List<DuplicateKey> duplicatesIn(MappingNode mapping) {
        List<DuplicateKey> found = new ArrayList<>();
        Map<String, Integer> first = new HashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode key) {
                Integer seen = first.putIfAbsent(key.getValue(), line(key));
                if (seen != null) {
                    found.add(new DuplicateKey(line(key), seen, key.getValue()));
                }
            }
        }
        return found;
    }

    /** True for a scalar YAML reads as text (not a number, true/false or no value). */
    public static boolean isText(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.STR);
    }

    /** True for a plain scalar YAML's core schema reads as no value ({@code ~}, {@code null}, nothing). */
    public static boolean readsAsNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.isPlain() && node.getTag().equals(Tag.NULL);
    }

    public static int line(Node node) {
        return line(node.getStartMark());
    }

    static int line(Optional<Mark> mark) {
        return mark.map(m -> m.getLine() + 1).orElse(1);
    }

    private static int lineOf(YamlEngineException e, String text) {
        if (e instanceof MarkedYamlEngineException marked) {
            return line(marked.getProblemMark().or(marked::getContextMark));
        }
        if (e instanceof ReaderException reader) {
            return lineAtCodePoint(text, reader.getPosition());
        }
        return 1;
    }

    private static int lineAtCodePoint(String text, int codePointIndex) {
        int line = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePointIndex; i += Character.charCount(text.codePointAt(i))) {
            if (text.charAt(i) == '\n') {
                line++;
            }
            seen++;
        }
        return line;
    }
}
