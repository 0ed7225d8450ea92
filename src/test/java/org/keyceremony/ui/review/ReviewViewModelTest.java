package org.keyceremony.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.journal.Json;
import org.keyceremony.transcript.Check;
import org.keyceremony.transcript.VerificationReport;
import org.keyceremony.ui.common.TaskRunner;

/** The auditor's review on the committed fixtures (transcripts/fixtures), without a screen. */
class ReviewViewModelTest {
    private static final Path FIXTURES = Path.of("transcripts/fixtures");
    private final ReviewViewModel vm = new ReviewViewModel(TaskRunner.sameThread());

    private static String rootFingerprint() throws Exception {
        return Files.readString(FIXTURES.resolve("root-fingerprint.txt")).strip();
    }

    /**
     * What the participants wrote on the pages at the ceremony: the log's final hash, as
     * {@code ceremony verify} prints it in the event-log line, and the ceremony id, which names
     * the sample (transcripts/samples/README.md) that genuine.pdf is a copy of.
     */
    static String finalHashWrittenAtTheCeremony() {
        ReviewViewModel unpinned = new ReviewViewModel(TaskRunner.sameThread());
        unpinned.open(FIXTURES.resolve("genuine.pdf"));
        String hash = unpinned.reportProperty().get().check("event-log").orElseThrow().reason()
                .replaceAll(".*final hash ", "").strip();
        assertThat(hash).matches("[0-9a-f]{64}");
        return hash;
    }

    static String ceremonyIdWrittenAtTheCeremony() throws Exception {
        try (Stream<Path> samples = Files.list(Path.of("transcripts/samples"))) {
            return samples.map(p -> p.getFileName().toString()).filter(n -> n.matches("transcript-.*\\.pdf"))
                    .map(n -> n.substring("transcript-".length(), n.length() - ".pdf".length())).findFirst().orElseThrow();
        }
    }

    @Test
    void verifyingTheSameFileAgainKeepsWhatWasTypedAndAnotherFileStartsClean() throws Exception {
        vm.open(FIXTURES.resolve("genuine.pdf"));
        vm.fingerprintProperty().set(rootFingerprint());
        vm.finalHashProperty().set("0".repeat(64));
        vm.ceremonyIdProperty().set("RKG-2031-02");
        vm.open(FIXTURES.resolve("genuine.pdf"));
        assertThat(vm.reportProperty().get().check("root-fingerprint")).isPresent();

        vm.open(FIXTURES.resolve("flipped-content-byte.pdf"));

        assertThat(vm.fingerprintProperty().get()).isEmpty();
        assertThat(vm.finalHashProperty().get()).isEmpty();
        assertThat(vm.ceremonyIdProperty().get()).isEmpty();
        assertThat(vm.reportProperty().get().check("root-fingerprint")).isEmpty();
        assertThat(vm.reportProperty().get().check("expected-final-hash")).isEmpty();
    }

