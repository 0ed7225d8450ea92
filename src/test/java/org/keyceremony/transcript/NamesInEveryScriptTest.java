package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.transcript.TranscriptContent.Participant;
import org.keyceremony.transcript.TranscriptContent.ShareDistribution;
import org.keyceremony.transcript.TranscriptContent.ShareRecord;

/**
 * Issue 19, part 5: a participant's name prints as it was written, in any script the transcript
 * carries, and text extraction gives it back in logical order.
 */
class NamesInEveryScriptTest {
    static final List<String> NAMES = List.of("山田太郎", "عائشة", "דוד כהן", "Ελένη", "Пётр", "Zoë Ångström");

    static TranscriptContent content() {
        TranscriptContent c = SampleContent.build("", "ab".repeat(32));
        List<Participant> people = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            people.add(new Participant(NAMES.get(i), i == 0 ? "administrator" : "custodian"));
        }
        ShareDistribution s = c.shares();
        List<ShareRecord> rows = new ArrayList<>();
        for (int i = 0; i < s.rows().size(); i++) {
            ShareRecord r = s.rows().get(i);
            rows.add(new ShareRecord(NAMES.get(i + 1), r.cardSerial(), r.cardLabel(), r.shareNumber(), r.commitment()));
        }
        return new TranscriptContent(c.cover(), c.inventory(), people, c.identification(), c.airGap(), c.steps(),
                c.deviations(), c.keys(), c.certificates(),
                new ShareDistribution(s.threshold(), s.total(), s.shareSetId(), s.kwkCheckValue(), rows), c.backups(),
                c.zeroization(), c.scriptText(), c.finalLogHash());
    }

    static byte[] render(TranscriptContent content) throws Exception {
        return TranscriptRenderer.render(content, List.of(new Attachment(Attachment.EVENT_LOG, "application/jsonl",
                "Event log", Attachment.Relationship.SOURCE, "{}\n".getBytes())), Instant.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void theSameContentRendersToTheSameBytes() throws Exception {
        assertThat(render(content())).isEqualTo(render(content()));
    }

    @Test
    void namesInEveryScriptPassPdfA3b() throws Exception {
        assertThat(IndependentJudges.veraPdfFailures(render(content()))).isEmpty();
    }

    @Test
    void pdfBoxExtractsEveryNameInLogicalOrder() throws Exception {
        try (PDDocument doc = Loader.loadPDF(render(content()))) {
            String text = new PDFTextStripper().getText(doc);
            for (int i = 0; i < NAMES.size(); i++) {
                assertThat(text).contains(NAMES.get(i) + (i == 0 ? " administrator" : " custodian"));
            }
            assertThat(text).doesNotContain("?");
        }
    }

    @Test
    void popplerExtractsEveryNameAndListsTheFontsEmbedded(@TempDir Path dir) throws Exception {
        Path pdf = dir.resolve("names.pdf");
        Files.write(pdf, render(content()));
        IndependentJudges.Run text = IndependentJudges.run("pdftotext", "-f", "1", "-l", "1", pdf.toString(), "-");
        // poppler marks right-to-left lines with U+202B ... U+202C around the logical text
        String plain = text.output().replace("\u202B", "").replace("\u202C", "");
        assertThat(plain).contains(NAMES).doesNotContain("?");
        IndependentJudges.Run fonts = IndependentJudges.run("pdffonts", pdf.toString());
        for (String font : List.of("LiberationSans", "DroidSansFallback", "NotoNaskhArabic-Regular",
                "NotoSansHebrew-Regular")) {
            assertThat(fonts.output().lines().filter(l -> l.contains("+" + font + " ")))
                    .as(font).singleElement().asString().containsPattern("Identity-H\\s+yes\\s+yes\\s+yes");
        }
    }

    @Test
    void arabicIsDrawnInItsJoinedFormsNotLetterByLetter() throws Exception {
        // the isolated letters of عائشة are wider than the word: shaping changed the glyphs
        try (PDDocument doc = new PDDocument()) {
            TranscriptFonts fonts = TranscriptFonts.load(doc);
            float shaped = fonts.lineWidth(fonts.regular, 10, "عائشة");
            float isolated = 0;
            for (String letter : List.of("ع", "ا", "ئ", "ش", "ة")) {
                isolated += fonts.lineWidth(fonts.regular, 10, letter);
            }
            assertThat(shaped).isLessThan(isolated * 0.9f);
        }
    }

    @Test
    void textNoFontPrintsIsADefectNotAQuestionMark() throws Exception {
        TranscriptContent c = content();
        List<Participant> people = new ArrayList<>(c.participants());
        people.add(new Participant("Smiley \uD83D\uDE00", "witness"));
        TranscriptContent withEmoji = new TranscriptContent(c.cover(), c.inventory(), people, c.identification(),
                c.airGap(), c.steps(), c.deviations(), c.keys(), c.certificates(), c.shares(), c.backups(),
                c.zeroization(), c.scriptText(), c.finalLogHash());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> render(withEmoji))
                .isInstanceOf(org.keyceremony.base.KeyCeremonyException.class)
                .hasMessageContaining("could not be rendered")
                .rootCause().hasMessageContaining("U+1F600 (GRINNING FACE)");
    }
}
