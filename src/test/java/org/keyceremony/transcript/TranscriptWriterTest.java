package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.base.KeyCeremonyException;

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

    @Test
    void writesFromTheClosedEventLogAndRefusesABrokenOne() throws Exception {
        TestPki pki = GenuineTranscript.PKI;
        SyntheticCeremony ceremony = SyntheticCeremony.rootKeyGeneration(pki);
        TranscriptSigner signer = TranscriptSigner.withKey(pki.signerKey().getPrivate(), null, pki.signer(), pki.root());
        Path file = dir.resolve("from-log.pdf");
        VerificationReport r = TranscriptWriter.writeFromLog(file, ceremony.jsonl(), SyntheticCeremony.SCRIPT,
                pki.signer(), signer, pki.root());
        assertThat(r.valid()).isTrue();
        assertThat(TranscriptVerifier.verify(file, GenuineTranscript.rootFingerprint()).valid()).isTrue();

        byte[] broken = ceremony.jsonl();
        broken[broken.length / 2] ^= 1;
        Path other = dir.resolve("broken.pdf");
        assertThatThrownBy(() -> TranscriptWriter.writeFromLog(other, broken, SyntheticCeremony.SCRIPT,
                pki.signer(), signer, pki.root()))
                .isInstanceOf(KeyCeremonyException.class).hasMessageContaining("event log does not verify");
        assertThat(other).doesNotExist();
    }

    @Test
    void writesAnUnsignedTranscriptThatSaysSoOnEveryPageAndIsNeverTakenForASignedOne() throws Exception {
        SyntheticCeremony ceremony = SyntheticCeremony.rootKeyGeneration(GenuineTranscript.PKI);
        Path file = dir.resolve("unsigned.pdf");
        TranscriptWriter.writeUnsignedFromLog(file, ceremony.jsonl(), SyntheticCeremony.SCRIPT);

        VerificationReport report = TranscriptVerifier.verify(file, (String) null);
        assertThat(report.valid()).isFalse();
        assertThat(report.check("one-signature")).hasValueSatisfying(c -> assertThat(c.reason())
                .contains("not signed").contains("declares itself an UNSIGNED TRANSCRIPT"));
        assertThat(report.check("event-log")).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
        assertThat(report.check("footer-hash")).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(file.toFile())) {
            java.util.List<String> pages = ContentChecks.pageTexts(pdf);
            assertThat(pages).hasSizeGreaterThan(2).allSatisfy(p -> assertThat(p).contains("UNSIGNED TRANSCRIPT"));
            assertThat(pages.get(0)).contains("This document is the UNSIGNED record of the ceremony")
                    .doesNotContain("signed record of the ceremony. Its event log");
        }

        assertThatThrownBy(() -> TranscriptWriter.writeUnsignedFromLog(file, ceremony.jsonl(), SyntheticCeremony.SCRIPT))
                .isInstanceOf(KeyCeremonyException.class).hasMessageContaining("never overwritten");
    }

    @Test
    void aSignedTranscriptCarriesNoUnsignedBanner() throws Exception {
        Path file = dir.resolve("signed.pdf");
        GenuineTranscript.write(file, GenuineTranscript.PKI);
        try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(file.toFile())) {
            assertThat(ContentChecks.pageTexts(pdf)).noneMatch(p -> p.contains("UNSIGNED"));
        }
    }
}
