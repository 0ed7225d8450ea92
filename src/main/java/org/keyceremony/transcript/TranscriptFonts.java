package org.keyceremony.transcript;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.Point2D;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Bidi;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.keyceremony.base.TranscriptGlyphs;
import org.keyceremony.base.TranscriptGlyphs.Face;
import org.keyceremony.base.TranscriptGlyphs.Fallback;

/**
 * The transcript's fonts and how a line of text becomes glyphs. The three faces, embedded (subset)
 * as PDF/A requires, print what they always printed: Liberation Sans Regular from the PDFBox jar,
 * Liberation Sans Bold and Liberation Mono shipped beside their SIL OFL licence. What they cannot
 * print faithfully (Hebrew, Arabic, CJK, a letter with combining marks, a bracket in right-to-left
 * text) goes to a fallback font ({@link TranscriptGlyphs}, which also decides, before the ceremony,
 * what is refused), shaped by the JDK's layout engine from the same font file and drawn glyph by
 * glyph ({@link ShapedFont}). A line is put in visual order with {@link Bidi} (left-to-right
 * paragraphs: the page is English). Text that no font prints is a defect here, never a '?': it
 * should have been refused when it was entered.
 */
final class TranscriptFonts {
    private static final FontRenderContext EXACT = new FontRenderContext(null, false, true);
    /**
     * The JDK's fonts that shape the fallback runs (at 1000 points: thousandths of an em), made from
     * the same files when a run first needs one and kept for the process: the JDK's font system is
     * started only by text that a fallback draws.
     */
    private static final Map<Fallback, Font> LAYOUT_FONTS = new ConcurrentHashMap<>();

    final PDType0Font regular;
    final PDType0Font bold;
    final PDType0Font mono;
    private final PDDocument document;
    private final Map<Fallback, ShapedFont> shaped = new EnumMap<>(Fallback.class);
    private final Map<PDType0Font, ShownText> shown = new HashMap<>();
    /** Each code point's width in the face, as PDFBox measures it (thousandths of an em), read once. */
    private final Map<PDType0Font, Map<Integer, Float>> glyphWidths = new HashMap<>();
    /** The text drawn on each page, in content order: what the pages say, without extracting it. */
    private final Map<COSDictionary, StringBuilder> drawn = new IdentityHashMap<>();

    private TranscriptFonts(PDDocument document, PDType0Font regular, PDType0Font bold, PDType0Font mono) {
        this.document = document;
        this.regular = regular;
        this.bold = bold;
        this.mono = mono;
        shown.put(regular, ShownText.of(regular, Face.REGULAR.resource()));
        shown.put(bold, ShownText.of(bold, Face.BOLD.resource()));
        shown.put(mono, ShownText.of(mono, Face.MONO.resource()));
    }

    /**
     * {@code Tj}: what {@code content.showText(text)} writes, with one of the three faces set
     * ({@link ShownText}, which makes the same bytes faster).
     */
    void show(PDPage page, PDPageContentStream content, PDType0Font font, String text) throws IOException {
        drawn(page, text, false);
        show(content, font, text);
    }

    /** As {@link #show(PDPage, PDPageContentStream, PDType0Font, String)}, in content put before the page's. */
    void showBeforeThePage(PDPage page, PDPageContentStream content, PDType0Font font, String text) throws IOException {
        drawn(page, text, true);
        show(content, font, text);
    }

    private void show(PDPageContentStream content, PDType0Font font, String text) throws IOException {
        ShownText writer = shown.get(font);
        if (writer == null) {
            throw new IllegalArgumentException("not one of the transcript's faces");
        }
        writer.show(content, text);
    }

    static TranscriptFonts load(PDDocument document) throws IOException {
        return new TranscriptFonts(document, load(document, Face.REGULAR), load(document, Face.BOLD),
                load(document, Face.MONO));
    }

    private static PDType0Font load(PDDocument document, Face face) throws IOException {
        byte[] file = TranscriptGlyphs.fontFile(face.resource());
        return PDType0Font.load(document, new RandomAccessReadBuffer(file), true, false);
    }

