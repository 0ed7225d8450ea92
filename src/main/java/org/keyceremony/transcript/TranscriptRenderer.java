package org.keyceremony.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.keyceremony.base.Digests;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.transcript.PageLayout.Column;
import org.keyceremony.transcript.PageLayout.Field;
import org.keyceremony.transcript.TranscriptContent.Cover;

/**
 * Renders a {@link TranscriptContent} as an unsigned PDF/A-3b document: the human-readable
 * record an auditor reads, with the machine-readable files attached. The order of the
 * sections is the order {@link TranscriptFacts#printedFacts} expects; change both together.
 *
 * <p>Rendering is a function of its inputs, byte for byte: no clock, no random document id, no
 * software version, nothing of the machine. The verifier renders the pages again from the
 * embedded log and compares ({@link Reproduction}); a change to what this writes (layout,
 * wording, fonts, PDFBox) is a new {@link #LAYOUT}, and the verifier keeps rendering every
 * layout it ever shipped.
 */
public final class TranscriptRenderer {

    /**
     * The transcript layout this renderer writes; the engine records it in {@code ceremony-start}
     * ({@code transcriptLayout}), so that the pages of a log can be rendered again as they were.
     * Layout 2 is the first that renders deterministically; transcripts made before name none.
     */
    public static final int LAYOUT = 2;

    private TranscriptRenderer() {
    }

    /**
     * Renders the transcript.
     *
     * @param attachments the event log ({@link Attachment#EVENT_LOG}), the script and the
     *                    certificates (root and transcript signer)
     * @param created     the creation time written into the document metadata
     * @return the bytes of the unsigned PDF, ready for {@link TranscriptSigner}
     */
    public static byte[] render(TranscriptContent content, List<Attachment> attachments, Instant created)
            throws KeyCeremonyException {
        return render(content, attachments, created, false).pdf();
    }

    /**
     * Renders the transcript of a ceremony that had no HSM to sign it (a card check): the same
     * record, with the UNSIGNED banner on every page. It is final as it is; nothing signs it.
     */
    public static byte[] renderUnsigned(TranscriptContent content, List<Attachment> attachments, Instant created)
            throws KeyCeremonyException {
        return render(content, attachments, created, true).pdf();
    }

    /** A rendered transcript and the text drawn on each of its pages ({@link TranscriptFonts#drawnText}). */
    record Rendering(byte[] pdf, List<String> pageTexts) {
    }

    static Rendering render(TranscriptContent content, List<Attachment> attachments, Instant created,
                            boolean unsigned) throws KeyCeremonyException {
        try (PDDocument document = new PDDocument()) {
            TranscriptFonts fonts = TranscriptFonts.load(document);
            PageLayout page = new PageLayout(document, fonts);
            CeremonySections sections = new CeremonySections(page, content);
            sections.cover(unsigned);
            sections.inventoryAndParticipants();
            sections.identification();
            sections.steps();
            sections.deviations();
            sections.keysAndCertificates();
            sections.shares();
            sections.backupAndZeroization();
            sections.appendices();
            signatureBlocks(page, content);
            page.finish();
            Cover cover = content.cover();
            PageDecoration.apply(document, fonts, cover.ceremonyId(), content.finalLogHash(), cover.rehearsal(), unsigned);

            String title = (cover.rehearsal() ? "REHEARSAL – " : "") + (unsigned ? "UNSIGNED – " : "")
                    + "Key ceremony transcript " + cover.ceremonyId();
            PdfA3.identify(document, title, "Transcript of the " + cover.kind() + " ceremony " + cover.ceremonyId(),
                    created);
            fonts.embed();
            fileIdentifier(document, cover.ceremonyId(), content.finalLogHash(), created, unsigned);
            PdfA3.outputIntent(document);
            PdfA3.attach(document, attachments, created);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return new Rendering(out.toByteArray(), fonts.drawnText(document));
        } catch (IOException | RuntimeException e) {
            throw new KeyCeremonyException("The transcript could not be rendered (" + e.getClass().getSimpleName()
                    + "). The event log is intact; render the transcript again from it.", e);
        }
    }

