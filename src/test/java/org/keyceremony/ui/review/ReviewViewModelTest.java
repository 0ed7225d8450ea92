package org.keyceremony.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.transcript.Check;
import org.keyceremony.journal.Json;
import org.keyceremony.ui.common.TaskRunner;

/** The auditor's review on the committed fixtures (transcripts/fixtures), without a screen. */
class ReviewViewModelTest {
    private static final Path FIXTURES = Path.of("transcripts/fixtures");
    private final ReviewViewModel vm = new ReviewViewModel(TaskRunner.sameThread());

    private static String rootFingerprint() throws Exception {
        return Files.readString(FIXTURES.resolve("root-fingerprint.txt")).strip();
    }

    @Test
    void aGenuineTranscriptIsValidAndShowsItsFacts() {
        vm.open(FIXTURES.resolve("genuine.pdf"));
        assertThat(vm.reportProperty().get().valid()).isTrue();
        assertThat(vm.verdictProperty().get()).startsWith("VALID: every check passed. Enter the root fingerprint");
        assertThat(vm.checks()).allMatch(Check::passed).isNotEmpty();
        assertThat(vm.contentProperty().get()).isNotNull();
        assertThat(vm.contentProperty().get().shares().rows()).isNotEmpty();
        assertThat(vm.contentProperty().get().certificates()).isNotEmpty();
    }

    @Test
    void theFingerprintMayBeTypedWithColonsSpacesAndCapitals() throws Exception {
        String fp = rootFingerprint().toUpperCase().replaceAll("(..)", "$1:");
        vm.fingerprintProperty().set(" " + fp.substring(0, fp.length() - 1) + " ");
        vm.open(FIXTURES.resolve("genuine.pdf"));
        assertThat(vm.reportProperty().get().check("root-fingerprint")).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
        assertThat(vm.verdictProperty().get()).startsWith("VALID: every check passed, and the transcript is signed under the root");
    }

    @Test
    void aTranscriptSignedUnderAnotherRootFailsTheFingerprintAndTheCeremonyBinding() throws Exception {
        vm.fingerprintProperty().set(rootFingerprint());
        vm.open(FIXTURES.resolve("signed-by-another-key.pdf"));
        assertThat(vm.reportProperty().get().failures()).extracting(Check::name)
                .containsExactly("root-fingerprint", "signer-of-ceremony", "attachments", "pages-reproduced");
        assertThat(vm.verdictProperty().get()).isEqualTo("NOT VALID: 4 check(s) failed. Do not rely on this transcript; "
                + "see the reasons below.");
    }

    @Test
    void aFlippedByteFailsTheSignatureWithItsReason() {
        vm.open(FIXTURES.resolve("flipped-content-byte.pdf"));
        Check signature = vm.reportProperty().get().check("signature").orElseThrow();
        assertThat(signature.passed()).isFalse();
        assertThat(signature.reason()).contains("modified after signing");
        assertThat(vm.reportText()).contains("FAIL  signature: ");
    }

    @Test
    void aMissingFileIsAMessageNotACrash(@TempDir Path dir) {
        vm.open(dir.resolve("nothing.pdf"));
        assertThat(vm.reportProperty().get()).isNull();
        assertThat(vm.problemProperty().get()).startsWith("Cannot read " + dir.resolve("nothing.pdf"));
    }

    @Test
    void exportsTheJsonOfCeremonyVerifyAndNeverOverwrites(@TempDir Path dir) throws Exception {
        vm.open(FIXTURES.resolve("truncated.pdf"));
        Path json = dir.resolve("report.json");
        vm.export(json);
        var parsed = Json.parseObject(Files.readString(json));
        assertThat(parsed.get("valid")).isEqualTo(false);
        assertThat(parsed.get("file")).isEqualTo("truncated.pdf");
        assertThat(vm.problemProperty().get()).isEqualTo("Report written to " + json);

        Files.writeString(dir.resolve("report.txt"), "earlier");
        vm.export(dir.resolve("report.txt"));
        assertThat(vm.problemProperty().get()).startsWith(dir.resolve("report.txt") + " exists already");
        assertThat(Files.readString(dir.resolve("report.txt"))).isEqualTo("earlier");
    }
}
