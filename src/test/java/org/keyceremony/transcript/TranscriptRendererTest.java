package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.keyceremony.transcript.TranscriptContent.Cover;

class TranscriptRendererTest {
    private static final String HASH = "ab".repeat(32);

    private static byte[] render(TranscriptContent content) throws Exception {
        return TranscriptRenderer.render(content, List.of(new Attachment(Attachment.EVENT_LOG, "application/jsonl",
                "Event log", Attachment.Relationship.SOURCE, "{}\n".getBytes())), Instant.parse("2026-11-26T10:00:00Z"));
    }

    private static TranscriptContent withCover(TranscriptContent c, Cover cover) {
        return new TranscriptContent(cover, c.inventory(), c.participants(), c.identification(), c.airGap(), c.steps(),
                c.deviations(), c.keys(), c.certificates(), c.shares(), c.backups(), c.zeroization(), c.scriptText(),
                c.finalLogHash());
    }

    @Test
    void everyPageHasTheFooterAndARehearsalHasTheWatermarkOnEveryPage() throws Exception {
        byte[] pdf = render(SampleContent.build("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", HASH));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<String> pages = ContentChecks.pageTexts(doc);
            assertThat(pages).hasSizeGreaterThan(5);
            for (int i = 0; i < pages.size(); i++) {
                assertThat(pages.get(i)).contains("Ceremony RKG-2026-11-26-01")
                        .contains("Page " + (i + 1) + " of " + pages.size())
                        .contains(PageDecoration.HASH_LABEL + " " + HASH)
                        .contains(PageDecoration.WATERMARK);
            }
            assertThat(pages.get(pages.size() - 1)).contains("Signatures").contains("do not agree")
                    .contains("Aud Itor").contains("Time zone");
        }
    }

    @Test
    void aRealCeremonyHasNoWatermark() throws Exception {
        TranscriptContent sample = SampleContent.build("", HASH);
        Cover c = sample.cover();
        TranscriptContent real = withCover(sample, new Cover(c.kind(), c.ceremonyId(), c.objectives(),
                c.approvalReference(), c.date(), c.place(), c.timeZone(), c.start(), c.end(), c.outcome(), false));
        try (PDDocument doc = Loader.loadPDF(render(real))) {
            assertThat(String.join("", ContentChecks.pageTexts(doc))).doesNotContain(PageDecoration.WATERMARK);
        }
    }

    @Test
    void longValuesAreWrappedNotCut() throws Exception {
        TranscriptContent sample = SampleContent.build("", HASH);
        String longDn = "CN=" + "Very Long Common Name Segment ".repeat(8) + ",O=" + "X".repeat(150) + ",C=NL";
        String longToken = "0123456789abcdef".repeat(20);
        Cover c = sample.cover();
        TranscriptContent content = withCover(sample, new Cover(c.kind(), longToken, longDn, c.approvalReference(),
                c.date(), c.place(), c.timeZone(), c.start(), c.end(), c.outcome(), true));
        try (PDDocument doc = Loader.loadPDF(render(content))) {
            String text = ContentChecks.normalise(String.join("\n", ContentChecks.pageTexts(doc)));
            assertThat(text).contains(ContentChecks.normalise(longDn)).contains(longToken);
        }
    }

    @Test
    void charactersBeyondLiberationPrintInAFallbackFontNotAsQuestionMarks() throws Exception {
        TranscriptContent sample = SampleContent.build("", HASH);
        Cover c = sample.cover();
        TranscriptContent content = withCover(sample, new Cover(c.kind(), c.ceremonyId(), "Zürich \u4e2d\u6587 ok",
                c.approvalReference(), c.date(), c.place(), c.timeZone(), c.start(), c.end(), c.outcome(), true));
        try (PDDocument doc = Loader.loadPDF(render(content))) {
            assertThat(ContentChecks.pageTexts(doc).get(0)).contains("Zürich \u4e2d\u6587 ok").doesNotContain("?");
        }
    }
}
