package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.journal.facts.StepFacts;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.ceremony.ActionRegistry;
import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.BuiltInActions;
import org.keyceremony.ceremony.Engine;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;

class RunAndRecoverCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int ceremony(String... args) {
        return CeremonyCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    static final String ANSWERS = """
            rehearsal: true
            participants:
              - {name: Ada Admin, role: administrator, initials: AA}
              - {name: Will Witness, role: witness, initials: WW}
              - {name: Cora One, role: custodian, initials: C1}
              - {name: Cal Two, role: custodian, initials: C2}
              - {name: Cid Three, role: custodian, initials: C3}
              - {name: Cyd Four, role: custodian, initials: C4}
              - {name: Cas Five, role: custodian, initials: C5}
            location: Vault B
            time-zone: UTC
            values:
              "1.4": "10:00 UTC by radio clock"
              "3.1": "BAG-9"
            recovery: abort
            """;

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws Exception {
        Path outDir = tmp.resolve("never");

        int exit = ceremony("run", "ceremony-scripts/root-key-generation.yaml", "--dry-run", "--out", outDir.toString());

        assertThat(exit).isEqualTo(0);
        String plan = out.toString();
        assertThat(plan).startsWith("Dry run of root-key-generation 1.0 (root-key-generation)\n")
                .contains("Nothing was opened or written: no PKCS#11 session, no file.")
                .contains("  1.1 Participants and roles  [record-participants]  (safe resume point)\n"
                        + "      acts: administrator; confirms: witness (initials)\n")
                .contains("creates: HSM object: root private key 'root-ca' (RSA-4096, CKA_ID 01) and its public key")
                .contains("asks: PIN of the hsm user (typed without echo)")
                .contains("held in memory only (lost in a crash, redone on resume): kwk")
                .contains("files: backup package on 2 destination(s)")
                .doesNotContain("NOT AVAILABLE in this build")
                .doesNotContain("A run would refuse to start");
        assertThat(outDir).doesNotExist();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void cardCheckWithoutBackupMediaIsRefusedBeforeItStarts() throws Exception {
        // A card check without any backup medium mounted would stop at load-backup; the preflight says so
        // before the first event (issue 16: everything that can fail late is checked early).
        Path answers = Files.writeString(tmp.resolve("answers.yaml"), ANSWERS.replace("values:\n",
                "values:\n  \"2.1\": [\"\", \"\"]\n  \"2.2\": \"\"\n"));
        Path module = Files.writeString(tmp.resolve("libnot-loaded.so"), "never loaded: a card check opens no HSM");
        Path outDir = tmp.resolve("out");

        int exit = ceremony("run", "ceremony-scripts/card-check.yaml", "--module", module.toString(),
                "--answers", answers.toString(), "--out", outDir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("the ceremony cannot start: no backup medium is mounted")
                .contains("Nothing was written");
        assertThat(outDir.resolve("events.jsonl")).doesNotExist();
    }

    @Test
    void runReportsAnInvalidScriptWithItsErrors() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "script: {}\n");

        assertThat(ceremony("run", bad.toString(), "--dry-run")).isEqualTo(1);
        assertThat(err.toString()).startsWith("ceremony: ceremony script " + bad + " is not valid (");
    }

    /** A card-check rehearsal stopped after {@code events} events, with stand-ins for the two card actions. */
    private Path interruptedCardCheck(int events) throws Exception {
        CeremonyScript script = CeremonyScripts.parse(Path.of("ceremony-scripts/card-check.yaml"));
        ActionRegistry registry = ActionRegistry.builder().addAll(BuiltInActions.registry())
                .action(standIn(Action.LoadBackup.class)).action(standIn(Action.CheckCard.class)).build();
        Path dir = tmp.resolve("interrupted");
        class Stop extends Error {
            private static final long serialVersionUID = 1L;
        }
        int[] seen = {0};
        try {
            new Engine(registry, AnswersFilePrompter.parse(ANSWERS, "answers.yaml"), Clock.systemUTC(), e -> {
                if (++seen[0] == events) {
                    throw new Stop();
                }
            }).run(script, dir, true);
        } catch (Stop expected) {
            // the "crash"
        }
        return dir;
    }

    private static <A extends Action> ActionHandler<A> standIn(Class<A> type) {
        return new ActionHandler<>() {
            public Class<A> actionType() {
                return type;
            }

            public StepFacts perform(A action, StepContext context) {
                return new StandIn(true);
            }
        };
    }

    /** What a stand-in handler reports: nothing but that it stood in. */
    record StandIn(boolean standIn) implements StepFacts {
    }

