package org.keyceremony.script;

import java.util.Optional;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A ceremony script's root mapping, read by {@link StrictYaml} (one document, no anchors or
 * aliases, no explicit tags, a bounded size and depth), with what it finds worded for the
 * person who edits the script: a script holds nothing secret, so a message may name what it
 * found.
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
     * The root mapping of the document, or empty with the reasons in {@code problems}.
     */
    static Optional<MappingNode> compose(String text, String fileName, Problems problems) {
        StrictYaml.Result read = StrictYaml.read(text, fileName, MAX_CODE_POINTS, MAX_DEPTH);
        for (StrictYaml.Finding finding : read.findings()) {
            problems.add("", finding.line(), describe(finding));
        }
        if (read.root().isEmpty()) {
            return Optional.empty();
        }
        Node root = read.root().get();
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

    private static String describe(StrictYaml.Finding finding) {
        if (finding instanceof StrictYaml.TooLarge) {
            return tooLarge();
        }
        if (finding instanceof StrictYaml.Empty) {
            return emptyMessage();
        }
        if (finding instanceof StrictYaml.SecondDocument) {
            return "a second YAML document starts here; a script is exactly one document";
        }
        if (finding instanceof StrictYaml.TooDeep deep) {
            return "nested more than " + deep.maxDepth() + " levels deep; this is not a ceremony script";
        }
        if (finding instanceof StrictYaml.Alias alias) {
            return "alias *" + alias.name() + " is not allowed; write the value out in full, as reviewers read it";
        }
        if (finding instanceof StrictYaml.Anchor anchor) {
            return "anchor &" + anchor.name() + " is not allowed; a reviewed script is written out in full";
        }
        if (finding instanceof StrictYaml.ExplicitTag tag) {
            return "explicit tag " + Problems.quote(tag.tag()) + " is not allowed; write plain values";
        }
        if (finding instanceof StrictYaml.DuplicateKey duplicate) {
            return "duplicate key; first given at line " + duplicate.firstLine();
        }
        StrictYaml.Broken broken = (StrictYaml.Broken) finding;
        if (broken.error() instanceof MarkedYamlEngineException marked) {
            return "YAML syntax: " + printable(marked.getProblem() == null ? "not valid YAML" : marked.getProblem());
        }
        if (broken.error() instanceof ReaderException reader) {
            return String.format("character U+%04X is not allowed in a script", reader.getCodePoint());
        }
        // e.g. the code point limit; snakeyaml's own message carries no input text
        return "not readable as YAML: " + printable(String.valueOf(broken.error().getMessage()));
    }

    /**
     * SnakeYAML's own words, which quote the character it stopped at: tabs and line ends spelt
     * out, and every character {@link TextRules} refuses (controls, bidirectional and invisible
     * format characters such as U+FEFF) shown as '?', as everywhere else a file's text is shown.
     */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(200).forEach(cp -> {
            if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n' || cp == '\r') {
                sb.append(' ');
            } else {
                sb.appendCodePoint(TextRules.why(cp) != null ? '?' : cp);
            }
        });
        return sb.toString().strip();
    }

    static int line(Node node) {
        return StrictYaml.line(node);
    }

    static int line(Optional<Mark> mark) {
        return StrictYaml.line(mark);
    }
}
