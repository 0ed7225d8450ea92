package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyceremony.transcript.HostileTranscripts.reason;

import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PageMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFreeText;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack: an incremental update after the signature that leaves every page's content alone
 * and only adds a note ("APPROVED") or changes the catalog. The signature still verifies over
 * its byte range, so a viewer may call it valid; the verifier must not.
 */
class UpdateAfterSigningTest {
    @TempDir
    Path dir;

    @Test
    void anApprovedNoteAddedAfterSigningIsRefusedAndNamed() throws Exception {
        byte[] hostile;
        try (PDDocument doc = Loader.loadPDF(GenuineTranscript.bytes())) {
            PDPage page = doc.getPage(0);
            PDAnnotationFreeText stamp = new PDAnnotationFreeText();
            stamp.setRectangle(new PDRectangle(300, 700, 200, 40));
            stamp.setContents("APPROVED");
            stamp.setDefaultAppearance("/Helv 18 Tf 0 g");
            PDAnnotationText note = new PDAnnotationText();
            note.setRectangle(new PDRectangle(60, 700, 20, 20));
            note.setContents("APPROVED by the policy authority");
            page.getAnnotations().add(stamp);
            page.getAnnotations().add(note);
            page.getCOSObject().setNeedToBeUpdated(true);
            page.getCOSObject().getCOSArray(COSName.ANNOTS).setNeedToBeUpdated(true);
            hostile = HostileTranscripts.incremental(doc);
        }
        try (PDDocument check = Loader.loadPDF(hostile)) {
            assertThat(check.getPage(0).getAnnotations()).extracting(a -> a.getContents()).contains("APPROVED");
        }

        VerificationReport r = GenuineTranscript.verifyHostile(hostile);
        assertThat(r.valid()).isFalse();
        assertThat(r.check("signature").orElseThrow().passed()).as("the signed range itself is intact").isTrue();
        assertThat(reason(r, "byte-range")).contains("bytes were appended after the signed range");
        assertThat(reason(r, "no-changes-after-signing")).contains("an incremental update")
                .contains("annotations were added on page 1 after signing");
        assertThat(reason(r, "no-hidden-content")).contains("a FreeText annotation on page 1")
                .contains("a Text annotation on page 1");
        assertThat(HostileTranscripts.pdfsig(dir, "note.pdf", hostile)).contains("Not total document signed");
    }

    @Test
    void aCatalogChangedAfterSigningIsRefusedAndTheEntriesNamed() throws Exception {
        byte[] hostile;
        try (PDDocument doc = Loader.loadPDF(GenuineTranscript.bytes())) {
            doc.getDocumentCatalog().setPageMode(PageMode.FULL_SCREEN);
            doc.getDocumentCatalog().setLanguage("de-DE");
            doc.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            hostile = HostileTranscripts.incremental(doc);
        }

        VerificationReport r = GenuineTranscript.verifyHostile(hostile);
        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "byte-range")).contains("bytes were appended after the signed range");
        assertThat(reason(r, "no-changes-after-signing"))
                .contains("the document catalog changed after signing (")
                .contains("/Lang ").contains("/PageMode added");
        assertThat(HostileTranscripts.pdfsig(dir, "catalog.pdf", hostile)).contains("Not total document signed");
    }
}
