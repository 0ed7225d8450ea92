package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.backup.BackupMetadata;
import org.keyceremony.ceremony.backup.BackupPackage;
import org.keyceremony.sharing.ShareSetId;

/**
 * Share rotation (3-of-5 to 2-of-3 with two new custodians) and the card check, rehearsed in
 * copies of one completed root rehearsal (EC P-384): the new set restores, the old one no
 * longer does, erased cards hold no share; the card check finds a corrupted card and a card of
 * another ceremony, and its transcript is UNSIGNED on every page.
 */
class RotationAndCardCheckIT {
    @TempDir
    static Path dir;
    static RehearsalRuns runs;
    static Path root;
    static String rootFingerprint;

    @BeforeAll
    static void rootRehearsal() throws Exception {
        runs = new RehearsalRuns(dir);
        root = dir.resolve("root-world");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(root, runs.ecScript("root-key-generation"),
                RehearsalRuns.shipped("rehearsal/root-key-generation.answers.yaml"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        byte[] der = Files.readAllBytes(RehearsalRuns.output(root, "root-key-generation").resolve("root-ca.der"));
        rootFingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    private static String shortId(Path backupPackage) throws Exception {
        BackupMetadata m = BackupPackage.open(Files.readAllBytes(backupPackage));
        return ShareSetId.fromHex(m.shareSetIdHex()).shortHex();
    }

    @Test
    void rotationToTwoOfThreeLeavesANewSetThatRestoresAndAnOldOneThatDoesNot() throws Exception {
        Path world = RehearsalRuns.fork(root, dir.resolve("rotated"));
        Path oldPackage = RehearsalRuns.packages(world).get(0);
        String oldSet = shortId(oldPackage);
        RehearsalRuns.Run rotation = RehearsalRuns.rehearse(world, runs.ecScript("share-rotation"),
                runs.answers("share-rotation", Map.of()));
        assertThat(rotation.exitCode()).as(rotation.output()).isZero();
        Path transcript = RehearsalRuns.transcript(RehearsalRuns.output(world, "share-rotation"));
        RehearsalRuns.Run verify = RehearsalRuns.ceremony("verify", transcript.toString(), "--expect-fingerprint", rootFingerprint);
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        // The rotation re-wrapped from the current backup; the key in the HSM is sealed and stays so.
        RehearsalRuns.assertNoOneCanTakeTheRootKeyOut(world, "rehearsal-hsm");
        assertThat(verify.output()).contains("key protection: root-ca (ID 01)", "sealed in step 3.8");

        List<Path> packages = RehearsalRuns.packages(world);
        assertThat(packages).hasSize(2).contains(oldPackage);
        Path newPackage = packages.stream().filter(p -> !p.equals(oldPackage)).findFirst().orElseThrow();
        String newSet = shortId(newPackage);
        assertThat(Files.readAllBytes(world.resolve("media-2").resolve(newPackage.getFileName())))
                .isEqualTo(Files.readAllBytes(newPackage));
        for (String erased : List.of("card-2", "card-3")) {
            assertThat(RehearsalRuns.objects(world, erased)).doesNotContain("keyceremony-share");
        }
        assertThat(RehearsalRuns.objects(world, "card-1")).contains("keyceremony-share " + newSet + " #1")
                .doesNotContain("keyceremony-share " + oldSet);
        assertThat(RehearsalRuns.objects(world, "card-6")).contains("keyceremony-share " + newSet + " #2");
        assertThat(RehearsalRuns.objects(world, "card-7")).contains("keyceremony-share " + newSet + " #3");
        for (String notPresented : List.of("card-4", "card-5")) {
            assertThat(RehearsalRuns.objects(world, notPresented)).contains("keyceremony-share " + oldSet);
        }
        String log = Files.readString(RehearsalRuns.output(world, "share-rotation").resolve("events.jsonl"));
        assertThat(log).contains("\"supersededPackage\":\"" + oldPackage.getFileName() + "\"",
                "\"oldSharesNotErased\":[\"share #4", "card card-5");

        Path restoreTwoOfThree = runs.ecScript("backup-restore", "threshold: 3\n    shares: 5", "threshold: 2\n    shares: 3");
        // The old cards left (their shares not erased) do not open the new package: the KWK changed.
        String before = RehearsalRuns.objects(world, "rehearsal-hsm-2");
        RehearsalRuns.Run old = RehearsalRuns.rehearse(world, restoreTwoOfThree,
                runs.answers("backup-restore", Map.of("3.1", "[\"card-4\", \"card-5\"]")));
        assertThat(old.exitCode()).as(old.output()).isNotZero();
        String oldLog = Files.readString(RehearsalRuns.output(world, "backup-restore").resolve("events.jsonl"));
        assertThat(oldLog).contains("'card-4'", "'card-5'", "is a card of another ceremony",
                "Only 0 of the 2 valid shares needed were read");
        assertThat(RehearsalRuns.objects(world, "rehearsal-hsm-2")).isEqualTo(before);
        // Nor does the old package open any more: three of its five shares are gone.
        RehearsalRuns.Run oldPkg = RehearsalRuns.rehearse(world, runs.ecScript("backup-restore"), runs.answers("backup-restore",
                Map.of("2.3", "[\"" + oldPackage.getFileName() + "\", \"\"]",
                        "3.1", "[\"card-1\", \"card-2\", \"card-3\", \"card-4\", \"card-5\"]")));
        assertThat(oldPkg.exitCode()).as(oldPkg.output()).isNotZero();
        assertThat(Files.readString(RehearsalRuns.output(world, "backup-restore").resolve("events.jsonl")))
                .contains("Only 2 of the 3 valid shares needed were read");

        RehearsalRuns.Run fresh = RehearsalRuns.rehearse(world, restoreTwoOfThree,
                runs.answers("backup-restore", Map.of("3.1", "[\"card-7\", \"card-1\"]")));
        assertThat(fresh.exitCode()).as(fresh.output()).isZero();
        Path restored = RehearsalRuns.transcript(RehearsalRuns.output(world, "backup-restore"));
        RehearsalRuns.Run ok = RehearsalRuns.ceremony("verify", restored.toString(), "--expect-fingerprint", rootFingerprint);
        assertThat(ok.exitCode()).as(ok.output()).isZero();
    }

    @Test
    void aRotationThatFailsBeforeErasingLeavesTheOldSetFullyUsable() throws Exception {
        Path world = RehearsalRuns.fork(root, dir.resolve("rotation-failed"));
        Path oldPackage = RehearsalRuns.packages(world).get(0);
        String oldSet = shortId(oldPackage);
        // The third new custodian's card is not there: the new set cannot be completed.
        RehearsalRuns.Run failed = RehearsalRuns.rehearse(world, runs.ecScript("share-rotation"),
                runs.answers("share-rotation", Map.of("3.4", "[\"CC card-1\", \"NN card-6\", \"NE card-9\"]",
                        "pin:card-9", "\"" + RehearsalRuns.PIN + "\"")));
        assertThat(failed.exitCode()).as(failed.output()).isNotZero();
        assertThat(failed.output()).contains("aborted");
        String log = Files.readString(RehearsalRuns.output(world, "share-rotation").resolve("events.jsonl"));
        assertThat(log).doesNotContain("\"step\":\"4.1\"");
        assertThat(RehearsalRuns.packages(world)).containsExactly(oldPackage);
        String card1 = RehearsalRuns.objects(world, "card-1");
        assertThat(card1).contains("keyceremony-share " + oldSet + " #1");
        assertThat(card1.split("keyceremony-share ", -1)).as("only the old share is left on card-1").hasSize(2);
        assertThat(RehearsalRuns.objects(world, "card-6")).doesNotContain("keyceremony-share");

        RehearsalRuns.Run restore = RehearsalRuns.rehearse(world, runs.ecScript("backup-restore"),
                runs.answers("backup-restore", Map.of("3.1", "[\"card-1\", \"card-2\", \"card-3\"]")));
        assertThat(restore.exitCode()).as(restore.output()).isZero();
    }

    @Test
    void cardCheckFindsACorruptedCardAndAnotherCeremonysCardAndSaysItIsUnsigned() throws Exception {
        Path world = RehearsalRuns.fork(root, dir.resolve("checked"));
        CardTampering.damageShare(world, "card-3");
        CardTampering.replaceWithOtherCeremonysShare(world, "card-4");
        RehearsalRuns.Run check = RehearsalRuns.rehearse(world, RehearsalRuns.shipped("card-check.yaml"),
                runs.answers("card-check", Map.of()));
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("UNSIGNED");
        Path out = RehearsalRuns.output(world, "card-check");
        String log = Files.readString(out.resolve("events.jsonl"));
        assertThat(log).contains("card 'card-3'", "holds a corrupt share of this backup's share set",
                "card 'card-4'", "is a card of another ceremony", "\"cardsWithProblems\":2", "\"allCardsGood\":false",
                "\"combined\":false", "OK: checksum valid, commitment matches share #5");

        Path transcript = RehearsalRuns.transcript(out);
        RehearsalRuns.Run verify = RehearsalRuns.ceremony("verify", transcript.toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.output()).contains("INVALID", "the document is not signed",
                "it declares itself an UNSIGNED TRANSCRIPT", "pass  event-log");
        RehearsalRuns.Run text = RehearsalRuns.command("pdftotext", transcript.toString(), "-");
        List<String> pages = List.of(text.output().split("\f"));
        List<String> nonEmpty = pages.stream().filter(p -> !p.isBlank()).toList();
        assertThat(nonEmpty).hasSizeGreaterThan(3).allSatisfy(p -> assertThat(p).contains("UNSIGNED TRANSCRIPT"));
    }
}