    private static Font layoutFont(Fallback f) {
        return LAYOUT_FONTS.computeIfAbsent(f, k -> {
            try {
                byte[] file = TranscriptGlyphs.fontFile(k.resource());
                return Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(file)).deriveFont(1000f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the font " + k.resource(), e);
            } catch (FontFormatException e) {
                throw new IllegalStateException("the font " + k.resource() + " is not a TrueType font", e);
            }
        });
    }

    /** Embeds the glyphs the fallback fonts drew; once, after the last page is drawn. */
    void embed() throws IOException {
        for (ShapedFont f : shaped.values()) {
            f.embed();
        }
    }

    /** The text with tabs expanded and control characters dropped; nothing else changes. */
    String printable(PDType0Font font, String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t') {
                sb.append("    ");
            } else if (!Character.isISOControl(cp)) {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /** A stretch of a line in one font at one bidi level: chars [start, end) of the line. */
    private record Run(int start, int end, int level, Optional<Fallback> fallback) {
        boolean rightToLeft() {
            return (level & 1) == 1;
        }
    }

    /** The runs of a printable line, in visual order (left to right on the page). */
    private List<Run> runs(PDType0Font font, String line) {
        if (isAscii(line)) {
            return List.of(new Run(0, line.length(), 0, Optional.empty()));
        }
        Face face = face(font);
        Bidi bidi = new Bidi(line, Bidi.DIRECTION_LEFT_TO_RIGHT);
        List<Run> logical = new ArrayList<>();
        int start = 0;
        for (String cluster : TranscriptGlyphs.clusters(line)) {
            int end = start + cluster.length();
            int level = bidi.getLevelAt(start);
            Optional<Fallback> choice = TranscriptGlyphs.choose(cluster, face, (level & 1) == 1)
                    .orElseThrow(() -> unprintable(cluster)).fallback();
            Run last = logical.isEmpty() ? null : logical.get(logical.size() - 1);
            if (last != null && last.level() == level && last.fallback().isPresent() && isNeutral(cluster)
                    && cluster.codePoints().allMatch(cp -> TranscriptGlyphs.has(last.fallback().get(), cp))) {
                choice = last.fallback(); // a space between two Arabic words stays in the Arabic run
            }
            if (last != null && last.level() == level && last.fallback().equals(choice)) {
                logical.set(logical.size() - 1, new Run(last.start(), end, level, choice));
            } else {
                logical.add(new Run(start, end, level, choice));
            }
            start = end;
        }
        Run[] visual = logical.toArray(new Run[0]);
        byte[] levels = new byte[visual.length];
        for (int i = 0; i < visual.length; i++) {
            levels[i] = (byte) visual[i].level();
        }
        Bidi.reorderVisually(levels, 0, visual, 0, visual.length);
        return List.of(visual);
    }

    private static IllegalStateException unprintable(String cluster) {
        return new IllegalStateException("no font of the transcript prints "
                + cluster.codePoints().mapToObj(TranscriptGlyphs::describe).collect(Collectors.joining(" + "))
                + "; such text must be refused when it is entered");
    }

    private static boolean isNeutral(String cluster) {
        return cluster.codePoints().allMatch(cp -> {
            byte d = Character.getDirectionality(cp);
            return d == Character.DIRECTIONALITY_WHITESPACE || d == Character.DIRECTIONALITY_OTHER_NEUTRALS
                    || d == Character.DIRECTIONALITY_COMMON_NUMBER_SEPARATOR;
        });
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    private Face face(PDType0Font font) {
        return font == bold ? Face.BOLD : font == mono ? Face.MONO : Face.REGULAR;
    }

    /** One glyph of a shaped run: code point index of its text, position and advance in thousandths of an em. */
    private record Glyph(int gid, float x, float y, String text) {
    }

    /** A run shaped by the JDK: glyphs left to right, and the run's width in thousandths of an em. */
    private record Shaped(List<Glyph> glyphs, float width, float[] charAdvances) {
    }

    private Shaped shape(String line, Run run) {
        Fallback f = run.fallback().orElseThrow();
        Font font = layoutFont(f);
        char[] chars = line.toCharArray();
        GlyphVector gv = font.layoutGlyphVector(EXACT, chars, run.start(), run.end(),
                run.rightToLeft() ? Font.LAYOUT_RIGHT_TO_LEFT : Font.LAYOUT_LEFT_TO_RIGHT);
        int n = gv.getNumGlyphs();
        int glyphCount = font.getNumGlyphs();
        int length = run.end() - run.start();
        // the text each glyph stands for: from its first character up to the next drawn glyph's
        TreeMap<Integer, Integer> firstGlyphAt = new TreeMap<>();
        float[] charAdvances = new float[length];
        for (int i = 0; i < n; i++) {
            int gid = gv.getGlyphCode(i);
            int at = gv.getGlyphCharIndex(i);
            float advance = (float) (gv.getGlyphPosition(i + 1).getX() - gv.getGlyphPosition(i).getX());
            charAdvances[Math.max(0, Math.min(length - 1, at))] += advance;
            if (gid == 0) {
                throw unprintable(line.substring(run.start() + at, run.start() + Math.min(length, at + 1)));
            }
            if (gid < glyphCount) {
                firstGlyphAt.putIfAbsent(at, i);
            }
        }
        String[] texts = new String[n];
        List<Integer> starts = new ArrayList<>(firstGlyphAt.keySet());
        for (int k = 0; k < starts.size(); k++) {
            int from = k == 0 ? 0 : starts.get(k);
            int to = k + 1 < starts.size() ? starts.get(k + 1) : length;
            String text = line.substring(run.start() + from, run.start() + to);
            // in right-to-left text the extractors read glyphs right to left and reverse the line
            texts[firstGlyphAt.get(starts.get(k))] = run.rightToLeft() ? reversed(text) : text;
        }
        List<Glyph> glyphs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int gid = gv.getGlyphCode(i);
            if (gid < glyphCount) {
                Point2D p = gv.getGlyphPosition(i);
                glyphs.add(new Glyph(gid, (float) p.getX(), (float) p.getY(), texts[i] == null ? "" : texts[i]));
            }
        }
        return new Shaped(glyphs, (float) gv.getGlyphPosition(n).getX(), charAdvances);
    }

    private static String reversed(String text) {
        int[] cps = text.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = cps.length - 1; i >= 0; i--) {
            sb.appendCodePoint(cps[i]);
        }
        return sb.toString();
    }

