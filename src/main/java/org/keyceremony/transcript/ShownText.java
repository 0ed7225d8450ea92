package org.keyceremony.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.gsub.GsubWorker;
import org.apache.fontbox.ttf.gsub.GsubWorkerFactory;
import org.apache.fontbox.ttf.gsub.GsubWorkerForDflt;
import org.apache.fontbox.ttf.gsub.GsubWorkerForLatin;
import org.apache.fontbox.ttf.model.GsubData;
import org.apache.fontbox.ttf.model.ScriptFeature;
import org.apache.pdfbox.pdfwriter.COSWriter;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * {@code Tj} with a transcript face: the very bytes PDFBox's {@code showText} writes, and the same
 * glyphs kept for the subset, made without PDFBox's cost. For a font with a GSUB table PDFBox
 * substitutes ligatures word by word, and for every word builds a regular expression of all the
 * font's ligatures and runs it: about three quarters of the time to render a transcript, and again
 * of every verification, which renders the pages once more ({@link Reproduction}).
 *
 * <p>Here the words go through the same PDFBox substitution ({@link GsubWorker}), but only a word in
 * which one of the font's substitution patterns occurs, and each such word once per process per face
 * (the result is a function of the face and the word). A word in which no pattern occurs is its own
 * glyphs: the Latin and default workers split a word around the patterns and replace only a piece that
 * is one, so with none in the word every feature returns it as it came. For any other worker (an Indic
 * script, which reorders glyphs) this defers to {@code showText} itself. {@code ShownTextTest} compares
 * the bytes with {@code showText}'s for every face and many texts; the fixture transcripts, rendered
 * again byte for byte by every verification, are the second judge.
 *
 * <p>{@code appendRawCommands} is deprecated in PDFBox 3 as "discouraged": see {@link GlyphStream}.
 */
@SuppressWarnings("deprecation")
final class ShownText {
    /** Words already substituted, per face: bounded, as verifying a batch of files meets new words. */
    private static final Map<String, Map<String, List<Integer>>> SUBSTITUTED = new ConcurrentHashMap<>();
    private static final int MAX_WORDS = 50_000;
    /**
     * PDFBox's {@code StringUtil.tokenizeOnSpace}, which compiles this pattern on every call: each
     * whitespace character a word of its own, the rest split around them ({@code String.split}'s rules).
     */
    private static final Pattern AROUND_SPACE = Pattern.compile("(?<=\\s)|(?=\\s)");
    private static final byte[] TJ = " Tj\n".getBytes(StandardCharsets.US_ASCII);
    /**
     * The features PDFBox 3.0's Latin and default workers apply (their FEATURES_IN_ORDER). Were a
     * later PDFBox to apply another, a word holding one of its patterns would be written here
     * without it: {@code ShownTextTest} would then see bytes unlike {@code showText}'s.
     * The faces also have {@code subs} and {@code sups} (digits), which those workers do not apply.
     */
    private static final Set<String> SUBSTITUTING = Set.of("ccmp", "liga", "clig", "calt");

    private final PDType0Font font;
    private final GsubWorker worker;
    /** Whether this writer writes the text itself, or leaves it to PDFBox's {@code showText}. */
    private final boolean writesItself;
    private final CmapLookup cmap;
    /** The substitution patterns of the {@link #SUBSTITUTING} features the font has, by their first glyph. */
    private final Map<Integer, List<List<Integer>>> patterns;
    private final Map<String, List<Integer>> substituted;

    private ShownText(PDType0Font font, GsubWorker worker, Map<Integer, List<List<Integer>>> patterns, String face) {
        this.font = font;
        this.worker = worker;
        // the workers that only replace patterns, and the (package-private) identity worker
        this.writesItself = worker == null || worker instanceof GsubWorkerForLatin || worker instanceof GsubWorkerForDflt
                || worker.getClass().getName().equals("org.apache.fontbox.ttf.gsub.DefaultGsubWorker");
        this.cmap = font.getCmapLookup();
        this.patterns = patterns;
        this.substituted = SUBSTITUTED.computeIfAbsent(face, f -> new ConcurrentHashMap<>());
    }

