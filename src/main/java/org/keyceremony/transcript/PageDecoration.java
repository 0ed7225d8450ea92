package org.keyceremony.transcript;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.util.Matrix;

/**
 * What every page carries once the page count is known: the footer (ceremony id, page x of
 * y, the event log's final hash), in a rehearsal the REHEARSAL watermark drawn underneath
 * the content so it never hides a value, and on an unsigned transcript (a ceremony without
 * an HSM) the UNSIGNED banner in the top margin.
 */
final class PageDecoration {
    /** The footer label the verifier looks for on every page; keep in sync with {@link TranscriptVerifier}. */
    static final String HASH_LABEL = "Event log final hash:";
    static final String WATERMARK = "REHEARSAL";
    /** The banner of an unsigned transcript; the verifier looks for it. */
    static final String UNSIGNED_BANNER = "UNSIGNED TRANSCRIPT";
    static final String UNSIGNED_NOTE = "made without an HSM: no digital signature. Only the event log's hash "
            + "chain and the wet-ink signatures vouch for it.";

    private PageDecoration() {
    }

    static void apply(PDDocument document, TranscriptFonts fonts, String ceremonyId, String finalHash,
                      boolean rehearsal) throws IOException {
        apply(document, fonts, ceremonyId, finalHash, rehearsal, false);
    }

    static void apply(PDDocument document, TranscriptFonts fonts, String ceremonyId, String finalHash,
                      boolean rehearsal, boolean unsigned) throws IOException {
        int total = document.getNumberOfPages();
        for (int i = 0; i < total; i++) {
            PDPage page = document.getPage(i);
            if (rehearsal) {
                watermark(document, page, fonts);
            }
            if (unsigned) {
                unsignedBanner(document, page, fonts);
            }
            footer(document, page, fonts, ceremonyId, finalHash, rehearsal, i + 1, total);
        }
    }

    private static void footer(PDDocument document, PDPage page, TranscriptFonts fonts, String ceremonyId,
                               String finalHash, boolean rehearsal, int number, int total) throws IOException {
        try (PDPageContentStream content = new PDPageContentStream(document, page, AppendMode.APPEND, true, true)) {
            GlyphStream out = new GlyphStream(content, page);
            float left = PageLayout.MARGIN_X;
            float right = PageLayout.MARGIN_X + PageLayout.WIDTH;
            content.setStrokingColor(0.7f, 0.7f, 0.7f);
            content.setLineWidth(0.5f);
            content.moveTo(left, 52);
            content.lineTo(right, 52);
            content.stroke();

            String id = fonts.printable(fonts.regular, "Ceremony " + ceremonyId + (rehearsal ? "  ·  REHEARSAL" : ""));
            String pageText = "Page " + number + " of " + total;
            show(out, fonts, fonts.regular, 7.5f, clip(fonts, id, PageLayout.WIDTH * 0.7f), left, 41);
            show(out, fonts, fonts.regular, 7.5f, pageText,
                    right - TranscriptFonts.width(fonts.regular, 7.5f, pageText), 41);
            show(out, fonts, fonts.regular, 7.5f, HASH_LABEL, left, 30);
            float labelWidth = TranscriptFonts.width(fonts.regular, 7.5f, HASH_LABEL + " ");
            show(out, fonts, fonts.mono, 7f, fonts.printable(fonts.mono, finalHash), left + labelWidth, 30);
        }
    }

    /** A footer line must stay one line: an overlong ceremony id is shortened with an ellipsis. */
    private static String clip(TranscriptFonts fonts, String text, float width) {
        String t = text;
        while (t.length() > 1 && fonts.lineWidth(fonts.regular, 7.5f, t) > width) {
            t = t.substring(0, t.length() - 2) + "…";
        }
        return t;
    }

    private static void show(GlyphStream out, TranscriptFonts fonts, org.apache.pdfbox.pdmodel.font.PDType0Font font,
                             float size, String text, float x, float y) throws IOException {
        fonts.draw(out, font, size, fonts.printable(font, text), x, y, 0.3f);
    }

    /** A red band across the top margin: impossible to miss on screen or on paper. */
    private static void unsignedBanner(PDDocument document, PDPage page, TranscriptFonts fonts) throws IOException {
        try (PDPageContentStream out = new PDPageContentStream(document, page, AppendMode.APPEND, true, true)) {
            float top = PageLayout.SIZE.getHeight();
            float left = PageLayout.MARGIN_X;
            out.setNonStrokingColor(0.75f, 0.05f, 0.05f);
            out.addRect(left, top - 44, PageLayout.WIDTH, 30);
            out.fill();
            out.beginText();
            out.setFont(fonts.bold, 11);
            out.setNonStrokingColor(1f, 1f, 1f);
            out.newLineAtOffset(left + 8, top - 27);
            fonts.show(page, out, fonts.bold, UNSIGNED_BANNER);
            out.endText();
            out.beginText();
            out.setFont(fonts.regular, 7.5f);
            out.setNonStrokingColor(1f, 1f, 1f);
            out.newLineAtOffset(left + 8, top - 39);
            fonts.show(page, out, fonts.regular, fonts.printable(fonts.regular, UNSIGNED_NOTE));
            out.endText();
        }
    }

    private static void watermark(PDDocument document, PDPage page, TranscriptFonts fonts) throws IOException {
        try (PDPageContentStream out = new PDPageContentStream(document, page, AppendMode.PREPEND, true)) {
            float size = 110;
            float w = TranscriptFonts.width(fonts.bold, size, WATERMARK);
            float cx = PageLayout.SIZE.getWidth() / 2;
            float cy = PageLayout.SIZE.getHeight() / 2;
            double angle = Math.toRadians(52);
            out.saveGraphicsState();
            out.beginText();
            out.setFont(fonts.bold, size);
            out.setNonStrokingColor(0.91f, 0.91f, 0.93f);
            Matrix m = Matrix.getRotateInstance(angle, cx, cy);
            m.translate(-w / 2, -size * 0.35f);
            out.setTextMatrix(m);
            fonts.showBeforeThePage(page, out, fonts.bold, WATERMARK);
            out.endText();
            out.restoreGraphicsState();
        }
    }
}