    /**
     * The advance in points of each code point of a printable paragraph, shaped as it will be drawn
     * (a letter's share of its word's contextual forms), for line breaking; a line's width is the sum
     * of its code points'.
     */
    double[] advances(PDType0Font font, float size, String printable) {
        int[] cps = printable.codePoints().toArray();
        double[] out = new double[cps.length];
        if (isAscii(printable)) {
            for (int i = 0; i < cps.length; i++) {
                out[i] = advance(font, size, cps[i]);
            }
            return out;
        }
        for (Run run : runs(font, printable)) {
            int cpAt = printable.codePointCount(0, run.start());
            if (run.fallback().isEmpty()) {
                for (int i = run.start(); i < run.end(); i += Character.charCount(printable.codePointAt(i))) {
                    out[cpAt++] = advance(font, size, printable.codePointAt(i));
                }
            } else {
                float[] perChar = shape(printable, run).charAdvances();
                for (int i = 0; i < perChar.length; i++) {
                    if (Character.isLowSurrogate(printable.charAt(run.start() + i))) {
                        out[cpAt - 1] += perChar[i] / 1000f * size;
                    } else {
                        out[cpAt++] = perChar[i] / 1000f * size;
                    }
                }
            }
        }
        return out;
    }

    /** Width in points of a printable line, as {@link #draw} draws it. */
    float lineWidth(PDType0Font font, float size, String printable) {
        double sum = 0;
        for (double a : advances(font, size, printable)) {
            sum += a;
        }
        return (float) sum;
    }

    /** Records a line drawn on {@code page}: after what it holds, or before it (content put before the page's). */
    private void drawn(PDPage page, String text, boolean before) {
        // by the page's dictionary: PDFBox hands out a new PDPage for the same page on every walk
        StringBuilder onPage = drawn.computeIfAbsent(page.getCOSObject(), p -> new StringBuilder());
        if (before) {
            onPage.insert(0, text + "\n");
        } else {
            onPage.append(text).append('\n');
        }
    }

