package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transcript verification ({@code ceremony verify}, the review screen) against any bytes. Seeds:
 * the signed transcript of a headless EC P-384 rehearsal ({@code genuine-ec-rehearsal.pdf}, made
 * by {@code ceremony rehearse --script src/test/resources/reliability/root-key-generation-ec.yaml};
 * its root's SHA-256 is {@code genuine-ec-rehearsal.root.sha256}), the shipped sample of another
 * root, and the forged fixtures of {@code transcripts/fixtures} (cut short, text changed in an
 * incremental update, signature removed, a shadow overlay).
 */
class TranscriptFuzzTest {
    private static final String SEEDS = "TranscriptFuzzTestInputs/verifiesOnlyTheGenuineTranscript/";
    private static final byte[] GENUINE = resource(SEEDS + "genuine-ec-rehearsal.pdf");
    private static final String FINGERPRINT = new String(resource("genuine-ec-rehearsal.root.sha256"),
            StandardCharsets.US_ASCII).strip();

    /**
     * Valid only for the genuine transcript itself, byte for byte (its signature covers every byte
     * but the signature's own, which must be the one DER encoding); anything else is a report
     * with at least one failed check, each naming what failed. Never an exception and never more
     * than the input's time: the verifier's own bound is 120 s, a fuzz input gets 30.
     */
    @FuzzTest
    @DictionaryFile(resourcePath = "/fuzz-dictionaries/pdf.dict")
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void verifiesOnlyTheGenuineTranscript(byte[] pdf) {
        VerificationReport report = TranscriptVerifier.verify("fuzzed.pdf", pdf, FINGERPRINT);
        if (Arrays.equals(pdf, GENUINE)) {
            assertThat(report.valid()).as("the genuine transcript: %s", report.failures()).isTrue();
        } else {
            assertThat(report.valid()).as("a transcript other than the genuine one was found valid").isFalse();
            assertThat(report.failures()).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.reason()).isNotBlank());
        }
    }

    @Test
    void theGenuineTranscriptIsValidForItsRootOnly() {
        assertThat(TranscriptVerifier.verify("genuine.pdf", GENUINE, FINGERPRINT).valid()).isTrue();
        assertThat(TranscriptVerifier.verify("genuine.pdf", GENUINE, "00".repeat(32)).valid()).isFalse();
    }

    private static byte[] resource(String name) {
        try (InputStream in = TranscriptFuzzTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