    /**
     * The writer for {@code font}, loaded from the resource {@code face} (the key under which its
     * substituted words are kept: the same resource always has the same glyphs).
     */
    static ShownText of(PDType0Font font, String face) {
        GsubData gsub = font.getGsubData();
        if (gsub == GsubData.NO_DATA_FOUND) {
            return new ShownText(font, null, Map.of(), face);
        }
        GsubWorker worker = new GsubWorkerFactory().getGsubWorker(font.getCmapLookup(), gsub);
        Map<Integer, List<List<Integer>>> byFirst = new HashMap<>();
        for (String feature : gsub.getSupportedFeatures()) {
            if (!SUBSTITUTING.contains(feature)) {
                continue;
            }
            ScriptFeature f = gsub.getFeature(feature);
            for (List<Integer> pattern : f.getAllGlyphIdsForSubstitution()) {
                if (!pattern.isEmpty()) {
                    byFirst.computeIfAbsent(pattern.get(0), k -> new ArrayList<>()).add(List.copyOf(pattern));
                }
            }
        }
        return new ShownText(font, worker, Map.copyOf(byFirst), face);
    }

    /** {@code showText(text)} on {@code content}, in text mode with this font set. */
    void show(PDPageContentStream content, String text) throws IOException {
        if (!writesItself) {
            content.showText(text);
            return;
        }
        ByteArrayOutputStream op = new ByteArrayOutputStream(text.length() * 4 + 8);
        COSWriter.writeString(encode(text), op);
        op.write(TJ);
        content.appendRawCommands(op.toByteArray());
    }

    /** The string operand {@code showText} writes for {@code text}, recording the glyphs for the subset as it does. */
    byte[] encode(String text) throws IOException {
        byte[] encoded;
        if (worker == null) {
            encoded = font.encode(text);
        } else {
            Set<Integer> glyphIds = new HashSet<>();
            ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
            for (String word : AROUND_SPACE.split(text)) {
                if (word.length() == 1 && Character.isWhitespace(word.charAt(0))) {
                    out.write(font.encode(word));
                    continue;
                }
                List<Integer> glyphs = substitute(word);
                glyphIds.addAll(glyphs);
                for (int gid : glyphs) {
                    out.write(font.encodeGlyphId(gid));
                }
            }
            encoded = out.toByteArray();
            if (font.willBeSubset()) {
                font.addGlyphsToSubset(glyphIds);
            }
        }
        if (font.willBeSubset()) {
            text.codePoints().forEach(font::addToSubset);
        }
        return encoded;
    }

    private List<Integer> substitute(String word) {
        int[] cps = word.codePoints().toArray();
        List<Integer> glyphs = new ArrayList<>(cps.length);
        for (int cp : cps) {
            int gid = cmap.getGlyphId(cp);
            if (gid <= 0) {
                throw new IllegalStateException("could not find the glyphId for the character: U+"
                        + Integer.toHexString(cp).toUpperCase(Locale.ROOT));
            }
            glyphs.add(gid);
        }
        if (!holdsPattern(glyphs)) {
            return glyphs;
        }
        List<Integer> known = substituted.get(word);
        if (known != null) {
            return known;
        }
        List<Integer> result = List.copyOf(worker.applyTransforms(glyphs));
        if (substituted.size() >= MAX_WORDS) {
            substituted.clear();
        }
        substituted.put(word, result);
        return result;
    }

    private boolean holdsPattern(List<Integer> glyphs) {
        for (int i = 0; i < glyphs.size(); i++) {
            List<List<Integer>> starting = patterns.get(glyphs.get(i));
            if (starting == null) {
                continue;
            }
            for (List<Integer> p : starting) {
                if (i + p.size() <= glyphs.size() && glyphs.subList(i, i + p.size()).equals(p)) {
                    return true;
                }
            }
        }
        return false;
    }
}