    /**
     * The text drawn on each page of {@code document}, one line per line drawn: what an extractor
     * reads from these pages, but for line breaks and spacing (which {@link ContentChecks#normalise} drops).
     */
    List<String> drawnText(PDDocument document) {
        List<String> pages = new ArrayList<>();
        for (PDPage page : document.getPages()) {
            StringBuilder text = drawn.get(page.getCOSObject());
            pages.add(text == null ? "" : text.toString());
        }
        return pages;
    }

    /** Draws a printable line from {@code x} on {@code baseline}, in {@code grey}. */
    void draw(GlyphStream out, PDType0Font font, float size, String printable, float x, float baseline, float grey)
            throws IOException {
        if (printable.isEmpty()) {
            return;
        }
        drawn(out.page(), printable, false);
        float pen = x;
        PDPageContentStream content = out.content();
        for (Run run : runs(font, printable)) {
            String text = printable.substring(run.start(), run.end());
            content.beginText();
            if (run.fallback().isEmpty()) {
                content.setFont(font, size);
                content.setNonStrokingColor(grey, grey, grey);
                content.newLineAtOffset(pen, baseline);
                show(content, font, text);
                pen += runWidth(font, size, text);
            } else {
                ShapedFont shapedFont = shaped(run.fallback().get());
                Shaped s = shape(printable, run);
                out.setFont(shapedFont, size);
                content.setNonStrokingColor(grey, grey, grey);
                content.newLineAtOffset(pen, baseline);
                showShaped(out, shapedFont, size, s);
                pen += s.width() / 1000f * size;
            }
            content.endText();
        }
    }

    private static void showShaped(GlyphStream out, ShapedFont font, float size, Shaped s) throws IOException {
        List<Object> items = new ArrayList<>();
        float pen = 0;
        float rise = 0;
        for (Glyph g : s.glyphs()) {
            if (g.y() != rise) {
                if (!items.isEmpty()) {
                    out.showCodes(items);
                    items = new ArrayList<>();
                }
                rise = g.y();
                out.setRise(round(-rise / 1000f * size));
            }
            float adjust = round(g.x() - pen);
            if (adjust != 0) {
                items.add(-adjust);
            }
            items.add(font.code(g.gid(), g.text()));
            pen += adjust + font.advance(g.gid()); // where the PDF's pen now is, by the widths it holds
        }
        if (!items.isEmpty()) {
            out.showCodes(items);
        }
        if (rise != 0) {
            out.setRise(0);
        }
    }

    private static float round(float v) {
        return Math.round(v * 100f) / 100f;
    }

    private ShapedFont shaped(Fallback f) throws IOException {
        ShapedFont font = shaped.get(f);
        if (font == null) {
            font = ShapedFont.load(document, f);
            shaped.put(f, font);
        }
        return font;
    }

    /** Width in points of one code point the face prints, measured once per font. */
    float advance(PDType0Font font, float size, int cp) {
        float perThousand = glyphWidth(font, cp) / 1000f * 1000f; // width(font, 1000f, cp), as it always was
        return perThousand / 1000f * size;
    }

    /**
     * {@link #width}, with each code point's width read from the font once per document: the same
     * float, as PDFBox's {@code getStringWidth} adds one glyph width per code point, in order, from 0.
     */
    float runWidth(PDType0Font font, float size, String printable) {
        float sum = 0;
        for (int i = 0; i < printable.length(); ) {
            int cp = printable.codePointAt(i);
            sum += glyphWidth(font, cp);
            i += Character.charCount(cp);
        }
        return sum / 1000f * size;
    }

    /** {@code getStringWidth} of one code point, read from the face once per document. */
    private float glyphWidth(PDType0Font font, int cp) {
        return glyphWidths.computeIfAbsent(font, f -> new HashMap<>())
                .computeIfAbsent(cp, c -> stringWidth(font, new String(Character.toChars(c))));
    }

    /** Width in points of text the face prints by itself (ASCII labels). */
    static float width(PDType0Font font, float size, String printable) {
        return stringWidth(font, printable) / 1000f * size;
    }

    /** PDFBox's width of text in the face, in thousandths of an em. */
    private static float stringWidth(PDType0Font font, String text) {
        try {
            return font.getStringWidth(text);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot measure text in the embedded font", e);
        }
    }
}