    /**
     * The trailer's /ID from what identifies this transcript (PDFBox would otherwise hash the wall
     * clock into it): the same log, time and kind of transcript render to the same bytes, which is
     * what lets a verifier render the pages again and compare.
     */
    private static void fileIdentifier(PDDocument document, String ceremonyId, String finalLogHash, Instant created,
                                       boolean unsigned) {
        MessageDigest sha = Digests.sha256();
        sha.update((ceremonyId + "\n" + finalLogHash + "\n" + created + "\n" + unsigned)
                .getBytes(StandardCharsets.UTF_8));
        byte[] id = Arrays.copyOf(sha.digest(), 16);
        document.getDocument().getTrailer().setItem(COSName.ID,
                new COSArray(List.of(new COSString(id), new COSString(id))));
    }

    /** The last page: a block per participant for the wet-ink signature and their verdict. */
    private static void signatureBlocks(PageLayout page, TranscriptContent content) throws IOException {
        page.newPage();
        page.heading("Signatures");
        page.note("Each participant signs in ink. By signing, the participant confirms having been present and "
                + "states whether the ceremony followed the script. Disagreement is recorded, not a reason to refuse "
                + "to sign; describe it under Exceptions or attach a note.");
        page.space(6);
        TranscriptFonts f = page.fonts;
        List<TranscriptContent.Participant> people = new ArrayList<>(content.participants());
        if (people.isEmpty()) {
            people.add(new TranscriptContent.Participant("", ""));
        }
        float left = PageLayout.MARGIN_X;
        float mid = left + PageLayout.WIDTH * 0.55f;
        float right = left + PageLayout.WIDTH;
        for (TranscriptContent.Participant p : people) {
            if (page.y() - 104 < PageLayout.BOTTOM) {
                page.newPage();
                page.heading("Signatures (continued)");
            }
            page.space(2);
            page.textAt(f.bold, 10.5f, p.name().isEmpty() ? "Name: ______________________" : p.name(), left, 10, 0.1f);
            page.textAt(f.regular, 9, p.role(), mid, 10, 0.35f);
            page.space(32);
            writeLine(page, left, mid - 14, "Signature");
            writeLine(page, mid, right, "Date");
            page.space(26);
            writeLine(page, left, mid - 14, "Time");
            writeLine(page, mid, right, "Time zone");
            page.space(20);
            page.textAt(f.regular, 9, "The ceremony followed the script:", left, 9, 0.1f);
            float x = left + TranscriptFonts.width(f.regular, 9, "The ceremony followed the script:") + 14;
            page.space(1);
            page.box(x, 9);
            page.textAt(f.regular, 9, "agree", x + 14, 8, 0.1f);
            float x2 = x + 14 + TranscriptFonts.width(f.regular, 9, "agree") + 22;
            page.box(x2, 9);
            page.textAt(f.regular, 9, "do not agree", x2 + 14, 8, 0.1f);
            page.space(18);
            page.rule(left, right, 0.4f, 0.8f);
            page.space(2);
        }
    }

    private static void writeLine(PageLayout page, float from, float to, String label) throws IOException {
        page.rule(from, to, 0.6f, 0.35f);
        page.textAt(page.fonts.regular, 7.5f, label, from, 9, 0.4f);
    }

    static List<Field> fields(String... labelValue) {
        List<Field> out = new ArrayList<>();
        for (int i = 0; i < labelValue.length; i += 2) {
            out.add(Field.text(labelValue[i], labelValue[i + 1]));
        }
        return out;
    }

    static Column col(String header, float share) {
        return new Column(header, share, false);
    }

    static Column mono(String header, float share) {
        return new Column(header, share, true);
    }
}
