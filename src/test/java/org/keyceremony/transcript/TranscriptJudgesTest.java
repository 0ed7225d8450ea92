package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The genuine transcript before the independent judges: pdfsig, qpdf and veraPDF. */
class TranscriptJudgesTest {
    @TempDir
    Path dir;

    @Test
    void pdfsigReportsTheSignatureValid() throws Exception {
        Path file = Files.write(dir.resolve("genuine.pdf"), GenuineTranscript.bytes());
        assertThat(IndependentJudges.pdfsigVerdict(file)).isEqualTo("Signature is Valid.");
        assertThat(IndependentJudges.run("pdfsig", file.toString()).output())
                .contains("Signature Type: ETSI.CAdES.detached").contains("Total document signed");
    }

    @Test
    void qpdfFindsNoErrors() throws Exception {
        Path file = Files.write(dir.resolve("genuine.pdf"), GenuineTranscript.bytes());
        IndependentJudges.Run r = IndependentJudges.qpdfCheck(file);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("No syntax or stream encoding errors found");
    }

    @Test
    void veraPdfSaysPdfA3bCompliant() throws Exception {
        assertThat(IndependentJudges.veraPdfFailures(GenuineTranscript.bytes())).isEmpty();
    }

    @Test
    void veraPdfNoticesAMissingOutputIntent() throws Exception {
        // The judge must be able to say no: the same transcript without its output intent is not PDF/A.
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(GenuineTranscript.bytes())) {
            doc.getDocumentCatalog().getCOSObject().removeItem(org.apache.pdfbox.cos.COSName.OUTPUT_INTENTS);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            assertThat(IndependentJudges.veraPdfFailures(out.toByteArray())).isNotEmpty();
        }
    }
}