    @Test
    void recoverAbortsAnInterruptedRehearsalAndClosesItsLog() throws Exception {
        Path dir = interruptedCardCheck(20);
        Path answers = Files.writeString(tmp.resolve("answers.yaml"), ANSWERS);

        int exit = ceremony("recover", dir.toString(), "--answers", answers.toString());

        assertThat(exit).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("Interrupted ceremony ", "(REHEARSAL)", "last completed step: 2.2",
                "abort would remove: nothing", " aborted.", "Final hash: ");
        EventLogVerifier.Result log = EventLogVerifier.verify(dir.resolve(EventLog.FILE_NAME));
        assertThat(log.valid()).isTrue();
        List<String> tail = log.events().subList(20, log.events().size()).stream().map(Event::type).toList();
        assertThat(tail).containsExactly("recovery", "abort", "ceremony-end");
        assertThat(out.toString()).contains("Final hash: " + log.finalHash());
    }

    @Test
    void recoverResumesFromTheLastSafePointWithTheRealActionsAndWritesTheUnsignedTranscript() throws Exception {
        Path dir = interruptedCardCheck(20);
        Path answers = Files.writeString(tmp.resolve("answers.yaml"), ANSWERS);

        int exit = ceremony("recover", dir.toString(), "--resume", "--answers", answers.toString());

        assertThat(exit).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("resume from step: 2.3 (last safe resume point)", " completed.",
                "Transcript (UNSIGNED: this ceremony had no HSM");
        EventLogVerifier.Result log = EventLogVerifier.verify(dir.resolve(EventLog.FILE_NAME));
        assertThat(log.valid()).isTrue();
        List<String> types = log.events().stream().map(Event::type).toList();
        assertThat(types.subList(20, types.size())).startsWith("recovery").endsWith("ceremony-end");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".pdf")).count()).isEqualTo(1);
        }
    }

    @Test
    void recoverRefusesAnEndedCeremonyAndATamperedScriptCopy() throws Exception {
        Path dir = interruptedCardCheck(20);
        Path answers = Files.writeString(tmp.resolve("answers.yaml"), ANSWERS);
        assertThat(ceremony("recover", dir.toString(), "--abort", "--answers", answers.toString())).isEqualTo(0);

        assertThat(ceremony("recover", dir.toString(), "--abort", "--answers", answers.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("ceremony: this ceremony already ended (outcome aborted");

        Path copy = dir.resolve(Engine.SCRIPT_COPY);
        Files.writeString(copy, Files.readString(copy).replace("Cards returned", "Cards returned!"));
        assertThat(ceremony("recover", dir.toString(), "--abort")).isEqualTo(1);
        assertThat(err.toString()).contains("is not the one this ceremony ran");
    }

    @Test
    void aRealRecoveryRefusesAnAnswersFile() throws Exception {
        Path dir = interruptedCardCheck(10);
        Path log = dir.resolve(EventLog.FILE_NAME);
        // A real ceremony's log differs only in its flag; forging one here is the shortest way to a real log.
        List<String> lines = Files.readAllLines(log);
        Event start = Event.parse(lines.get(0));
        Map<String, Object> data = new java.util.LinkedHashMap<>(start.data());
        data.put("rehearsal", false);
        Event forged = Event.next(1, start.time(), start.type(), start.step(), start.actor(), data, Event.GENESIS);
        Files.writeString(log, forged.toJsonLine() + "\n");

        assertThat(ceremony("recover", dir.toString(), "--abort", "--answers",
                Files.writeString(tmp.resolve("a.yaml"), ANSWERS).toString())).isEqualTo(1);
        assertThat(err.toString()).contains("an answers file may drive a rehearsal only; this ceremony is real");
    }

    @Test
    void theTerminalRefusesToReadAPinWithoutAConsole() throws Exception {
        TerminalPrompter p = new TerminalPrompter(null, new BufferedReader(new StringReader("1234\n")), new PrintWriter(out));
        CeremonyScript script = CeremonyScripts.parse(Path.of("ceremony-scripts/root-key-generation.yaml"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.pin(script.steps().get(0), "hsm"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("refusing to read the PIN of hsm: standard input is not a terminal. Run 'ceremony run' on a "
                        + "terminal (a rehearsal may use --answers FILE).");
        assertThat(p.value(script.steps().get(0), "bag number")).isEqualTo("1234");
        // the end of the input stops the ceremony wherever it was asked, as Stop does in the wizard
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.value(script.steps().get(0), "again"))
                .isInstanceOf(org.keyceremony.ceremony.StoppedAtTheTable.class)
                .hasMessageStartingWith("input ended while asking: again.");
    }
}
