package org.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.EventLog;
import org.keyceremony.script.CeremonyScript;

/** Finding the ceremonies under a folder that stopped before their end, as the home screen lists them. */
class InterruptedCeremoniesTest {
    @TempDir
    Path dir;

    private final CeremonyScript script = TestScripts.keyGeneration();

    @Test
    void looksDeepUnderTheFolderCountsTheClosedOnesAndNamesWhatCannotBeRead() throws Exception {
        StandInWorld world = new StandInWorld();
        new Engine(world.registry(), new ScriptedPrompter(), Clock.systemUTC())
                .run(script, dir.resolve("stick/done"), true);
        StandInWorld failing = new StandInWorld();
        failing.failures.put("2.4", 1);
        ScriptedPrompter stops = new ScriptedPrompter() {
            @Override
            public FailureDecision onFailure(org.keyceremony.script.Step step, String error, int attempt)
                    throws KeyCeremonyException {
                throw new StoppedAtTheTable("stopped", null);
            }
        };
        assertThatThrownBy(() -> new Engine(failing.registry(), stops, Clock.systemUTC())
                .run(script, dir.resolve("stick/ws/transcripts/stopped"), true)).isInstanceOf(StoppedAtTheTable.class);

        InterruptedCeremonies.Survey survey = InterruptedCeremonies.under(dir.resolve("stick"));

        // The completed one is counted, not listed. The stand-in script here is built in code, so the
        // copy beside the stopped log does not parse: that folder is named with the reason, never
        // dropped in silence (ResumeWizardIT lists a real stopped rehearsal under its workspace).
        assertThat(survey.closed()).isEqualTo(1);
        assertThat(survey.interrupted()).isEmpty();
        assertThat(survey.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.directory()).isEqualTo(dir.resolve("stick/ws/transcripts/stopped").toAbsolutePath());
            assertThat(u.problem()).startsWith("ceremony script ").contains("script.yaml is not valid");
        });
        assertThat(InterruptedCeremonies.isCeremonyFolder(dir.resolve("stick/ws/transcripts/stopped"))).isTrue();
        assertThat(InterruptedCeremonies.isCeremonyFolder(dir.resolve("stick/ws"))).isFalse();
    }

    @Test
    void aFolderWhoseLogDoesNotVerifyIsNamedNotListed() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve(EventLog.FILE_NAME), "{\"not\":\"an event\"}\n", StandardCharsets.UTF_8);
        Files.writeString(broken.resolve(Ceremonies.SCRIPT_COPY), "x", StandardCharsets.UTF_8);

        InterruptedCeremonies.Survey survey = InterruptedCeremonies.under(dir);

        assertThat(survey.interrupted()).isEmpty();
        assertThat(survey.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.directory()).isEqualTo(broken.toAbsolutePath());
            assertThat(u.problem()).startsWith("its event log does not verify");
        });
    }

    @Test
    void aMissingFolderIsRefusedInWords() {
        assertThatThrownBy(() -> InterruptedCeremonies.under(dir.resolve("nowhere")))
                .isInstanceOf(KeyCeremonyException.class).hasMessageContaining("is not a folder. Choose the folder");
    }
}
