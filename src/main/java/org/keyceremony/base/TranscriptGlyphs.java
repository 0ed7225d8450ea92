package org.keyceremony.base;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

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
 * character maps, each once per process and only when a character needs it, with the same
 * font parser that embeds them ({@link CharacterMap}).
 */
public final class TranscriptGlyphs {
    /** What the transcript prints, for messages. */
    public static final String SCRIPTS = "Latin, Greek, Cyrillic, Hebrew, Arabic, Chinese and Japanese";

    private static final String FONTS = "/org/keyceremony/transcript/fonts/";
    private static final Map<String, byte[]> FONT_FILES = new ConcurrentHashMap<>();

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

    /**
     * A font file of the transcript (a {@link Face}'s or a {@link Fallback}'s resource), read from
     * the application once per process: the character maps here, and every rendering, which embeds
     * a subset. Shared: nothing writes to it (fontbox, PDFBox and the JDK only read it).
     */
    public static byte[] fontFile(String resource) throws IOException {
        byte[] bytes = FONT_FILES.get(resource);
        if (bytes == null) {
            try (InputStream in = TranscriptGlyphs.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("font resource missing from the application: " + resource);
                }
                bytes = in.readAllBytes();
            }
            FONT_FILES.putIfAbsent(resource, bytes);
        }
        return bytes;
    }

    /** Whether fallback {@code f} has a glyph for {@code cp}. */
    public static boolean has(Fallback f, int cp) {
        return CharacterMap.of(f.resource()).has(cp);
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

    /** Whether the face has a glyph for {@code cp}. */
    static boolean has(Face face, int cp) {
        return CharacterMap.of(face.resource()).has(cp);
    }

    private static boolean hasAll(Fallback f, int[] cps) {
        CharacterMap map = CharacterMap.of(f.resource());
        for (int cp : cps) {
            if (!map.has(cp)) {
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

    /**
     * A font file's Unicode character map and glyph count, read on first use (ASCII never needs
     * one) and kept for the process: the renderer and every check of entered text ask it for
     * character after character, from any thread (a batch verifies on several).
     *
     * <p>It answers as the JDK's {@code Font.canDisplay} does for the same file, which this class
     * asked until the JDK's font system proved to cost a fifth of a second and ten megabytes in
     * every process that prints a dash (TranscriptGlyphsTest compares the two for every code point
     * of every font): a code point has a glyph when the map gives one that the font holds; a few
     * that the map leaves out count as drawn as nothing, as the JDK draws them (tab, line feed,
     * carriage return, U+200C–U+200F, U+2028–U+202E and U+206A–U+206F).
     */
    private record CharacterMap(CmapLookup cmap, int glyphs) {
        private static final Map<String, CharacterMap> READ = new ConcurrentHashMap<>();

        static CharacterMap of(String resource) {
            return READ.computeIfAbsent(resource, CharacterMap::read);
        }

        boolean has(int cp) {
            int gid = cmap.getGlyphId(cp);
            return gid > 0 ? gid < glyphs : drawnAsNothing(cp);
        }

        private static boolean drawnAsNothing(int cp) {
            return cp == '\t' || cp == '\n' || cp == '\r' || cp >= 0x200C && cp <= 0x200F
                    || cp >= 0x2028 && cp <= 0x202E || cp >= 0x206A && cp <= 0x206F;
        }

        private static CharacterMap read(String resource) {
            byte[] bytes;
            try {
                bytes = fontFile(resource);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the font " + resource, e);
            }
            try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(bytes))) {
                CmapLookup cmap = font.getUnicodeCmapLookup(false);
                if (cmap == null) {
                    throw new IllegalStateException("the font " + resource + " has no Unicode character map");
                }
                return new CharacterMap(cmap, font.getNumberOfGlyphs());
            } catch (IOException e) {
                throw new IllegalStateException("the font " + resource + " is not a TrueType font", e);
            }
        }
    }
}
