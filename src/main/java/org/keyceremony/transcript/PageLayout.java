package org.keyceremony.transcript;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A small flow layout on A4 pages: headings, wrapped paragraphs, label/value fields and
 * tables whose rows break across pages with the header repeated. Long tokens (hashes, DNs,
 * PEM lines) are broken at character boundaries so that nothing is ever cut off at the
 * margin. Footers and the watermark are added afterwards by {@link PageDecoration}, when
 * the page count is known.
 */
final class PageLayout {
    static final PDRectangle SIZE = PDRectangle.A4;
    static final float MARGIN_X = 56;
    static final float TOP = SIZE.getHeight() - 56;
    static final float BOTTOM = 74;
    static final float WIDTH = SIZE.getWidth() - 2 * MARGIN_X;

    static final float BODY = 9.5f;
    static final float MONO = 8f;
    private static final float LEADING = 1.38f;
    private static final float PAD = 3.5f;

    /** A table column: header, share of the table width, monospace or not. */
    record Column(String header, float share, boolean mono) {
    }

    private final PDDocument document;
    final TranscriptFonts fonts;
    private PDPageContentStream out;
    private GlyphStream glyphs;
    private float y;

    PageLayout(PDDocument document, TranscriptFonts fonts) {
        this.document = document;
        this.fonts = fonts;
    }

    /** Starts a new page (closing the current one). */
    void newPage() throws IOException {
        finish();
        ReadingBudget budget = ReadingBudget.current();
        if (budget != null) {
            // rendering again inside the verifier: bounded like everything else it reads
            budget.renderedPage(document.getNumberOfPages() + 1);
        }
        PDPage page = new PDPage(SIZE);
        document.addPage(page);
        out = new PDPageContentStream(document, page);
        glyphs = new GlyphStream(out, page);
        y = TOP;
    }

    /** Closes the current page's content stream; call once at the end. */
    void finish() throws IOException {
        if (out != null) {
            out.close();
            out = null;
            glyphs = null;
        }
    }

    /** Moves to a new page unless {@code height} points are still free. */
    void ensure(float height) throws IOException {
        if (out == null || y - height < BOTTOM) {
            newPage();
        }
    }

    void space(float points) {
        y -= points;
    }

    /** A section title, kept together with at least a few lines of what follows. */
    void heading(String text) throws IOException {
        ensure(80);
        if (y < TOP) {
            y -= 10;
        }
        line(fonts.bold, 14, text, MARGIN_X, 0.12f);
        y -= 4;
        rule(MARGIN_X, MARGIN_X + WIDTH, 0.6f, 0.55f);
        y -= 8;
    }

    void subheading(String text) throws IOException {
        ensure(50);
        y -= 4;
        line(fonts.bold, 11, text, MARGIN_X, 0.12f);
        y -= 3;
    }

    /** Wrapped body text; blank lines in {@code text} become paragraph breaks. */
    void paragraph(String text) throws IOException {
        block(fonts.regular, BODY, text, 0.1f);
        y -= 4;
    }

    /** Muted small text, e.g. an explanation under a heading. */
    void note(String text) throws IOException {
        block(fonts.regular, 8.5f, text, 0.4f);
        y -= 3;
    }

    /** Monospace text line by line (PEM, script), wrapped at the margin, never cut. */
    void monoBlock(String text) throws IOException {
        block(fonts.mono, MONO, text, 0.1f);
    }

    private void block(PDType0Font font, float size, String text, float grey) throws IOException {
        for (String l : wrap(font, size, text, WIDTH)) {
            ensure(size * LEADING);
            line(font, size, l, MARGIN_X, grey);
        }
    }

    /** Label/value rows; a value in monospace when {@code monoValue} says so (hashes, serials). */
    void fields(List<Field> rows) throws IOException {
        table(List.of(new Column("", 0.30f, false), new Column("", 0.70f, false)),
                rows.stream().map(f -> new String[] {f.label(), f.value()}).toList(),
                rows.stream().map(Field::mono).toList(), false);
        y -= 6;
    }

    /** One label/value row. */
    record Field(String label, String value, boolean mono) {
        static Field text(String label, String value) {
            return new Field(label, value, false);
        }

        static Field code(String label, String value) {
            return new Field(label, value, true);
        }
    }

