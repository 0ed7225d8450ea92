package org.keyceremony.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.journal.Json;

/**
 * {@code ceremony status} on one workspace of chained rehearsals, as an operator runs them (the
 * built launcher): root key generation (EC P-384), a restore into rehearsal-hsm-2, a share rotation
 * to 2-of-3, a card check and a CRL — each later one recording the SHA-256 of the transcript it
 * builds on. The chain is made once; every test reads it (or a copy of its transcripts).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerStatusIT {
    Path dir;
    Path ws;
    String root;
    Map<String, String> idOf = new java.util.HashMap<>();
    Map<String, String> shaOf = new java.util.HashMap<>();

    @BeforeAll
    void chainedRehearsals(@TempDir Path tmp) throws Exception {
        dir = tmp;
        RehearsalRuns runs = new RehearsalRuns(dir);
        ws = dir.resolve("ws");
        rehearse(runs.ecScript("root-key-generation"), RehearsalRuns.shipped("rehearsal/root-key-generation.answers.yaml"));
        rehearse(runs.ecScript("backup-restore"), runs.answers("backup-restore", Map.of()));
        rehearse(runs.ecScript("share-rotation"), runs.answers("share-rotation", Map.of()));
        rehearse(RehearsalRuns.shipped("card-check.yaml"), runs.answers("card-check", Map.of()));
        rehearse(runs.ecScript("crl-signing"), runs.answers("crl-signing", Map.of()));
        byte[] der = Files.readAllBytes(RehearsalRuns.output(ws, "root-key-generation").resolve("root-ca.der"));
        root = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        for (String kind : List.of("root-key-generation", "backup-restore", "share-rotation", "card-check", "crl-signing")) {
            Path t = RehearsalRuns.transcript(RehearsalRuns.output(ws, kind));
            String name = t.getFileName().toString();
            idOf.put(kind, name.substring("transcript-".length(), name.length() - 4));
            shaOf.put(kind, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(t))));
        }
    }

    private void rehearse(Path script, Path answers) {
        RehearsalRuns.Run r = RehearsalRuns.rehearse(ws, script, answers);
        assertThat(r.exitCode()).as(script + ":\n" + r.output()).isZero();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return (List<String>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void theWorkspaceShowsTheKeyWhereItStandsLinkedByEvidenceWithAFilingPdf() throws Exception {
        Path pdf = dir.resolve("status.pdf");
        RehearsalRuns.Run r = RehearsalRuns.ceremony("status", ws.toString(), "--json", "--pdf", pdf.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        Map<String, Object> json = Json.parseObject(r.stdout().strip());
        assertThat(json).containsEntry("format", "keyceremony-ledger").containsEntry("version", 1L)
                .containsEntry("exitStatus", 0L);
        assertThat(list(json.get("warnings"))).isEmpty();
        assertThat(list(json.get("gaps"))).isEmpty();
        assertThat(list(map(json.get("archive")).get("transcripts"))).extracting(t -> t.get("verdict"))
                .containsExactlyInAnyOrder("verified", "verified", "verified", "unsigned", "verified");
        Map<String, Object> key = list(json.get("keys")).get(0);
        assertThat(list(json.get("keys"))).hasSize(1);
        assertThat(key).containsEntry("rootFingerprint", root).containsEntry("label", "root-ca");

        // the HSMs that hold it, by serial: generated in rehearsal-hsm, restored into rehearsal-hsm-2
        assertThat(list(key.get("hsms"))).extracting(h -> h.get("tokenLabel") + " " + h.get("how"))
                .containsExactlyInAnyOrder("rehearsal-hsm generated", "rehearsal-hsm-2 restored");
        assertThat(list(key.get("hsms"))).allSatisfy(h -> assertThat((String) h.get("serial")).matches("[0-9a-f]{16}"));

        // the live set is the rotation's 2-of-3; the root's 3-of-5 is old and its erasure recorded
        List<Map<String, Object>> sets = list(key.get("shareSets"));
        Map<String, Object> live = sets.stream().filter(s -> Boolean.TRUE.equals(s.get("live"))).findFirst().orElseThrow();
        assertThat(live).containsEntry("threshold", 2L).containsEntry("shares", 3L).containsEntry("setId",
                key.get("liveShareSet"));
        assertThat((String) live.get("madeBy")).startsWith("share-rotation " + idOf.get("share-rotation").substring(0, 8));
        Map<String, Object> old = sets.stream().filter(s -> Boolean.FALSE.equals(s.get("live"))).findFirst().orElseThrow();
        assertThat(old).containsEntry("threshold", 3L).containsEntry("shares", 5L);
        assertThat(map(old.get("erasure"))).containsEntry("ceremonyId", idOf.get("share-rotation"))
                .containsEntry("cardsErased", 3L);

        // each custodian's card of the live set, last proven by the card check (on the day of the chain)
        assertThat(list(live.get("holders"))).extracting(h -> h.get("custodian") + " " + h.get("cardLabel") + " "
                + map(h.get("lastProven")).get("ceremonyId")).containsExactly(
                "Carla Custodian card-1 " + idOf.get("card-check"), "Nina Newcomer card-6 " + idOf.get("card-check"),
                "Ned Newcomer card-7 " + idOf.get("card-check"));
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(list(live.get("holders"))).allSatisfy(h ->
                assertThat((String) map(h.get("lastProven")).get("time")).startsWith(today.substring(0, 7)));

        // the backups: the root's superseded (after the restore and the rotation proved it), the rotation's live
        List<Map<String, Object>> backups = list(key.get("backups"));
        assertThat(backups).hasSize(2);
        assertThat(backups).filteredOn(b -> b.get("supersededBy") == null).singleElement().satisfies(b -> {
            assertThat(b).containsEntry("shareSetId", live.get("setId"));
            assertThat(map(b.get("lastProvenToRestore"))).containsEntry("ceremonyId", idOf.get("share-rotation"));
            assertThat(list(b.get("inArchive"))).hasSize(2); // media-1 and media-2
        });
        assertThat(list(key.get("crls"))).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("crlNumber", "1").containsEntry("nextUpdate", "2028-01-10T00:00:00Z"));
        assertThat(list(key.get("certificates"))).extracting(c -> c.get("what")).containsExactly("root");

        // the chain is evidence: each later ceremony names the SHA-256 of the transcript it builds on
        Map<String, Map<String, Object>> history = new java.util.HashMap<>();
        list(key.get("history")).forEach(h -> history.put((String) h.get("kind"), h));
        assertThat(history.get("root-key-generation")).containsEntry("linkedBy", "root fingerprint");
        for (String later : List.of("backup-restore", "share-rotation", "card-check", "crl-signing")) {
            assertThat(history.get(later)).as(later).containsEntry("linkedBy", "transcript SHA-256");
        }
        assertThat(strings(history.get("backup-restore").get("buildsOn"))).singleElement().asString()
                .contains(shaOf.get("root-key-generation"));
        assertThat(strings(history.get("card-check").get("buildsOn"))).singleElement().asString()
                .contains(shaOf.get("share-rotation"));
        assertThat(history.get("card-check")).containsEntry("signed", false);

        // the PDF an auditor files: sound by qpdf, unsigned on every page
        assertThat(r.stderr()).contains("Status report written: " + pdf);
        RehearsalRuns.Run qpdf = RehearsalRuns.command("qpdf", "--check", pdf.toString());
        assertThat(qpdf.exitCode()).as(qpdf.output()).isZero();
        // (veraPDF judges the same renderer's output in StatusCommandTest, where it is already loaded)
        RehearsalRuns.Run text = RehearsalRuns.command("pdftotext", pdf.toString(), "-");
        long pages = text.stdout().chars().filter(c -> c == '\f').count();
        assertThat(pages).isGreaterThan(1);
        assertThat(text.stdout().split("UNSIGNED STATUS REPORT", -1)).hasSize((int) pages + 1);
    }

    @Test
    void twoYearsLaterWithACustodianDepartedTheWarningsSayWhatToDo() throws Exception {
        Path roster = Files.writeString(dir.resolve("roster.yaml"), """
                version: 1
                custodians:
                  - {name: Carla Custodian, status: active, since: 2026-01-01}
                  - {name: Nina Newcomer, status: departed, since: 2027-03-01}
                """);
        RehearsalRuns.Run r = RehearsalRuns.ceremony("status", ws.toString(), "--as-of",
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusYears(2).toString(), "--roster", roster.toString(),
                "--json");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        List<Map<String, Object>> warnings = list(Json.parseObject(r.stdout().strip()).get("warnings"));
        assertThat(warnings).extracting(w -> (String) w.get("code")).containsExactlyInAnyOrder(
                "card-not-proven", "card-not-proven", "card-not-proven", "custodian-left", "quorum-at-risk",
                "backup-not-proven", "crl-next-update");
        assertThat(warnings).filteredOn(w -> w.get("code").equals("custodian-left")).singleElement()
                .satisfies(w -> assertThat((String) w.get("message")).startsWith("Nina Newcomer is departed since "
                        + "2027-03-01 (roster) and still holds share #2 of the live set"));
        assertThat(warnings).allSatisfy(w -> assertThat(w.get("key")).isEqualTo(root));
    }

    @Test
    void aMissingTranscriptIsANamedGapAndATamperedOneCountsForNothing() throws Exception {
        Path archive = dir.resolve("archive");
        copy(ws.resolve("transcripts"), archive);
        Path rootTranscript = RehearsalRuns.transcript(archive.resolve(RehearsalRuns.output(ws, "root-key-generation")
                .getFileName()));
        Files.delete(rootTranscript);
        Path rotation = RehearsalRuns.transcript(archive.resolve(RehearsalRuns.output(ws, "share-rotation").getFileName()));
        byte[] bytes = Files.readAllBytes(rotation);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(rotation, bytes);

        RehearsalRuns.Run r = RehearsalRuns.ceremony("status", archive.toString());
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.stdout()).contains("FAILED  " + rotation + ": ",
                idOf.get("root-key-generation") + ": the transcript transcript-" + idOf.get("root-key-generation")
                        + ".pdf with SHA-256 " + shaOf.get("root-key-generation") + " is not in the archive",
                "the transcript transcript-" + idOf.get("share-rotation") + ".pdf with SHA-256 "
                        + shaOf.get("share-rotation") + ": a file of that name is in the archive (" + rotation
                        + ") but fails verification",
                "WARNING transcript-fails-verification: " + rotation,
                "WARNING missing-ceremony: gap: ");
        // the rotation contributes nothing: its set is known only from the card check's package, made by "ceremony …"
        assertThat(r.stdout()).doesNotContain("share-rotation " + idOf.get("share-rotation"))
                .contains("made by ceremony " + idOf.get("share-rotation"));
        assertThat(r.stdout()).contains("history: ").contains(" backup-restore " + idOf.get("backup-restore"));
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void aFolderThatIsNotThereIsAUsageError() {
        RehearsalRuns.Run r = RehearsalRuns.ceremony("status", dir.resolve("no-such-folder").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().lines()).singleElement().asString().startsWith("ceremony status: the archive folder ");
    }
}
