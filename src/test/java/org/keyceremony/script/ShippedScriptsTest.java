package org.keyceremony.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The scripts in {@code ceremony-scripts/} pass, and say what the issues ask of them. */
class ShippedScriptsTest {

    static Stream<Path> shipped() throws Exception {
        return TestScripts.shippedScripts();
    }

    @Test
    void shipsTheSevenCeremonies() throws Exception {
        assertThat(shipped().map(p -> p.getFileName().toString())).containsExactly(
                "backup-restore.yaml", "card-check.yaml", "crl-signing.yaml", "cross-signing.yaml", "root-key-generation.yaml", "share-rotation.yaml",
                "subordinate-signing.yaml");
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void everyShippedScriptIsValidAndHashedOverItsBytes(Path file) throws Exception {
        CeremonyScript script = CeremonyScripts.parse(file);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(script.sha256Hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(script.sourceText()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        assertThat(script.metadata().name() + ".yaml").isEqualTo(file.getFileName().toString());
        assertThat(script.metadata().kind().yamlName()).isEqualTo(script.metadata().name());
        assertThat(script.steps()).allSatisfy(step -> {
            assertThat(step.text()).isNotBlank();
            assertThat(step.actor()).isNotEqualTo(step.confirmer());
        });
        assertThat(script.steps().get(0).resumePoint()).isTrue();
    }

    @Test
    void rootKeyGenerationHasTheDefaultPolicyAndTheFourActs() throws Exception {
        CeremonyScript script = CeremonyScripts.parse(TestScripts.SHIPPED.resolve("root-key-generation.yaml"));
        Policy policy = script.policy();
        assertThat(policy.key()).get().satisfies(k -> {
            assertThat(k.algorithm()).isEqualTo(KeyAlgorithm.RSA);
            assertThat(k.rsaBits()).isEqualTo(4096);
            assertThat(k.curve()).isNull();
        });
        assertThat(policy.sharing()).contains(new SharingPolicy(3, 5));
        assertThat(policy.backupDestinations()).isEqualTo(2);
        assertThat(policy.requireAirGap()).isTrue();
        assertThat(policy.certificate()).get().satisfies(c -> assertThat(c.validity())
                .isEqualTo(new CertificateValidity.DaysFromSigning(7305)));
        assertThat(script.acts()).extracting(Act::title).containsExactly("Preflight", "Key generation", "Backup", "Close");
        assertThat(script.roles()).containsEntry(Role.CUSTODIAN, 5).containsEntry(Role.WITNESS, 1);
        assertThat(script.steps()).extracting(s -> s.action().kind()).containsSubsequence(
                "record-participants", "check-air-gap", "record-software", "identify-hsm", "confirm-time",
                "hsm-login", "generate-root-key", "self-sign-certificate", "issue-transcript-certificate",
                "generate-kwk", "wrap-root-key", "split-kwk", "write-share", "verify-quorum", "write-backup",
                "verify-backup-restores", "zeroize", "sign-transcript");
        assertThat(script.steps()).filteredOn(s -> s.action() instanceof Action.Manual m && m.record() != null)
                .allSatisfy(s -> assertThat(((Action.Manual) s.action()).valueRequired()).isTrue());
    }

    @Test
    void backupRestoreWorksOnTheTargetHsm() throws Exception {
        CeremonyScript script = CeremonyScripts.parse(TestScripts.SHIPPED.resolve("backup-restore.yaml"));
        assertThat(script.steps()).extracting(Step::action)
                .contains(new Action.HsmLogin(TokenRef.TARGET_HSM), new Action.UnwrapIntoHsm(TokenRef.TARGET_HSM),
                        new Action.VerifyRestoredKey(TokenRef.TARGET_HSM),
                        new Action.IssueTranscriptCertificate(TokenRef.TARGET_HSM));
        assertThat(script.policy().certificate()).isEmpty();
    }

    @Test
    void shareRotationErasesOldSharesOnlyAfterTheNewBackupIsProven() throws Exception {
        List<String> kinds = CeremonyScripts.parse(TestScripts.SHIPPED.resolve("share-rotation.yaml")).steps().stream()
                .map(s -> s.action().kind()).toList();
        assertThat(kinds.indexOf("erase-share")).isGreaterThan(kinds.indexOf("verify-backup-restores"));
        assertThat(kinds.indexOf("generate-kwk")).isGreaterThan(kinds.indexOf("combine-kwk"));
    }

    @Test
    void cardCheckNeedsNoHsm() throws Exception {
        CeremonyScript script = CeremonyScripts.parse(TestScripts.SHIPPED.resolve("card-check.yaml"));
        assertThat(script.steps()).noneMatch(s -> ActionOrder.tokenOf(s.action()).isPresent()
                || s.action() instanceof Action.SignTranscript);
        assertThat(script.policy().key()).isEmpty();
    }

    @Test
    void theEcAlternativeIsAcceptedWithTheMatchingDigest() throws Exception {
        String rsa = Files.readString(TestScripts.SHIPPED.resolve("root-key-generation.yaml"));
        String ec = rsa.replace("    algorithm: RSA\n    size: 4096\n", "    algorithm: EC\n    curve: P-384\n")
                .replace("digest: SHA-256", "digest: SHA-384");
        assertThat(ec).isNotEqualTo(rsa);
        KeyPolicy key = CeremonyScripts.parse(ec, "root-ec.yaml").policy().key().orElseThrow();
        assertThat(key.algorithm()).isEqualTo(KeyAlgorithm.EC);
        assertThat(key.curve()).isEqualTo("P-384");
        assertThat(key.rsaBits()).isZero();
    }

    @Test
    void indexedWriteSharesForEveryCustodianAreAccepted() throws Exception {
        String text = TestScripts.rootWithKeySteps(List.of("hsm-login", "check-key-protection", "generate-root-key",
                "self-sign-certificate", "issue-transcript-certificate", "generate-kwk", "wrap-root-key", "split-kwk",
                "{write-share: {custodian: 2}}", "{write-share: {custodian: 1}}", "{write-share: {custodian: 3}}",
                "verify-quorum", "write-backup", "verify-backup-restores", "seal-root-key", "zeroize", "sign-transcript"));
        CeremonyScript script = CeremonyScripts.parse(text, "per-custodian.yaml");
        assertThat(script.steps()).extracting(Step::action).containsSubsequence(
                new Action.WriteShare(2), new Action.WriteShare(1), new Action.WriteShare(3), new Action.VerifyQuorum());
    }

    @Test
    void refusesAFileThatIsNotUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "script:\n  name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CeremonyScripts.parse(file)).isInstanceOfSatisfying(ScriptException.class,
                e -> assertThat(e.errors()).extracting(ScriptError::describe)
                        .containsExactly("not UTF-8 text (byte offset 19); save the script as UTF-8 (line 2)"));
    }

    @Test
    void refusesMissingDirectoryAndOversizedFilesWithoutParsing(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CeremonyScripts.parse(dir.resolve("nope.yaml")))
                .isExactlyInstanceOf(org.keyceremony.base.InvalidInputException.class).hasMessageEndingWith("does not exist");
        assertThatThrownBy(() -> CeremonyScripts.parse(dir))
                .isExactlyInstanceOf(org.keyceremony.base.InvalidInputException.class).hasMessageContaining("is a directory");
        // One limit, one error and one exit status, whatever the size (it was 1 at 600 KiB and 2 above 1 MiB)
        for (int size : new int[] {CeremonyScripts.MAX_FILE_BYTES + 1, 600 * 1024, 2 * 1024 * 1024}) {
            Path big = dir.resolve("big-" + size + ".yaml");
            Files.write(big, "#".repeat(size).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> CeremonyScripts.parse(big)).isExactlyInstanceOf(ScriptException.class)
                    .isInstanceOfSatisfying(ScriptException.class, e -> assertThat(e.errors()).singleElement()
                            .satisfies(x -> assertThat(x.describe()).isEqualTo(
                                    "the file is larger than 512 KiB; a ceremony script is a few hundred lines (line 1)")));
        }
    }
}