    /** A table with a header row repeated on every page it spans. */
    void table(List<Column> columns, List<String[]> rows) throws IOException {
        table(columns, rows, null, true);
        y -= 6;
    }

    private void table(List<Column> columns, List<String[]> rows, List<Boolean> monoValueRows, boolean header)
            throws IOException {
        float[] x = new float[columns.size() + 1];
        x[0] = MARGIN_X;
        for (int i = 0; i < columns.size(); i++) {
            x[i + 1] = x[i] + columns.get(i).share() * WIDTH;
        }
        if (header) {
            ensure(4 * BODY * LEADING);
            drawHeader(columns, x);
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            List<List<String>> cells = new ArrayList<>();
            List<PDType0Font> cellFonts = new ArrayList<>();
            List<Float> sizes = new ArrayList<>();
            int lines = 1;
            for (int c = 0; c < columns.size(); c++) {
                boolean mono = columns.get(c).mono() || (monoValueRows != null && c == 1 && monoValueRows.get(r));
                boolean label = monoValueRows != null && c == 0;
                PDType0Font font = mono ? fonts.mono : label ? fonts.bold : fonts.regular;
                float size = mono ? MONO : label ? 8.5f : BODY;
                String v = c < row.length && row[c] != null ? row[c] : "";
                List<String> wrapped = wrap(font, size, v.isEmpty() ? "—" : v, x[c + 1] - x[c] - 2 * PAD);
                cells.add(wrapped);
                cellFonts.add(font);
                sizes.add(size);
                lines = Math.max(lines, wrapped.size());
            }
            float lh = BODY * LEADING;
            int done = 0;
            while (done < lines) {
                int fit = (int) Math.floor((y - BOTTOM - 2 * PAD) / lh);
                if (fit < Math.min(2, lines - done)) {
                    newPage();
                    if (header) {
                        drawHeader(columns, x);
                    }
                    continue;
                }
                int n = Math.min(fit, lines - done);
                float top = y;
                for (int c = 0; c < columns.size(); c++) {
                    List<String> cell = cells.get(c);
                    float grey = monoValueRows != null && c == 0 ? 0.35f : 0.1f;
                    for (int i = 0; i < n && done + i < cell.size(); i++) {
                        text(cellFonts.get(c), sizes.get(c), cell.get(done + i), x[c] + PAD,
                                top - PAD - (i + 1) * lh + (lh - BODY) / 2 + 1, grey);
                    }
                }
                y = top - n * lh - 2 * PAD;
                rule(x[0], x[x.length - 1], 0.4f, 0.8f);
                done += n;
            }
        }
    }

