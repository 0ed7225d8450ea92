package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.journal.facts.StepFacts;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.ceremony.ActionRegistry;
import org.keyceremony.ceremony.BuiltInActions;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Engine;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;

/** The terminal dialogue of a whole (stand-in) card check, typed line by line. */
class TerminalPrompterTest {
    @TempDir
    Path tmp;

    @Test
    void aCardCheckAnsweredOnTheTerminalWithOneRetry() throws Exception {
        CeremonyScript script = CeremonyScripts.parse(Path.of("ceremony-scripts/card-check.yaml"));
        int[] checks = {0};
        ActionRegistry registry = ActionRegistry.builder().addAll(BuiltInActions.registry())
                .action(handler(Action.LoadBackup.class, () -> new Medium("USB-1")))
                .action(handler(Action.CheckCard.class, () -> {
                    if (checks[0]++ == 0) {
                        throw new KeyCeremonyException("card-3 was not inserted");
                    }
                    return new Checked(5L);
                }))
                .build();
        StringBuilder typed = new StringBuilder();
        typed.append("Ada Admin\nadministrator\nAA\nWill Witness\nwitness\nWW\n");
        for (int i = 1; i <= 4; i++) {
            typed.append("Custodian ").append(i).append("\ncustodian\nC").append(i).append('\n');
        }
        typed.append("\nCustodian 5\ncustodian\nC5\n");   // one custodian forgotten, then added
        typed.append("\nVault B\nUTC\n");
        typed.append("WW\nWW\nWW\n");                   // 1.1-1.3 confirmed by the witness
        typed.append("10:00 UTC radio\nAA\n");          // 1.4 time, confirmed by the administrator
        typed.append("WW\n");                           // 2.1
        typed.append("maybe\nretry\nCard 3 fetched from the safe\nAA, WW, C3\nWW\n"); // 2.2 fails once
        typed.append("WW\n");                           // 2.3
        typed.append("\nBAG-42\nWW\n");                 // 3.1: an Enter by mistake is asked again
        StringWriter screen = new StringWriter();
        TerminalPrompter terminal = new TerminalPrompter(null, new BufferedReader(new StringReader(typed.toString())),
                new PrintWriter(screen, true));

        CeremonyResult result = new Engine(registry, terminal, Clock.systemUTC()).run(script, tmp.resolve("out"), true);

        assertThat(result.outcome()).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(screen.toString()).contains("Not yet: custodian: 5 required, 4 present. Enter the missing participants",
                "== Step 2.2: ", "Step 2.2 FAILED (attempt 1): card-3 was not inserted",
                "Type 'retry' or 'abort': Type 'retry' or 'abort': ", "   cardsChecked: 5",
                "This question needs an answer.");
        List<Event> events = EventLogVerifier.verify(tmp.resolve("out").resolve(EventLog.FILE_NAME)).events();
        assertThat(events.get(0).data()).containsEntry("rehearsal", true).containsEntry("location", "Vault B");
        Event exception = events.stream().filter(e -> e.type().equals("exception")).findFirst().orElseThrow();
        assertThat(exception.data()).containsEntry("actions", "Card 3 fetched from the safe")
                .containsEntry("initials", List.of("AA", "WW", "C3"))
                .containsEntry("happened", "attempt 1 failed: card-3 was not inserted");
        assertThat(events.stream().filter(e -> e.type().equals("step-confirmed") && e.step().equals("1.4"))
                .findFirst().orElseThrow().actor()).isEqualTo("AA");
    }

    interface Facts {
        StepFacts get() throws KeyCeremonyException;
    }

    record Medium(String medium) implements StepFacts {
    }

    record Checked(long cardsChecked) implements StepFacts {
    }

    private static <A extends Action> ActionHandler<A> handler(Class<A> type, Facts facts) {
        return new ActionHandler<>() {
            public Class<A> actionType() {
                return type;
            }

            public StepFacts perform(A action, StepContext context) throws KeyCeremonyException {
                return facts.get();
            }
        };
    }
}
