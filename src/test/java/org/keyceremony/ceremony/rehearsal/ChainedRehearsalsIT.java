package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", exactly as documented: the shipped scripts and answers files, one
 * after the other in one workspace — root key generation, backup restore into
 * rehearsal-hsm-2, share rotation, card check — each ending with a transcript that
 * {@code ceremony verify} accepts against the root's fingerprint (the card check's: unsigned,
 * and reported so).
 */
class ChainedRehearsalsIT {
    @TempDir
    Path dir;

    @Test
    void theShippedCeremoniesRunOneAfterTheOtherInOneWorkspace() throws Exception {
        RehearsalRuns runs = new RehearsalRuns(dir);
        Path ws = dir.resolve("ws");
        for (String script : List.of("root-key-generation", "backup-restore", "share-rotation", "card-check")) {
            RehearsalRuns.Run r = RehearsalRuns.ceremony("rehearse", "--workspace", ws.toString(), "--script", script,
                    "--headless", "--answers", RehearsalRuns.shipped("rehearsal/" + script + ".answers.yaml").toString());
            assertThat(r.exitCode()).as(script + ":\n" + r.output()).isZero();
            assertThat(r.output()).as(script).contains("completed");
        }
        byte[] der = Files.readAllBytes(RehearsalRuns.output(ws, "root-key-generation").resolve("root-ca.der"));
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        for (String signed : List.of("root-key-generation", "backup-restore", "share-rotation")) {
            Path transcript = RehearsalRuns.transcript(RehearsalRuns.output(ws, signed));
            RehearsalRuns.Run v = RehearsalRuns.ceremony("verify", transcript.toString(), "--expect-fingerprint", fingerprint);
            assertThat(v.exitCode()).as(signed + ":\n" + v.output()).isZero();
        }
        assertThat(Files.readAllBytes(RehearsalRuns.output(ws, "backup-restore").resolve("root-ca.der"))).isEqualTo(der);
        Path unsigned = RehearsalRuns.transcript(RehearsalRuns.output(ws, "card-check"));
        RehearsalRuns.Run v = RehearsalRuns.ceremony("verify", unsigned.toString(), "--expect-fingerprint", fingerprint);
        assertThat(v.exitCode()).isEqualTo(1);
        assertThat(v.output()).contains("declares itself an UNSIGNED TRANSCRIPT");
        String check = Files.readString(RehearsalRuns.output(ws, "card-check").resolve("events.jsonl"));
        assertThat(check).contains("\"allCardsGood\":true", "\"cardsChecked\":3", "\"threshold\":\"2\"");
        assertThat(RehearsalRuns.objects(ws, "rehearsal-hsm-2")).contains("label:      root-ca\n");

        // Each signing ceremony destroyed its own transcript-signing private key, and nothing else:
        // the root key stays in both HSMs; the signers' certificates stay (root generation and
        // rotation on rehearsal-hsm, the restore on rehearsal-hsm-2).
        assertThat(RehearsalRuns.labels(ws, "rehearsal-hsm", "privkey")).containsExactly("root-ca");
        assertThat(RehearsalRuns.labels(ws, "rehearsal-hsm-2", "privkey")).containsExactly("root-ca");
        assertThat(RehearsalRuns.labels(ws, "rehearsal-hsm", "cert")).filteredOn(l -> l.contains("transcript signer"))
                .hasSize(2);
        assertThat(RehearsalRuns.labels(ws, "rehearsal-hsm-2", "cert")).filteredOn(l -> l.contains("transcript signer"))
                .hasSize(1);
        for (String signed : List.of("root-key-generation", "backup-restore", "share-rotation")) {
            String log = Files.readString(RehearsalRuns.output(ws, signed).resolve("events.jsonl"));
            String id = log.substring(log.indexOf("\"ceremonyId\":\"") + 14).substring(0, 8);
            assertThat(log).as(signed).contains("\"signingKeyDestroyed\":true",
                    "\"signingKeyLabel\":\"root-ca transcript signer " + id + "\"");
        }
    }
}
