package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.secret.KeyCeremonyException;

class TranscriptWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesATranscriptThatVerifies() throws Exception {
        Path file = dir.resolve("t.pdf");
        VerificationReport written = GenuineTranscript.write(file, GenuineTranscript.PKI);
        assertThat(written.failures()).isEmpty();
        VerificationReport report = TranscriptVerifier.verify(file, GenuineTranscript.rootFingerprint());
        assertThat(report.valid()).isTrue();
        assertThat(report.check("root-fingerprint")).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
        Files.copy(file, Path.of("target/genuine-transcript.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void neverOverwritesAnExistingTranscript() throws Exception {
        Path file = dir.resolve("t.pdf");
        Files.writeString(file, "earlier");
        assertThatThrownBy(() -> GenuineTranscript.write(file, GenuineTranscript.PKI))
                .isInstanceOf(KeyCeremonyException.class).hasMessageContaining("never overwritten");
        assertThat(Files.readString(file)).isEqualTo("earlier");
    }
}
