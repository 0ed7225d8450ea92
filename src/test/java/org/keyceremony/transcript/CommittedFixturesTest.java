package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fixtures committed under transcripts/fixtures/ keep failing, each for its own reason. */
class CommittedFixturesTest {
    private static final Path DIR = Path.of("transcripts", "fixtures");

    /** Fixture → the check that must fail and words its reason must contain. */
    private static final Map<String, String[]> EXPECTED = Map.of(
            "flipped-content-byte.pdf", new String[] {"signature", "modified after signing"},
            "incremental-text-change.pdf", new String[] {"no-changes-after-signing", "was rewritten after signing"},
            "replaced-event-log.pdf", new String[] {"no-changes-after-signing", "embedded event log was replaced"},
            "signature-removed.pdf", new String[] {"one-signature", "not signed"},
            "signed-by-another-key.pdf", new String[] {"root-fingerprint", "signed under another root"},
            "truncated.pdf", new String[] {"file-complete", "truncated"},
            "shadow-overlay.pdf", new String[] {"no-changes-after-signing", "shadow attack: overlay"});

    private static String fingerprint() throws Exception {
        return Files.readString(DIR.resolve("root-fingerprint.txt")).strip();
    }

    @Test
    void theCommittedGenuineTranscriptVerifies() throws Exception {
        VerificationReport r = TranscriptVerifier.verify(DIR.resolve("genuine.pdf"), fingerprint());
        assertThat(r.failures()).isEmpty();
        assertThat(r.valid()).isTrue();
    }

    @Test
    void theFixturesAreMadeFromTheCommittedSampleRehearsal() throws Exception {
        Path samples = Path.of("transcripts", "samples");
        Path sample;
        try (var s = Files.list(samples)) {
            sample = s.filter(p -> p.getFileName().toString().matches("transcript-.*\\.pdf")).findFirst().orElseThrow();
        }
        assertThat(Files.readAllBytes(DIR.resolve("genuine.pdf"))).isEqualTo(Files.readAllBytes(sample));
        assertThat(fingerprint()).isEqualTo(Files.readString(samples.resolve("root-fingerprint.txt")).strip());
        VerificationReport r = TranscriptVerifier.verify(sample, fingerprint());
        assertThat(r.failures()).isEmpty();
        assertThat(r.check("signature")).hasValueSatisfying(c -> assertThat(c.reason()).contains("REHEARSAL"));
        assertThat(IndependentJudges.pdfsigVerdict(sample)).isEqualTo("Signature is Valid.");
        assertThat(IndependentJudges.qpdfCheck(sample).exit()).isZero();
        assertThat(IndependentJudges.veraPdfFailures(Files.readAllBytes(sample))).as("veraPDF, PDF/A-3B").isEmpty();
    }

    @Test
    void everyCommittedFixtureFailsForItsReason() throws Exception {
        for (Map.Entry<String, String[]> e : EXPECTED.entrySet()) {
            VerificationReport r = TranscriptVerifier.verify(DIR.resolve(e.getKey()), fingerprint());
            assertThat(r.valid()).as(e.getKey()).isFalse();
            assertThat(r.check(e.getValue()[0])).as(e.getKey() + " " + e.getValue()[0])
                    .hasValueSatisfying(c -> {
                        assertThat(c.passed()).isFalse();
                        assertThat(c.reason()).contains(e.getValue()[1]);
                    });
        }
    }
}
