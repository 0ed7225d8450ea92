package org.keyceremony.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.keyceremony.base.Digests;
import org.keyceremony.base.KeyCeremonyException;

/**
 * A PDF/A-3b report of headed sections of text in the transcript's own conventions: its fonts
 * (embedded, subset; names in every script print as on a transcript), its sRGB output intent, its
 * XMP identification, a trailer /ID derived from the content, and a banner line with the page
 * number at the foot of every page. For documents made <em>from</em> verified transcripts (the key
 * ledger's status report); it has no signature and no attachments, and its banner says what it is.
 */
public final class PlainReport {
    private PlainReport() {
    }

    /** A heading and its lines, each line a paragraph. */
    public record Section(String title, List<String> lines) {
        public Section {
            lines = List.copyOf(lines);
        }
    }

    /**
     * Renders the report.
     *
     * @param banner  printed at the foot of every page (e.g. "UNSIGNED STATUS REPORT – …")
     * @param created the document's creation time (XMP, info dictionary)
     */
    public static byte[] render(String title, String subject, String banner, List<Section> sections, Instant created)
            throws KeyCeremonyException {
        try (PDDocument document = new PDDocument()) {
            TranscriptFonts fonts = TranscriptFonts.load(document);
            PageLayout page = new PageLayout(document, fonts);
            page.newPage();
            for (Section s : sections) {
                page.heading(s.title());
                for (String line : s.lines()) {
                    page.paragraph(line);
                }
            }
            page.finish();
            int total = document.getNumberOfPages();
            for (int i = 0; i < total; i++) {
                footer(document, document.getPage(i), fonts, banner, i + 1, total);
            }
            PdfA3.identify(document, title, subject, created, "KeyCeremony (status report)");
            fonts.embed();
            MessageDigest sha = Digests.sha256();
            sha.update((title + "\n" + created + "\n" + sections).getBytes(StandardCharsets.UTF_8));
            byte[] id = Arrays.copyOf(sha.digest(), 16);
            document.getDocument().getTrailer().setItem(COSName.ID,
                    new COSArray(List.of(new COSString(id), new COSString(id))));
            PdfA3.outputIntent(document);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new KeyCeremonyException("The report could not be rendered as PDF (" + e.getClass().getSimpleName()
                    + "). Nothing was written; the same report is available with --json.", e);
        }
    }

    private static void footer(PDDocument document, PDPage page, TranscriptFonts fonts, String banner, int number,
                               int total) throws IOException {
        try (PDPageContentStream content = new PDPageContentStream(document, page, AppendMode.APPEND, true, true)) {
            GlyphStream out = new GlyphStream(content, page);
            float left = PageLayout.MARGIN_X;
            float right = PageLayout.MARGIN_X + PageLayout.WIDTH;
            content.setStrokingColor(0.7f, 0.7f, 0.7f);
            content.setLineWidth(0.5f);
            content.moveTo(left, 52);
            content.lineTo(right, 52);
            content.stroke();
            String pageText = "Page " + number + " of " + total;
            fonts.draw(out, fonts.bold, 7.5f, fonts.printable(fonts.bold, banner), left, 41, 0.15f);
            fonts.draw(out, fonts.regular, 7.5f, pageText, right - TranscriptFonts.width(fonts.regular, 7.5f, pageText),
                    30, 0.3f);
        }
    }
}
