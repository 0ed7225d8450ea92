package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.junit.jupiter.api.Test;

/** {@link TranscriptFonts#runWidth} is, to the bit, the width PDFBox measures for the same text. */
class RunWidthTest {

    @Test
    void theSameFloatAsPdfBoxForEveryFaceAndSize() throws Exception {
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-_/()[]{}'\"!?@#%&*+=éüß–";
        try (PDDocument doc = new PDDocument()) {
            TranscriptFonts fonts = TranscriptFonts.load(doc);
            for (PDType0Font font : List.of(fonts.regular, fonts.bold, fonts.mono)) {
                for (int i = 0; i < 500; i++) {
                    StringBuilder sb = new StringBuilder();
                    for (int k = random.nextInt(80); k >= 0; k--) {
                        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    float size = List.of(7.5f, 9f, 10.5f, 11f, 110f).get(i % 5);
                    String text = sb.toString();
                    assertThat(Float.floatToIntBits(fonts.runWidth(font, size, text)))
                            .as("width of \"%s\" at %s", text, size)
                            .isEqualTo(Float.floatToIntBits(TranscriptFonts.width(font, size, text)));
                }
            }
        }
    }
}
