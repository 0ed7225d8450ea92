package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;

/**
 * The text the renderer drew on each page ({@link TranscriptFonts#drawnText}), which the verifier
 * reads instead of extracting the pages of a file it has proven to be the rendering, is what PDFBox's
 * extractor reads from those pages: the same
 * letters in the same order on every page, signed and unsigned (with the UNSIGNED banner).
 */
class DrawnTextTest {
    private static final TestPki PKI = TestPki.create("Example Root R1");

    @Test
    void aSignedTranscriptsDrawnTextIsItsExtractedText() throws Exception {
        SyntheticCeremony c = SyntheticCeremony.rootKeyGeneration(PKI);
        assertSameText(LogTranscript.signed(c.jsonl(), SyntheticCeremony.SCRIPT, PKI.root(), PKI.signer()).rendering(false));
    }

    @Test
    void anUnsignedTranscriptsDrawnTextIsItsExtractedText() throws Exception {
        SyntheticCeremony c = SyntheticCeremony.rootKeyGeneration(PKI);
        TranscriptRenderer.Rendering r = LogTranscript.of(c.jsonl(), SyntheticCeremony.SCRIPT, List.of())
                .rendering(true);
        assertSameText(r);
        assertThat(r.pageTexts().get(0)).contains(PageDecoration.UNSIGNED_BANNER);
    }

    private static void assertSameText(TranscriptRenderer.Rendering r) throws Exception {
        List<String> extracted;
        try (PDDocument doc = Loader.loadPDF(r.pdf())) {
            extracted = ContentChecks.pageTexts(doc);
        }
        assertThat(r.pageTexts()).hasSameSizeAs(extracted).hasSizeGreaterThan(3);
        for (int i = 0; i < extracted.size(); i++) {
            String drawn = sorted(ContentChecks.normalise(r.pageTexts().get(i)));
            assertThat(drawn.equals(sorted(ContentChecks.normalise(extracted.get(i)))))
                    .as("the letters and digits of page %d", i + 1).isTrue();
            assertThat(drawn).isNotEmpty();
        }
        // and in the order they are drawn, which is the order the facts are looked for in
        String drawn = ContentChecks.normalise(String.join("\n", r.pageTexts()));
        assertThat(drawn.equals(ContentChecks.normalise(String.join("\n", extracted))))
                .as("the drawn text in the extracted order").isTrue();
    }

    private static String sorted(String s) {
        char[] c = s.toCharArray();
        java.util.Arrays.sort(c);
        return new String(c);
    }
}
