package org.keyceremony.ui.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.journal.Json;
import org.keyceremony.ledger.Warning;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.ui.common.TaskRunner;

/** The Keys and custodians screen without a screen: inputs refused with a reason, the sample read, saved, a script opened. */
class LedgerViewModelTest {
    static final Path SAMPLES = Path.of("transcripts", "samples");
    @TempDir
    Path dir;
    private final List<CeremonyScript> ran = new ArrayList<>();
    private final LedgerViewModel vm = new LedgerViewModel(TaskRunner.sameThread(),
            Clock.fixed(Instant.parse("2027-03-01T12:00:00Z"), ZoneOffset.UTC), ran::add);

    @Test
    void theDateDefaultsToTodayAndADateThatIsNoneIsRefusedBeforeAnythingIsRead() {
        assertThat(vm.asOfProperty().get()).isEqualTo("2027-03-01");
        vm.archiveProperty().set(SAMPLES.toString());
        vm.asOfProperty().set("next year");
        vm.read();
        assertThat(vm.problemProperty().get()).startsWith("\u201Cnext year\u201D is not a date: write YYYY-MM-DD");
        assertThat(vm.reportProperty().get()).isNull();
        vm.archiveProperty().set(" ");
        vm.asOfProperty().set("2027-03-01");
        vm.read();
        assertThat(vm.problemProperty().get()).startsWith("Choose the archive folder first");
        vm.archiveProperty().set("samples\0");
        vm.read();
        assertThat(vm.problemProperty().get()).isEqualTo("\u201Csamples\u2400\u201D is not a path this system can open; "
                + "choose the file or folder with Choose\u2026");
    }

    @Test
    void aMissingFolderOrAnUnreadableRosterIsOneSentenceNeverAStackTrace() throws Exception {
        vm.archiveProperty().set(dir.resolve("missing").toString());
        vm.read();
        assertThat(vm.problemProperty().get()).startsWith("the archive folder " + dir.resolve("missing")
                + " does not exist or is not a folder").doesNotContain("Exception");
        assertThat(vm.busyProperty().get()).isFalse();
        Path roster = Files.writeString(dir.resolve("roster.yaml"), "version: 1\ncustodians: {}\n");
        vm.archiveProperty().set(SAMPLES.toString());
        vm.rosterProperty().set(roster.toString());
        vm.read();
        assertThat(vm.problemProperty().get()).isEqualTo(roster + ": line 2: custodians: must be a list");
        assertThat(vm.reportProperty().get()).isNull();
    }

    @Test
    void theSampleTwoYearsOnIsReadWithItsWarningsAndSavedAsNewFilesOnly() throws Exception {
        vm.archiveProperty().set(SAMPLES.toString());
        vm.asOfProperty().set("2028-12-05");
        vm.read();
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.reportProperty().get().warnings()).extracting(Warning::code).contains("card-not-proven",
                "quorum-at-risk", "backup-not-proven");
        assertThat(vm.statusProperty().get()).startsWith("Read. 7 warning(s)");
        assertThat(vm.proposedName("json")).isEqualTo("ledger-status-2028-12-05.json");

        Path json = dir.resolve(vm.proposedName("json"));
        vm.saveJson(json);
        assertThat(vm.statusProperty().get()).startsWith("Saved " + json + " (SHA-256 ");
        Map<String, Object> parsed = Json.parseObject(Files.readString(json).strip());
        assertThat(parsed).containsEntry("version", 1L).containsEntry("format", "keyceremony-ledger");
        vm.saveJson(json);
        assertThat(vm.problemProperty().get()).isEqualTo(json + " exists already; choose another name (reports are "
                + "never written over a file).");
    }

    @Test
    void aResolvingScriptIsShownReadOnlyAndRunForRealOnlyWhenAsked() {
        vm.openScript("card-check");
        assertThat(vm.scriptProperty().get().text()).contains("kind: card-check");
        assertThat(ran).isEmpty();
        vm.runScript();
        assertThat(ran).extracting(s -> s.metadata().name()).containsExactly("card-check");
        vm.closeScript();
        assertThat(vm.scriptProperty().get()).isNull();
    }

    @Test
    void theFolderDialogStartsInTheNewestRehearsalsTranscriptsElseAtHome() throws Exception {
        Path rehearsals = dir.resolve("rehearsals");
        Files.createDirectories(rehearsals.resolve("20270101T100000Z/transcripts"));
        Files.createDirectories(rehearsals.resolve("20270301T100000Z/transcripts"));
        Files.createDirectories(rehearsals.resolve("20270401T100000Z")); // not yet a workspace with transcripts
        Path home = dir.resolve("home");
        assertThat(LedgerViewModel.initialFolder(rehearsals, home))
                .isEqualTo(rehearsals.resolve("20270301T100000Z/transcripts").toAbsolutePath());
        assertThat(LedgerViewModel.initialFolder(dir.resolve("none"), home)).isEqualTo(home);
    }
}
