package org.keyceremony.script;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.keyceremony.base.TranscriptGlyphs;

/**
 * What text KeyCeremony accepts in a script field, a participant's name or a typed value: every
 * character a reviewer sees is a character the transcript prints, in the same order. Refused, with
 * the code point named:
 * <ul>
 *   <li>control characters (a terminal escape such as ESC [2J clears the screen of whoever runs
 *       {@code script check}); in a paragraph, line feed and tab are text;</li>
 *   <li>bidirectional controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069): a right-to-left
 *       override shows {@code 1ac-toor} for {@code root-ca1} — what the reviewer read is not
 *       what the HSM and the log hold;</li>
 *   <li>other invisible format characters (a zero-width space, a byte-order mark, a soft hyphen),
 *       except the zero-width joiner and non-joiner that some scripts need to render a name;</li>
 *   <li>line and paragraph separators, private-use, unassigned and lone surrogate code points.</li>
 * </ul>
 * Refused too: text the transcript cannot print faithfully ({@link #unprintable}: a character of a
 * script none of its fonts carries, such as an emoji or Devanagari).
 * And a length bound per field, so that nothing a reviewer passes can fail late (a 200,000-character
 * name used to hang the signing step; a 12,000-character CN overflowed the signature's space).
 */
public final class TextRules {
    /** A single-line field (a title, a label, a name): at most this many code points unless said otherwise. */
    public static final int LINE = 200;
    /** A participant's name, as printed on the transcript. */
    public static final int NAME = 128;
    /** A step's text read aloud. */
    public static final int PARAGRAPH = 4000;

    private TextRules() {
    }

    /**
     * Why {@code value} is not acceptable as a single line of at most {@code max} code points, or
     * empty when it is.
     */
    public static Optional<String> line(String value, int max) {
        return check(value, max, false);
    }

    /** As {@link #line}, for multi-line text: line feeds and tabs are allowed. */
    public static Optional<String> paragraph(String value, int max) {
        return check(value, max, true);
    }

    private static Optional<String> check(String value, int max, boolean multiLine) {
        int count = value.codePointCount(0, value.length());
        if (count > max) {
            return Optional.of("is " + count + " characters long; at most " + max + " are allowed");
        }
        int[] cps = value.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            if (multiLine && (cp == '\n' || cp == '\t')) {
                continue;
            }
            String why = why(cp);
            if (why != null) {
                return Optional.of("character " + describe(cp) + " at position " + (i + 1) + " is not allowed: " + why);
            }
        }
        return unprintable(value);
    }

    /**
     * Why {@code value} cannot be printed faithfully in the transcript, naming every character no
     * embedded font prints; empty when it can. Part of {@link #line} and {@link #paragraph}: a name
     * that would print as something else is refused before the ceremony starts.
     */
    public static Optional<String> unprintable(String value) {
        List<Integer> missing = TranscriptGlyphs.unrenderable(value);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String which = missing.stream().map(TranscriptGlyphs::describe).collect(Collectors.joining(", "));
        return Optional.of("cannot be printed in the transcript: no font it embeds prints "
                + (missing.size() == 1 ? "the character " : "the characters ") + which
                + "; the transcript prints " + TranscriptGlyphs.SCRIPTS
                + " (write the text in one of these scripts, e.g. a transliteration)");
    }

    /**
     * {@code value} as a message may show it: every character this class refuses as '?', and cut
     * to {@code max} code points with '…'. For text from a file that a message must name.
     */
    public static String printable(String value, int max) {
        StringBuilder sb = new StringBuilder();
        int[] cps = value.codePoints().limit(max + 1L).toArray();
        for (int i = 0; i < Math.min(cps.length, max); i++) {
            sb.appendCodePoint(why(cps[i]) != null ? '?' : cps[i]);
        }
        return cps.length > max ? sb.append('…').toString() : sb.toString();
    }

    /** Why code point {@code cp} is refused, or null. */
    static String why(int cp) {
        if (isBidiControl(cp)) {
            return "a bidirectional control reorders what is shown, so reviewers and the transcript would not read "
                    + "what is stored";
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
                return "a control character (a terminal would act on it, and it prints as nothing)";
            case Character.FORMAT:
                return cp == 0x200C || cp == 0x200D ? null : "an invisible format character";
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return "a line break inside a single line";
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.SURROGATE:
                return "it is no character the transcript can print";
            default:
                return null;
        }
    }

    /** U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069. */
    public static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }

    /**
     * {@code value} as it may be shown back to people: at most {@code max} code points, every
     * character {@link #why} refuses written as {@code \\uXXXX}, and "… (N characters)" when cut.
     */
    public static String preview(String value, int max) {
        StringBuilder sb = new StringBuilder();
        int[] cps = value.codePoints().toArray();
        for (int i = 0; i < cps.length && i < max; i++) {
            if (why(cps[i]) != null || cps[i] == '\n' || cps[i] == '\t') {
                sb.append(String.format("\\u%04X", cps[i]));
            } else {
                sb.appendCodePoint(cps[i]);
            }
        }
        return cps.length > max ? sb + "\u2026 (" + cps.length + " characters)" : sb.toString();
    }

    /** E.g. {@code U+202E (RIGHT-TO-LEFT OVERRIDE)}. */
    static String describe(int cp) {
        String name = Character.getName(cp);
        return String.format("U+%04X", cp) + (name == null ? "" : " (" + name + ")");
    }
}
