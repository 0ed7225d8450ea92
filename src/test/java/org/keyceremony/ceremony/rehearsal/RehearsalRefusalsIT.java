package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the root ceremony refuses, each through the launcher with the exact message, and
 * what is left afterwards (nothing of the refused ceremony; everything of an earlier one).
 */
class RehearsalRefusalsIT {
    static final String PIN = EcRootRehearsalIT.PIN;

    @TempDir
    Path dir;

    static long count(String text, String needle) {
        return Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }

    static String serialOf(Path ws, String label) throws Exception {
        Matcher m = Pattern.compile("token label\\s*:\\s*" + Pattern.quote(label) + "\\n(?:.*\\n)*?\\s*serial num\\s*:\\s*(\\S+)")
                .matcher(RehearsalRuns.pkcs11Tool(ws, "--list-slots").stdout());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static void assertCardsClean(Path ws) throws Exception {
        for (int i = 1; i <= 7; i++) {
            assertThat(RehearsalRuns.dataObjects(ws, RehearsalWorld.cardLabel(i))).as("card-" + i).isZero();
        }
    }

    static void assertHsmClean(Path ws) throws Exception {
        assertThat(RehearsalRuns.objects(ws, RehearsalWorld.HSM)).doesNotContain("root-ca");
    }

    static List<String> files(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anExistingKeyLabelIsRefusedBeforeAnythingIsCreatedAndTheEarlierKeyIsKept() throws Exception {
        Path ws = dir.resolve("ws");
        Path script = RehearsalScripts.ecScript(dir);
        RehearsalRuns.Run first = RehearsalRuns.rehearse(RehearsalRuns.INHERITED, ws, script, RehearsalRuns.SHIPPED_ANSWERS);
        assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
        String hsmBefore = RehearsalRuns.objects(ws, RehearsalWorld.HSM);
        List<String> media1 = files(ws.resolve("media-1"));

        RehearsalRuns.Run second = RehearsalRuns.rehearse(RehearsalRuns.INHERITED, ws, script, RehearsalRuns.SHIPPED_ANSWERS);
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.stdout()).contains(" aborted.", "No transcript was signed").doesNotContain("NOT removed");
        String log = RehearsalRuns.events(ws);
        assertThat(log).contains("\"error\":\"An object labelled 'root-ca' already exists on token 'rehearsal-hsm' (serial "
                + serialOf(ws, RehearsalWorld.HSM) + "). KeyCeremony never replaces a key: choose another label.\"");
        // Refused before any removal was registered: an abort cannot touch the earlier key.
        assertThat(log).doesNotContain("rollback-registered");
        assertThat(count(log, "\"type\":\"step-failed\"")).isEqualTo(1);
        assertThat(RehearsalRuns.objects(ws, RehearsalWorld.HSM)).isEqualTo(hsmBefore);
        for (int i = 1; i <= 5; i++) {
            assertThat(RehearsalRuns.dataObjects(ws, RehearsalWorld.cardLabel(i))).isEqualTo(1);
        }
        assertThat(files(ws.resolve("media-1"))).isEqualTo(media1).hasSize(1);
        assertThat(files(RehearsalRuns.output(ws))).containsExactly(".keyceremony.lock", "events.jsonl", "script.yaml");
    }

    @Test
    void tooFewCustodiansForTheSharingPolicyAreRefusedBeforeAnyStep() throws Exception {
        Path answers = RehearsalScripts.answers(dir, "four.answers.yaml",
                "  - {name: Coco Custodian, role: custodian, initials: CO}\n", "");
        Path ws = dir.resolve("ws");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(RehearsalRuns.INHERITED, ws, RehearsalScripts.ecScript(dir), answers);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip()).isEqualTo(
                "ceremony: the participants do not match the script's roles: custodian: 5 required, 4 present");
        assertThat(RehearsalRuns.outputDirectories(ws)).isEmpty();
        assertHsmClean(ws);
        assertCardsClean(ws);
        assertThat(files(ws.resolve("media-1"))).isEmpty();
    }

    @Test
    void aMediumThatAlreadyHoldsABackupOfTheKeyIsRefusedAndTheAbortRemovesEverything() throws Exception {
        Path ws = dir.resolve("ws");
        RehearsalWorld.create(ws, 7, RehearsalWorld.DEFAULT_USER_PIN, RehearsalWorld.DEFAULT_SO_PIN);
        byte[] earlier = "a backup package of an earlier ceremony".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path old = Files.write(ws.resolve("media-2").resolve("root-ca-backup-0d1e2a3b.kcbackup"), earlier);

        RehearsalRuns.Run r = RehearsalRuns.rehearse(RehearsalRuns.INHERITED, ws, RehearsalScripts.ecScript(dir),
                RehearsalRuns.SHIPPED_ANSWERS);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains(" aborted.").doesNotContain("NOT removed");
        assertThat(RehearsalRuns.events(ws)).contains("\"error\":\"The backup destination " + ws.resolve("media-2")
                + " already holds a backup of 'root-ca' (root-ca-backup-0d1e2a3b.kcbackup). Nothing was written: "
                + "one medium holds one backup, so that no one takes the wrong one. Use a fresh medium and retry the step.\"");
        assertThat(files(ws.resolve("media-1"))).isEmpty();
        assertThat(files(ws.resolve("media-2"))).containsExactly("root-ca-backup-0d1e2a3b.kcbackup");
        assertThat(Files.readAllBytes(old)).isEqualTo(earlier);
        assertHsmClean(ws);
        assertCardsClean(ws);
        assertThat(files(RehearsalRuns.output(ws))).containsExactly(".keyceremony.lock", "events.jsonl", "script.yaml");
    }
}
