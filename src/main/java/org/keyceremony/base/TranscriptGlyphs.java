package org.keyceremony.base;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of the transcript's fonts prints a piece of text, and what none of them can print. One
 * decision for two callers: the transcript's renderer asks it which font draws each character,
 * and every check of text that will be printed (script fields, participants' names, the location)
 * asks {@link #unrenderable} before the ceremony starts, so that a name is either printed
 * faithfully or refused at the door, never a '?' in signed evidence.
 *
 * <p>The decision is made per grapheme cluster (a letter with its combining marks stays in one
 * font), in this order:
 * <ol>
 *   <li>a single left-to-right Latin, Greek, Cyrillic or common character that the face (Liberation
 *       Sans, Sans Bold or Mono) has is drawn in the face, as transcripts always were;</li>
 *   <li>otherwise the first {@link Fallback} that has every character of the cluster draws it,
 *       shaped (contextual forms, marks, right-to-left order);</li>
 *   <li>a right-to-left neutral that only the face has, and that has no mirrored form, stays in the
 *       face.</li>
 * </ol>
 * Only the scripts whose shaping the fonts and the JDK's layout engine carry are accepted, whatever a
 * font's character map holds: Latin, Greek, Cyrillic, Hebrew, Arabic, Han, Hiragana, Katakana and
 * Bopomofo, with common punctuation and symbols. Not Korean: the CJK font has 3 of the 11,172
 * Hangul syllables. The font files are the
 * renderer's (under {@code org/keyceremony/transcript/fonts}); this class only reads their
 * character maps, through the JDK.
 */
public final class TranscriptGlyphs {
    /** What the transcript prints, for messages. */
    public static final String SCRIPTS = "Latin, Greek, Cyrillic, Hebrew, Arabic, Chinese and Japanese";

    private static final String FONTS = "/org/keyceremony/transcript/fonts/";

    /** The three faces of the transcript's own text. */
    public enum Face {
        REGULAR("/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf"),
        BOLD(FONTS + "LiberationSans-Bold.ttf"),
        MONO(FONTS + "LiberationMono-Regular.ttf");

        private final String resource;

        Face(String resource) {
            this.resource = resource;
        }

        /** The class-path resource of the font file. */
        public String resource() {
            return resource;
        }
    }

    /** The fonts tried, in this order, for what the face cannot print; each is shaped by the JDK. */
    public enum Fallback {
        NOTO_SANS(FONTS + "NotoSans-Regular.ttf"),
        NOTO_SANS_HEBREW(FONTS + "NotoSansHebrew-Regular.ttf"),
        NOTO_NASKH_ARABIC(FONTS + "NotoNaskhArabic-Regular.ttf"),
        DROID_SANS_FALLBACK(FONTS + "DroidSansFallbackFull.ttf");

        private final String resource;

        Fallback(String resource) {
            this.resource = resource;
        }

        /** The class-path resource of the font file. */
        public String resource() {
            return resource;
        }
    }

    /**
     * How a cluster is printed: in the face, unshaped ({@code fallback} empty), or shaped in a
     * fallback font.
     */
    public record Choice(Optional<Fallback> fallback) {
        static final Choice FACE = new Choice(Optional.empty());

        /** True when the face draws it, code point by code point. */
        public boolean inFace() {
            return fallback.isEmpty();
        }
    }

    private static final Set<Character.UnicodeScript> SCRIPTS_ACCEPTED = Set.of(Character.UnicodeScript.COMMON,
            Character.UnicodeScript.INHERITED, Character.UnicodeScript.LATIN, Character.UnicodeScript.GREEK,
            Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.HEBREW, Character.UnicodeScript.ARABIC,
            Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA,
            Character.UnicodeScript.BOPOMOFO);

    private static final Set<Character.UnicodeScript> FACE_SCRIPTS = Set.of(Character.UnicodeScript.COMMON,
            Character.UnicodeScript.LATIN, Character.UnicodeScript.GREEK, Character.UnicodeScript.CYRILLIC);

    private TranscriptGlyphs() {
    }

    /**
     * The code points of {@code text} that the transcript cannot print faithfully, each once, in
     * order of appearance; empty when all of it prints. Line feeds and tabs count as printable (the
     * layout breaks and expands them); the rules of what text is acceptable at all are elsewhere.
     */
    public static List<Integer> unrenderable(String text) {
        Set<Integer> bad = new LinkedHashSet<>();
        for (String cluster : clusters(text)) {
            if (isAscii(cluster)) {
                continue;
            }
            boolean ok = true;
            for (Face face : Face.values()) {
                ok = ok && choose(cluster, face, false).isPresent() && choose(cluster, face, true).isPresent();
            }
            if (!ok) {
                List<Integer> missing = cluster.codePoints()
                        .filter(cp -> !accepted(cp) || !anyFontHas(cp)).boxed().toList();
                // every character exists somewhere, but no one font has the letter and its marks
                bad.addAll(missing.isEmpty() ? cluster.codePoints().boxed().toList() : missing);
            }
        }
        return List.copyOf(bad);
    }

    /** E.g. {@code U+1F600 (GRINNING FACE)}. */
    public static String describe(int cp) {
        String name = Character.getName(cp);
        return String.format("U+%04X", cp) + (name == null ? "" : " (" + name + ")");
    }

    /**
     * The font that prints {@code cluster} in text of {@code face}, at a right-to-left bidi level or
     * not; empty when none can.
     */
    public static Optional<Choice> choose(String cluster, Face face, boolean rightToLeft) {
        int[] cps = cluster.codePoints().toArray();
        for (int cp : cps) {
            if (!accepted(cp)) {
                return Optional.empty();
            }
        }
        boolean single = cps.length == 1;
        if (!rightToLeft && single && faceMayDraw(cps[0]) && has(face, cps[0])) {
            return Optional.of(Choice.FACE);
        }
        for (Fallback f : Fallback.values()) {
            if (hasAll(f, cps)) {
                return Optional.of(new Choice(Optional.of(f)));
            }
        }
        if (single && faceMayDraw(cps[0]) && !Character.isMirrored(cps[0]) && has(face, cps[0])) {
            return Optional.of(Choice.FACE);
        }
        return Optional.empty();
    }

    /** Whether fallback {@code f} has a glyph for {@code cp}. */
    public static boolean has(Fallback f, int cp) {
        return Fonts.FALLBACKS.get(f).canDisplay(cp);
    }

    /** The JDK's font for fallback {@code f} at 1 point, from the same file the PDF embeds. */
    public static Font font(Fallback f) {
        return Fonts.FALLBACKS.get(f);
    }

    /** The grapheme clusters of {@code text}, in order. */
    public static List<String> clusters(String text) {
        List<String> out = new ArrayList<>();
        BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            out.add(text.substring(start, end));
        }
        return out;
    }

    private static boolean isAscii(String cluster) {
        return cluster.length() == 1 && cluster.charAt(0) >= 0x20 && cluster.charAt(0) < 0x7F
                || cluster.equals("\n") || cluster.equals("\t");
    }

    private static boolean faceMayDraw(int cp) {
        byte dir = Character.getDirectionality(cp);
        int type = Character.getType(cp);
        return FACE_SCRIPTS.contains(Character.UnicodeScript.of(cp))
                && dir != Character.DIRECTIONALITY_RIGHT_TO_LEFT && dir != Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
                && dir != Character.DIRECTIONALITY_ARABIC_NUMBER
                && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK
                && type != Character.COMBINING_SPACING_MARK;
    }

    private static boolean accepted(int cp) {
        return cp == '\n' || cp == '\t' || SCRIPTS_ACCEPTED.contains(Character.UnicodeScript.of(cp));
    }

    private static boolean has(Face face, int cp) {
        return Fonts.FACES.get(face).canDisplay(cp);
    }

    private static boolean hasAll(Fallback f, int[] cps) {
        Font font = Fonts.FALLBACKS.get(f);
        for (int cp : cps) {
            if (!font.canDisplay(cp)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyFontHas(int cp) {
        for (Face face : Face.values()) {
            if (has(face, cp)) {
                return true;
            }
        }
        for (Fallback f : Fallback.values()) {
            if (has(f, cp)) {
                return true;
            }
        }
        return false;
    }

    /** Loaded on first use: ASCII never needs them. */
    private static final class Fonts {
        static final Map<Face, Font> FACES = new EnumMap<>(Face.class);
        static final Map<Fallback, Font> FALLBACKS = new EnumMap<>(Fallback.class);

        static {
            for (Face f : Face.values()) {
                FACES.put(f, load(f.resource()));
            }
            for (Fallback f : Fallback.values()) {
                FALLBACKS.put(f, load(f.resource()));
            }
        }

        private static Font load(String resource) {
            try (InputStream in = TranscriptGlyphs.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("font resource missing from the application: " + resource);
                }
                return Font.createFont(Font.TRUETYPE_FONT, in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the font " + resource, e);
            } catch (FontFormatException e) {
                throw new IllegalStateException("the font " + resource + " is not a TrueType font", e);
            }
        }
    }
}