    private void drawHeader(List<Column> columns, float[] x) throws IOException {
        float lh = BODY * LEADING;
        int lines = 1;
        List<List<String>> heads = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            List<String> h = wrap(fonts.bold, 8.5f, columns.get(c).header(), x[c + 1] - x[c] - 2 * PAD);
            heads.add(h);
            lines = Math.max(lines, h.size());
        }
        float height = lines * lh + 2 * PAD;
        out.setNonStrokingColor(0.93f, 0.94f, 0.95f);
        out.addRect(x[0], y - height, x[x.length - 1] - x[0], height);
        out.fill();
        for (int c = 0; c < columns.size(); c++) {
            for (int i = 0; i < heads.get(c).size(); i++) {
                text(fonts.bold, 8.5f, heads.get(c).get(i), x[c] + PAD, y - PAD - (i + 1) * lh + (lh - BODY) / 2 + 1, 0.2f);
            }
        }
        y -= height;
        rule(x[0], x[x.length - 1], 0.6f, 0.6f);
    }

    /** Draws a horizontal rule at the cursor. */
    void rule(float from, float to, float width, float grey) throws IOException {
        out.setStrokingColor(grey, grey, grey);
        out.setLineWidth(width);
        out.moveTo(from, y);
        out.lineTo(to, y);
        out.stroke();
    }

    /** An empty box (a tick box on the signature page) with its top-left at the cursor. */
    void box(float x, float size) throws IOException {
        out.setStrokingColor(0.2f, 0.2f, 0.2f);
        out.setLineWidth(0.8f);
        out.addRect(x, y - size, size, size);
        out.stroke();
    }

    /** Text at an absolute x on the current line, without moving the cursor. */
    void textAt(PDType0Font font, float size, String s, float x, float dy, float grey) throws IOException {
        text(font, size, fonts.printable(font, s), x, y - dy, grey);
    }

    float y() {
        return y;
    }

    private void line(PDType0Font font, float size, String s, float x, float grey) throws IOException {
        y -= size * LEADING;
        text(font, size, fonts.printable(font, s), x, y + size * (LEADING - 1) / 2, grey);
    }

    private void text(PDType0Font font, float size, String printable, float x, float baseline, float grey)
            throws IOException {
        fonts.draw(glyphs, font, size, printable, x, baseline, grey);
    }

    /**
     * Splits text into lines no wider than {@code width}: at spaces where possible, else anywhere
     * (after a hyphen, comma or slash in the second half of a cut). In time linear in the text: each
     * character's width is measured once (shaped with its neighbours in scripts that join) and widths
     * of stretches are differences of running sums (no kerning), so a 200,000-character name takes milliseconds, not the minutes that
     * re-measuring the rest of the string after every cut took.
     */
    List<String> wrap(PDType0Font font, float size, String text, float width) {
        List<String> lines = new ArrayList<>();
        for (String para : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            String p = fonts.printable(font, para);
            if (p.isEmpty()) {
                lines.add("");
                continue;
            }
            int[] cps = p.codePoints().toArray();
            double[] advances = fonts.advances(font, size, p);
            double[] sum = new double[cps.length + 1];
            for (int i = 0; i < cps.length; i++) {
                sum[i + 1] = sum[i] + advances[i];
            }
            wrapParagraph(cps, sum, size, width, lines);
        }
        return lines;
    }

    /**
     * Greedy, as before but measured by running sums: words (split at single spaces) are packed while
     * they fit, a word wider than a line is cut into pieces that fit.
     */
    private static void wrapParagraph(int[] cps, double[] sum, float size, float width, List<String> lines) {
        int n = cps.length;
        int indent = 0;
        while (indent < n && cps[indent] == ' ') {
            indent++;
        }
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < indent; i++) {
            current.append(' ');
        }
        double currentWidth = sum[indent];
        boolean currentBlank = true;
        double space = indent > 0 ? sum[1] - sum[0] : -1;
        int wordStart = indent;
        while (wordStart <= n) {
            int wordEnd = wordStart;
            while (wordEnd < n && cps[wordEnd] != ' ') {
                wordEnd++;
            }
            if (space < 0 && wordEnd < n) {
                space = sum[wordEnd + 1] - sum[wordEnd];
            }
            double word = sum[wordEnd] - sum[wordStart];
            double candidate = currentBlank ? currentWidth + word : currentWidth + Math.max(space, 0) + word;
            if (candidate <= width) {
                if (!currentBlank) {
                    current.append(' ');
                }
                current.append(new String(cps, wordStart, wordEnd - wordStart));
                currentWidth = candidate;
                currentBlank = currentBlank && wordEnd == wordStart;
            } else {
                if (!currentBlank) {
                    lines.add(current.toString());
                    current.setLength(0);
                    currentWidth = 0;
                }
                int rest = wordStart;
                while (sum[wordEnd] - sum[rest] > width) {
                    // at least one character per piece: a glyph wider than the column still moves on
                    int cut = Math.max(1, Math.min(wordEnd - rest - 1, (int) (width / (size * 0.25f)) + 1));
                    while (cut > 1 && sum[rest + cut] - sum[rest] > width) {
                        cut--;
                    }
                    int soft = -1;
                    for (int i = rest + cut - 1; i >= rest; i--) {
                        if (cps[i] == '-' || cps[i] == ',' || cps[i] == '/') {
                            soft = i - rest;
                            break;
                        }
                    }
                    if (soft >= cut / 2) {
                        cut = soft + 1; // prefer a break after a hyphen, comma or slash
                    }
                    lines.add(new String(cps, rest, cut));
                    rest += cut;
                }
                current.append(new String(cps, rest, wordEnd - rest));
                currentWidth += sum[wordEnd] - sum[rest];
                currentBlank = current.toString().isBlank();
            }
            wordStart = wordEnd + 1;
        }
        lines.add(current.toString());
    }
}
