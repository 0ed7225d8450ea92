package org.keyceremony.script;

import java.util.Iterator;
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
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The plain subset of YAML a ceremony script may use: one document, no anchors or aliases,
 * no explicit tags, a bounded nesting depth. A reviewed script must say everything in full
 * where it is read; the subset also takes the teeth out of hostile input (alias bombs,
 * deep nesting) before anything walks a tree.
 *
 * <p>Two passes over the text: the event stream is checked first (cheap, flat, no
 * recursion), and only a stream that passed is composed into a node tree.
 */
final class PlainYaml {
    /** A script needs 7 levels (acts, steps, action parameters); anything far deeper is not a script. */
    static final int MAX_DEPTH = 16;
    /** Far more than any script needs (the shipped ones are a few tens of KiB). */
    static final int MAX_CODE_POINTS = 512 * 1024;

    private PlainYaml() {
    }

    static String tooLarge() {
        return "the file is larger than " + MAX_CODE_POINTS / 1024 + " KiB; a ceremony script is a few hundred lines";
    }

    /**
     * The whole file is one reader buffer: SnakeYAML Engine 2.10 throws IndexOutOfBoundsException
     * when a character outside the BMP (an emoji, written raw) straddles two of its buffers.
     */
    private static LoadSettings settings(String fileName) {
        return LoadSettings.builder()
                .setLabel(fileName)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(0)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setBufferSize(MAX_CODE_POINTS + 1)
                .setUseMarks(true)
                .build();
    }

    /**
     * The root mapping of the document, or empty with the reasons in {@code problems}.
     */
    static Optional<MappingNode> compose(String text, String fileName, Problems problems) {
        if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            problems.add("", 1, tooLarge());
            return Optional.empty();
        }
        LoadSettings settings = settings(fileName);
        if (!checkEvents(text, settings, problems)) {
            return Optional.empty();
        }
        Node root;
        try {
            Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
            if (!documents.hasNext()) {
                problems.add("", 1, emptyMessage());
                return Optional.empty();
            }
            root = documents.next();
        } catch (YamlEngineException e) {
            reportSyntax(e, text, problems);
            return Optional.empty();
        }
        if (root instanceof ScalarNode scalar && YamlMap.isNull(scalar)) {
            problems.add("", line(root), emptyMessage());
            return Optional.empty();
        }
        if (!(root instanceof MappingNode mapping)) {
            problems.add("", line(root), "a script is a mapping with the keys script, policy, roles and acts; found "
                    + YamlMap.describe(root));
            return Optional.empty();
        }
        return Optional.of(mapping);
    }

    private static String emptyMessage() {
        return "the file is empty; a script is a mapping with the keys script, policy, roles and acts";
    }

    /**
     * Walks the event stream; false if the document must not be composed. A second
     * document is an error but the first is still worth checking.
     */
    private static boolean checkEvents(String text, LoadSettings settings, Problems problems) {
        int depth = 0;
        int documents = 0;
        boolean composable = true;
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                switch (event.getEventId()) {
                    case DocumentStart -> {
                        documents++;
                        if (documents == 2) {
                            problems.add("", line(event.getStartMark()),
                                    "a second YAML document starts here; a script is exactly one document");
                        }
                    }
                    case MappingStart, SequenceStart -> {
                        depth++;
                        if (depth > MAX_DEPTH) {
                            problems.add("", line(event.getStartMark()),
                                    "nested more than " + MAX_DEPTH + " levels deep; this is not a ceremony script");
                            return false;
                        }
                    }
                    case MappingEnd, SequenceEnd -> depth--;
                    default -> {
                        // stream start/end, document end, scalars and comments need no bookkeeping
                    }
                }
                composable &= checkNodeEvent(event, problems);
            }
        } catch (YamlEngineException e) {
            reportSyntax(e, text, problems);
            return false;
        }
        if (documents == 0) {
            problems.add("", 1, emptyMessage());
            return false;
        }
        return composable;
    }

    private static boolean checkNodeEvent(Event event, Problems problems) {
        int line = line(event.getStartMark());
        if (event instanceof AliasEvent alias) {
            problems.add("", line, "alias *" + alias.getAlias().getValue()
                    + " is not allowed; write the value out in full, as reviewers read it");
            return false;
        }
        boolean ok = true;
        if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
            problems.add("", line, "anchor &" + node.getAnchor().get().getValue()
                    + " is not allowed; a reviewed script is written out in full");
            ok = false;
        }
        Optional<String> tag = event instanceof ScalarEvent s ? s.getTag()
                : event instanceof CollectionStartEvent c ? c.getTag() : Optional.empty();
        if (tag.isPresent()) {
            problems.add("", line, "explicit tag " + Problems.quote(tag.get())
                    + " is not allowed; write plain values");
            ok = false;
        }
        return ok;
    }

    private static void reportSyntax(YamlEngineException e, String text, Problems problems) {
        if (e instanceof MarkedYamlEngineException marked) {
            Optional<Mark> mark = marked.getProblemMark().or(marked::getContextMark);
            String problem = marked.getProblem() == null ? "not valid YAML" : marked.getProblem();
            problems.add("", line(mark), "YAML syntax: " + printable(problem));
        } else if (e instanceof ReaderException reader) {
            problems.add("", lineAtCodePoint(text, reader.getPosition()),
                    String.format("character U+%04X is not allowed in a script", reader.getCodePoint()));
        } else {
            // e.g. the code point limit; snakeyaml's own message carries no input text
            problems.add("", 1, "not readable as YAML: " + printable(String.valueOf(e.getMessage())));
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(200).forEach(cp -> {
            if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n' || cp == '\r') {
                sb.append(' ');
            } else {
                sb.appendCodePoint(Character.isISOControl(cp) || !Character.isDefined(cp) ? '?' : cp);
            }
        });
        return sb.toString().strip();
    }

    static int line(Node node) {
        return line(node.getStartMark());
    }

    static int line(Optional<Mark> mark) {
        return mark.map(m -> m.getLine() + 1).orElse(1);
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
