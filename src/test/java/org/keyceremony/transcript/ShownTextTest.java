package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.junit.jupiter.api.Test;

/**
 * {@link ShownText} writes what PDFBox's {@code showText} writes: the same content bytes and the same
 * glyphs in the subset, so the same file, for every face, for texts with and without the faces'
 * substitutions (tone letters), Latin-1 letters, digits, hashes and runs of spaces.
 */
class ShownTextTest {

    @Test
    void theSameFileAsShowTextForEveryFaceAndManyTexts() throws IOException {
        List<String> texts = texts();
        byte[] byPdfBox = document(texts, false);
        byte[] byUs = document(texts, true);
        assertThat(byUs).hasSameSizeAs(byPdfBox);
        assertThat(byUs).isEqualTo(byPdfBox);
    }

    @Test
    void aWordWithOneOfTheFacesSubstitutionsIsSubstitutedAsPdfBoxDoes() throws IOException {
        // the sans faces' only substitution (ccmp): three tone letters become one contour glyph
        String tones = "pitch \u02E5\u02E9\u02E9 and \u02E5\u02E8\u02E9.";
        try (PDDocument doc = new PDDocument()) {
            TranscriptFonts fonts = TranscriptFonts.load(doc);
            ShownText regular = ShownText.of(fonts.regular, "test-regular");
            assertThat(regular.encode(tones)).as("each run of three tone letters is one glyph")
                    .hasSize(fonts.regular.encode(tones).length - 2 * 2 * 2);
            assertThat(regular.encode("0123 abcd")).isEqualTo(fonts.regular.encode("0123 abcd"));
        }
        assertThat(document(List.of(tones), true)).isEqualTo(document(List.of(tones), false));
    }

    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        String letters = "fijlt";
        for (char a : letters.toCharArray()) {
            for (char b : letters.toCharArray()) {
                texts.add("" + a + b);
                for (char c : letters.toCharArray()) {
                    texts.add("" + a + b + c + " x" + a + b + c + "y");
                }
            }
        }
        texts.add("Identifier of the video recording: REHEARSAL-VIDEO-0001");
        texts.add("official  affine   fluffy ffi ffl fjord Ťřžé ÆØÅ æøå ß «quoted» — dash");
        texts.add("3829436a2b89ede620dd747eb8dd749b56e84532682f2fae5519a3a83d576139 ff ff ffff");
        texts.add("CKA_EXTRACTABLE=false, CKA_NEVER_EXTRACTABLE=true {\"a\": [1, 2]} <x> (y) \\ /");
        texts.add(" leading and trailing ");
        texts.add("");
        texts.add("   ");
        texts.add("a\u00A0b  c");
        texts.add("\u02E5\u02E9\u02E9\u02E5\u02E8\u02E9 x\u02E9\u02E9\u02E9");
        Random random = new Random(20261205);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-_/()[]{}'\"!?@#%&*+=fffiflé"
                + "\u02E5\u02E6\u02E7\u02E8\u02E9\u02E9\u02E9";
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(40);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(sb.toString());
        }
        return texts;
    }

    /** One page per face, every text drawn by PDFBox's showText or by ShownText; the saved file. */
    private static byte[] document(List<String> texts, boolean ours) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            doc.setDocumentId(20261205L); // else the file identifier holds the time of saving
            TranscriptFonts fonts = TranscriptFonts.load(doc);
            for (PDType0Font font : List.of(fonts.regular, fonts.bold, fonts.mono)) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    for (String text : texts) {
                        content.beginText();
                        content.setFont(font, 9);
                        content.newLineAtOffset(20, 20);
                        if (ours) {
                            fonts.show(page, content, font, text);
                        } else {
                            content.showText(text);
                        }
                        content.endText();
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