    @Test
    void aGenuineTranscriptIsValidAndShowsItsFacts() {
        vm.open(FIXTURES.resolve("genuine.pdf"));
        assertThat(vm.reportProperty().get().valid()).isTrue();
        assertThat(vm.verdictProperty().get()).startsWith("VALID: every check passed. Enter the root fingerprint")
                .endsWith(" The file alone cannot show it is the transcript signed in the room: enter the final hash "
                        + "written at the ceremony.");
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
    void theFinalHashAndCeremonyIdWrittenAtTheCeremonyPassAndTheVerdictDropsTheCaveat() throws Exception {
        String hash = finalHashWrittenAtTheCeremony().toUpperCase().replaceAll("(........)", "$1 ");
        vm.fingerprintProperty().set(rootFingerprint());
        vm.finalHashProperty().set(hash);
        vm.ceremonyIdProperty().set(" " + ceremonyIdWrittenAtTheCeremony().toUpperCase() + " ");
        vm.open(FIXTURES.resolve("genuine.pdf"));
        VerificationReport r = vm.reportProperty().get();
        assertThat(r.valid()).isTrue();
        assertThat(r.check("expected-final-hash")).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
        assertThat(r.check("expected-ceremony")).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
        assertThat(vm.verdictProperty().get()).isEqualTo("VALID: every check passed, and the transcript is signed under "
                + "the root with the fingerprint given. It is the transcript signed in the room: its log ends with the "
                + "final hash and records the ceremony id written there.");
        assertThat(vm.reportText()).contains("Expected final hash: " + finalHashWrittenAtTheCeremony())
                .contains("Expected ceremony id: " + ceremonyIdWrittenAtTheCeremony().toUpperCase());
    }

    @Test
    void aFinalHashWithoutTheCeremonyIdAsksForTheIdToo() {
        vm.finalHashProperty().set(finalHashWrittenAtTheCeremony());
        vm.open(FIXTURES.resolve("genuine.pdf"));
        assertThat(vm.verdictProperty().get()).endsWith(". Its log ends with the final hash written at the ceremony; "
                + "enter the ceremony id written there too.").doesNotContain("cannot show");
    }

    @Test
    void aWrongFinalHashOrCeremonyIdFailsItsCheckWithItsReason() {
        vm.finalHashProperty().set("0".repeat(64));
        vm.ceremonyIdProperty().set("RKG-2031-02");
        vm.open(FIXTURES.resolve("genuine.pdf"));
        VerificationReport r = vm.reportProperty().get();
        assertThat(r.failures()).extracting(Check::name).containsExactly("expected-final-hash", "expected-ceremony");
        assertThat(r.check("expected-final-hash").orElseThrow().reason())
                .contains("not the final hash written at the ceremony (" + "0".repeat(64) + ")")
                .endsWith("this is not the transcript signed in the room");
        assertThat(r.check("expected-ceremony").orElseThrow().reason()).endsWith("not the expected RKG-2031-02");
        assertThat(vm.verdictProperty().get()).startsWith("NOT VALID: 2 check(s) failed: expected-final-hash, expected-ceremony.");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("abc", "", "3 hex digits typed; the final hash has 64 (it is printed in every page footer).", ""),
                Arguments.of("0".repeat(65), "", "65 hex digits typed; the final hash has 64 (it is printed in every page "
                        + "footer).", ""),
                Arguments.of("g".repeat(64), "", "Only 0\u20139 and a\u2013f belong in a final hash (colons and spaces are "
                        + "ignored).", ""),
                Arguments.of("", "RKG 2031", "", "Only letters, digits and '-' (at most 64), as in the ceremony id on the "
                        + "transcript."),
                Arguments.of("", "x".repeat(65), "", "Only letters, digits and '-' (at most 64), as in the ceremony id on the "
                        + "transcript."));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedInputIsRefusedBesideItsFieldWithoutVerifying(String hash, String id, String hashReason, String idReason) {
        AtomicInteger runs = new AtomicInteger();
        ReviewViewModel counted = new ReviewViewModel(new TaskRunner() {
            @Override
            public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
                runs.incrementAndGet();
                TaskRunner.sameThread().run(work, onSuccess, onError);
            }
        });
        counted.open(FIXTURES.resolve("flipped-content-byte.pdf"));
        VerificationReport before = counted.reportProperty().get();
        String verdict = counted.verdictProperty().get();

        counted.finalHashProperty().set(hash);
        counted.ceremonyIdProperty().set(id);
        counted.verify();
        assertThat(List.of(counted.finalHashProblemProperty().get(), counted.ceremonyIdProblemProperty().get()))
                .containsExactly(hashReason, idReason);
        assertThat(runs).hasValue(1);
        assertThat(counted.reportProperty().get()).isSameAs(before);
        assertThat(counted.verdictProperty().get()).isEqualTo(verdict);

        counted.finalHashProperty().set("");
        counted.ceremonyIdProperty().set("");
        assertThat(counted.finalHashProblemProperty().get()).as("editing answers the reason").isEmpty();
        assertThat(counted.ceremonyIdProblemProperty().get()).isEmpty();
    }

    @Test
    void aTranscriptSignedUnderAnotherRootFailsTheFingerprintAndTheCeremonyBinding() throws Exception {
        vm.fingerprintProperty().set(rootFingerprint());
        vm.open(FIXTURES.resolve("signed-by-another-key.pdf"));
        assertThat(vm.reportProperty().get().failures()).extracting(Check::name)
                .containsExactly("root-fingerprint", "signer-of-ceremony", "attachments", "pages-reproduced");
        assertThat(vm.verdictProperty().get()).isEqualTo("NOT VALID: 4 check(s) failed: root-fingerprint, "
                + "signer-of-ceremony, attachments, pages-reproduced. Do not rely on this transcript; see the reasons below.");
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

    @Test
    void aFileTheVerifierRefusedForABoundIsNotReadAgainForItsFacts(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path bomb = Files.write(dir.resolve("bomb.pdf"), org.keyceremony.transcript.TranscriptSamples.eventLogBomb());
        vm.open(bomb);
        assertThat(vm.reportProperty().get().valid()).isFalse();
        assertThat(vm.reportProperty().get().check("parses").orElseThrow().reason()).startsWith("refused: ");
        assertThat(vm.contentProperty().get()).as("no facts read outside the verifier's bounds").isNull();
        assertThat(vm.problemProperty().get()).isEmpty();
    }
}
