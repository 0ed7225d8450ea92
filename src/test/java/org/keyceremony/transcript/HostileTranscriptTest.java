package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.InflaterInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, part 3: hostile files are cheap to refuse. Each file of {@link HostilePdfs} is
 * refused naming the bound it broke, and the test shows the work stayed bounded by the
 * mechanism, not by a clock: decoding stopped at the bound, the counted walk stopped at its
 * limit, and no verifier thread is left running once {@code verify} returns. (Time and memory
 * were measured by hand, before and after: docs/reliability.md.)
 */
class HostileTranscriptTest {
    private static VerificationReport verify(byte[] pdf) {
        return TranscriptVerifier.verify("hostile.pdf", pdf, (String) null);
    }

    private static String parses(VerificationReport r) {
        assertThat(r.valid()).isFalse();
        assertThat(r.checks()).as("a refused file is one failed check").hasSize(1);
        Check c = r.check("parses").orElseThrow();
        assertThat(c.passed()).isFalse();
        return c.reason();
    }

    @AfterEach
    void noVerifierThreadOutlivesTheVerification() {
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.getName().equals(TranscriptVerifier.WORKER_NAME) && t.isAlive())
                .as("verifier threads still running after verify returned").isEmpty();
    }

    @Test
    void aPageCountOfTwoBillionIsRefusedBeforeAnyPageIsRead() {
        assertThat(parses(verify(HostilePdfs.pageCountOfTwoBillion()))).isEqualTo("refused: its page tree declares "
                + "2147483647 pages; a transcript has at most 10000; not a transcript this program wrote");
    }

    @Test
    void fiftyThousandEntriesToOnePageAreRefusedByTheirCount() {
        assertThat(parses(verify(HostilePdfs.fiftyThousandEntriesToOnePage())))
                .contains("its page tree declares 50000 pages; a transcript has at most 10000");
    }

    @Test
    void aPageListedTwiceIsRefusedEvenWhenTheCountIsWithinBounds() {
        byte[] twice = HostilePdfs.fiftyThousandEntriesToOnePage();
        String text = new String(twice, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("/Kids [" + "3 0 R ".repeat(50_000) + "] /Count 50000", "/Kids [3 0 R 3 0 R] /Count 2");
        assertThat(parses(verify(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))))
                .contains("its page tree lists object 3 0 more than once");
    }

    @Test
    void aCountThatDisagreesWithThePagesIsRefused() {
        String text = new String(HostilePdfs.pageCountOfTwoBillion(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("/Count 2147483647", "/Count 9999      ");
        assertThat(parses(verify(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))))
                .contains("its page tree declares 9999 pages but holds 1");
    }

    @Test
    void anEmbeddedFilesNameTreeThatListsItselfIsRefusedAsACycle() {
        assertThat(parses(verify(HostilePdfs.nameTreeListingItself())))
                .contains("its embedded-files name tree lists object 5 0 more than once")
                .contains("a cycle");
        assertThat(parses(verify(HostilePdfs.nameTreeOfTwoNodesInACycle())))
                .contains("its embedded-files name tree lists object 6 0 more than once");
    }

    @Test
    void aNameTreeThatListsItselfIsSearchedOnceByTheReviewScreensReader() throws IOException {
        // EmbeddedFiles.read serves the review screen too, where no budget runs: the cycle ends the search
        try (PDDocument doc = Loader.loadPDF(HostilePdfs.nameTreeListingItself())) {
            assertThat(EmbeddedFiles.read(doc, Attachment.EVENT_LOG, 1 << 20)).isEmpty();
        }
    }

    @Test
    void nestedFormFanOutIsStoppedAtTheDepthBound() {
        assertThat(parses(verify(HostilePdfs.formFanOut()))).contains("its Form XObjects are nested more than "
                + ReadingBudget.MAX_FORM_DEPTH + " deep");
    }

    @Test
    void wideFormFanOutIsStoppedAtTheCountBound() {
        // four levels (within the depth bound) of forms, each drawing the next 20 times: 8,421 forms drawn
        byte[] wide = HostilePdfs.formFanOut(ReadingBudget.MAX_FORM_DEPTH, 20);
        assertThat(parses(verify(wide)))
                .contains("its pages draw more than " + ReadingBudget.MAX_FORMS + " Form XObjects");
    }

    @Test
    void theBombsAreWhatTheySayTheyAre() throws IOException {
        byte[] bomb = HostilePdfs.deflateBomb();
        assertThat(bomb.length).isBetween(3_000_000, 6_000_000);
        // inflate a prefix with the JDK (bounded here too): zeros, and far more of them than bytes read
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(bomb))) {
            byte[] first = in.readNBytes(16 << 20);
            assertThat(first).hasSize(16 << 20).containsOnly((byte) 0);
        }
    }

    @Test
    void aBombInAPageStopsInflatingAtTheStreamBound() throws IOException {
        String reason = parses(verify(HostilePdfs.bombInAPage()));
        assertThat(reason).contains("decodes to more than");
        assertStoppedAtTheBound(reason);
    }

    @Test
    void aBombAsTheEmbeddedEventLogStopsInflatingAtTheStreamBound() {
        String reason = parses(verify(HostilePdfs.bombAsTheEventLog()));
        assertThat(reason).contains("decodes to more than");
        assertStoppedAtTheBound(reason);
    }

    /** The figure in the reason is where decoding stopped: past the ratio's floor by at most one write. */
    private static void assertStoppedAtTheBound(String reason) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("stream of (\\d+) encoded bytes decodes to more "
                + "than (\\d+) bytes").matcher(reason);
        assertThat(m.find()).as(reason).isTrue();
        long encoded = Long.parseLong(m.group(1));
        long decoded = Long.parseLong(m.group(2));
        assertThat(decoded).isGreaterThan(ReadingBudget.RATIO_FREE_BYTES)
                .isLessThanOrEqualTo(ReadingBudget.RATIO_FREE_BYTES + (64 << 10));
        assertThat(encoded).as("encoded bytes read before it stopped").isLessThan(64 << 10);
    }

    @Test
    void theLimitingStreamStopsAtTheAbsoluteBoundWhenTheRatioIsOrdinary() throws Exception {
        // 80 MiB of text of 16 letters in a random order: it deflates about 2:1, so only the absolute bound stops it
        java.util.Random random = org.keyceremony.testing.Seeded.random(19_3L);
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) ('a' + random.nextInt(16));
        }
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(zipped,
                new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED))) {
            for (long n = 0; n < ReadingBudget.MAX_STREAM_BYTES + (16 << 20); n += block.length) {
                z.write(block); // a MiB apart: farther than Deflate looks back, so no repeat is seen
            }
        }
        try (PDDocument doc = new PDDocument()) {
            COSStream stream = doc.getDocument().createCOSStream();
            try (java.io.OutputStream raw = stream.createRawOutputStream()) {
                raw.write(zipped.toByteArray());
            }
            stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            ReadingBudget budget = new ReadingBudget(java.time.Duration.ofDays(1));
            String refusal = budget.charging(() -> {
                try (InputStream in = stream.createInputStream()) {
                    in.readAllBytes();
                    return null;
                } catch (ReadingBudget.Exceeded e) {
                    return e.getMessage();
                }
            });
            assertThat(refusal).startsWith("a stream decodes to more than 64 MiB (decoding stopped there)");
            assertThat(budget.refusal()).isEqualTo(refusal);
        }
        assertThat(BoundedDecoding.install()).as("PDFBox's filters are bounded").isNull();
    }

    @Test
    void withoutAVerificationRunningDecodingIsUnbounded() throws Exception {
        // rendering and signing decode through the same filters: no budget, no limit
        byte[] zeros = new byte[(int) ReadingBudget.RATIO_FREE_BYTES * 3];
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(zipped)) {
            z.write(zeros);
        }
        assertThat(BoundedDecoding.install()).isNull();
        try (PDDocument doc = new PDDocument()) {
            COSStream stream = doc.getDocument().createCOSStream();
            try (java.io.OutputStream raw = stream.createRawOutputStream()) {
                raw.write(zipped.toByteArray());
            }
            stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            try (InputStream in = stream.createInputStream()) {
                assertThat(in.readAllBytes()).hasSize(zeros.length);
            }
            ReadingBudget budget = new ReadingBudget(java.time.Duration.ofDays(1));
            String refusal = budget.charging(() -> {
                try (InputStream in = stream.createInputStream()) {
                    return "read " + in.readAllBytes().length;
                } catch (ReadingBudget.Exceeded e) {
                    return e.getMessage();
                }
            });
            assertThat(refusal).contains("more than 100 times its size");
        }
    }

    @Test
    void theGenuineTranscriptStaysValidWithinTheBounds() throws Exception {
        VerificationReport r = TranscriptVerifier.verify("genuine.pdf", GenuineTranscript.bytes(),
                GenuineTranscript.rootFingerprint());
        assertThat(r.valid()).as(r.failures().toString()).isTrue();
    }
}
