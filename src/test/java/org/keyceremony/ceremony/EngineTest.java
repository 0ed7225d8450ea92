package org.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.testing.Seeded;

class EngineTest {
    @TempDir
    Path dir;

    private final StandInWorld world = new StandInWorld();
    private final ScriptedPrompter prompter = new ScriptedPrompter();
    private final CeremonyScript script = TestScripts.keyGeneration();

    private CeremonyResult run() throws KeyCeremonyException {
        return new Engine(world.registry(), prompter, Clock.systemUTC()).run(script, dir.resolve("out"), true);
    }

    private List<Event> events() throws KeyCeremonyException {
        EventLogVerifier.Result r = EventLogVerifier.verify(dir.resolve("out").resolve(EventLog.FILE_NAME));
        assertThat(r.valid()).as(r.problem()).isTrue();
        return r.events();
    }

    private static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    @Test
    void runsEveryStepInOrderWithBeginEndAndConfirmation() throws Exception {
        CeremonyResult result = run();

        assertThat(result.outcome()).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        List<Event> events = events();
        assertThat(result.finalHash()).isEqualTo(events.get(events.size() - 1).hash());
        assertThat(events.get(0).type()).isEqualTo("ceremony-start");
        assertThat(events.get(0).data()).containsEntry("scriptSha256", script.sha256Hex())
                .containsEntry("rehearsal", true).containsEntry("ceremonyId", result.ceremonyId().toString())
                .containsEntry("software", org.keyceremony.ceremony.preflight.BuildStamp.ofThisBuild().describe());
        assertThat(events.get(0).data().get("software").toString()).contains(", commit ");
        List<String> stepOrder = events.stream().filter(e -> e.type().equals("step-begin")).map(Event::step).toList();
        assertThat(stepOrder).containsExactlyElementsOf(script.steps().stream().map(Step::id).toList());
        for (Step s : script.steps()) {
            List<String> ofStep = events.stream().filter(e -> e.step().equals(s.id())).map(Event::type)
                    .filter(t -> !t.equals("rollback-registered")).toList();
            assertThat(ofStep).as(s.id()).containsExactly("step-begin", "step-end", "step-confirmed");
        }
        Event confirmed = events.stream().filter(e -> e.type().equals("step-confirmed")).findFirst().orElseThrow();
        assertThat(confirmed.actor()).isEqualTo("WW");
        assertThat(confirmed.data()).containsEntry("role", "witness");
        Event bag = events.stream().filter(e -> e.step().equals("1.2") && e.type().equals("step-end")).findFirst().orElseThrow();
        assertThat(bag.data().get("facts")).isEqualTo(Map.of("field", "tamper-evident bag number", "value", "BAG-1.2"));
        Event kwk = events.stream().filter(e -> e.step().equals("2.3") && e.type().equals("step-begin")).findFirst().orElseThrow();
        assertThat(kwk.data().get("memoryOnly")).isEqualTo(List.of("kwk"));
        assertThat(events.get(events.size() - 1).type()).isEqualTo("ceremony-end");
        assertThat(events.get(events.size() - 1).data()).containsEntry("outcome", "completed");
        assertThat(world.hsmObjects).containsExactly("root-2026");
        assertThat(world.cards).containsOnlyKeys(1, 2, 3).allSatisfy((c, set) -> assertThat(set).isEqualTo(world.lastSplitSetId));
        assertThat(Files.readString(dir.resolve("out").resolve(Engine.SCRIPT_COPY))).isEqualTo(script.sourceText());
    }

    @Test
    void retriesAFailedStepAndRecordsEachFailureAsAnException() throws Exception {
        world.failures.put("2.2", 2);

        CeremonyResult result = run();

        assertThat(result.outcome()).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        List<String> ofStep = types(events().stream().filter(e -> e.step().equals("2.2")).toList());
        assertThat(ofStep).containsExactly("step-begin", "step-failed", "exception", "retry",
                "step-begin", "step-failed", "exception", "retry",
                "step-begin", "rollback-registered", "step-end", "step-confirmed");
        Event failed = events().stream().filter(e -> e.type().equals("step-failed")).findFirst().orElseThrow();
        assertThat(failed.data()).containsEntry("error", "stand-in failure of step 2.2").containsEntry("attempt", 1L);
        Event exception = events().stream().filter(e -> e.type().equals("exception")).findFirst().orElseThrow();
        assertThat(exception.data()).containsEntry("expected", "step 2.2 succeeds")
                .containsEntry("happened", "stand-in failure of step 2.2").containsEntry("actions", "retried")
                .containsEntry("initials", List.of("AA", "WW"));
        assertThat(exception.data().get("started")).isEqualTo(events().stream()
                .filter(e -> e.step().equals("2.2") && e.type().equals("step-begin")).findFirst().orElseThrow().timeText());
        assertThat(world.hsmObjects).containsExactly("root-2026");
    }

    @Test
    void stoppingAtTheTableDuringAStepRecordsItAndStopsWithoutAskingRetryOrAbort() throws Exception {
        java.util.List<String> asked = new java.util.ArrayList<>();
        ScriptedPrompter stopsAtThePin = new ScriptedPrompter() {
            @Override
            public org.keyceremony.secret.Pin pin(Step step, String holder) throws KeyCeremonyException {
                throw new StoppedAtTheTable("The question was cancelled at the table.", null);
            }

            @Override
            public FailureDecision onFailure(Step step, String error, int attempt) throws KeyCeremonyException {
                asked.add(step.id());
                return super.onFailure(step, error, attempt);
            }
        };

        assertThatThrownBy(() -> new Engine(world.registry(), stopsAtThePin, Clock.systemUTC())
                .run(script, dir.resolve("out"), true)).isInstanceOf(StoppedAtTheTable.class);

        assertThat(asked).as("retry or abort asked after a stop").isEmpty();
        List<Event> events = events();
        assertThat(types(events)).endsWith("step-begin", "step-failed").doesNotContain("ceremony-end", "exception");
        assertThat(events.get(events.size() - 1).data()).containsEntry("error", "The question was cancelled at the table.");
        RecoveryPlan plan = Ceremonies.assess(script, dir.resolve("out"));
        assertThat(plan.interruptedStep()).isEqualTo("2.1");
        assertThat(plan.canResume()).isTrue();
    }

    @Test
    void abortRemovesWhatTheCeremonyCreatedNewestFirst() throws Exception {
        world.failures.put("2.9", 1);
        prompter.failureChoices.add(FailureDecision.Choice.ABORT);

        CeremonyResult result = run();

        assertThat(result.outcome()).isEqualTo(CeremonyResult.Outcome.ABORTED);
        assertThat(result.rollbacksLeft()).isEmpty();
        assertThat(world.hsmObjects).isEmpty();
        assertThat(world.cards).isEmpty();
        List<Event> events = events();
        List<Object> removed = events.stream().filter(e -> e.type().equals("rollback"))
                .map(e -> e.data().get("description")).toList();
        assertThat(removed).containsExactly(
                "share of set " + world.lastSplitSetId + " on card-3",
                "share of set " + world.lastSplitSetId + " on card-2",
                "share of set " + world.lastSplitSetId + " on card-1",
                "root key pair 'root-2026' on token hsm");
        assertThat(types(events.subList(events.size() - 6, events.size())))
                .containsExactly("abort", "rollback", "rollback", "rollback", "rollback", "ceremony-end");
        assertThat(events.get(events.size() - 1).data()).containsEntry("outcome", "aborted")
                .containsEntry("rollbackApproved", true);
        assertThat(world.performed).doesNotContain("2.10");
    }

    @Test
    void declinedRollbackLeavesEverythingAndListsIt() throws Exception {
        world.failures.put("2.7", 1);
        prompter.failureChoices.add(FailureDecision.Choice.ABORT);
        prompter.approveRollback = false;

        CeremonyResult result = run();

        assertThat(result.outcome()).isEqualTo(CeremonyResult.Outcome.ABORTED);
        assertThat(result.rollbacksLeft()).containsExactly(
                "share of set " + world.lastSplitSetId + " on card-1", "root key pair 'root-2026' on token hsm");
        assertThat(world.cards).containsOnlyKeys(1);
        assertThat(world.hsmObjects).containsExactly("root-2026");
        assertThat(types(events())).doesNotContain("rollback");
    }

    @Test
    void aFailedRemovalIsRecordedAndReported() throws Exception {
        world.failures.put("2.6", 1);
        world.failures.put("rollback:destroy-hsm-object", 1);
        prompter.failureChoices.add(FailureDecision.Choice.ABORT);

        CeremonyResult result = run();

        assertThat(result.rollbacksLeft()).containsExactly("root key pair 'root-2026' on token hsm");
        Event failed = events().stream().filter(e -> e.type().equals("rollback")).findFirst().orElseThrow();
        assertThat(failed.data()).containsEntry("outcome", "failed");
        assertThat((String) failed.data().get("error"))
                .contains("Not confirmed removed: root key pair 'root-2026' on token hsm (check it, and remove it by hand");
    }

    @Test
    void refusesBeforeWritingAnythingWhenAnActionIsNotAvailable() {
        Engine engine = new Engine(BuiltInActions.registry(), prompter, Clock.systemUTC());

        assertThatThrownBy(() -> engine.run(script, dir.resolve("out"), true))
                .isInstanceOf(KeyCeremonyException.class)
                .hasMessageStartingWith("the ceremony cannot start: step 2.1: action hsm-login is not available in this build; "
                        + "step 2.2: action generate-root-key is not available in this build;")
                .hasMessageEndingWith("Nothing was written and no PKCS#11 session was opened.");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void confirmationMustComeFromTheConfirmingRole() {
        prompter.confirmInitials = "C1";

        assertThatThrownBy(this::run).isInstanceOf(InvalidInputException.class)
                .hasMessage("step 1.1 must be confirmed by a witness; \"C1\" are not the initials of one (3 attempts); "
                        + "the ceremony stops here and can be continued with 'ceremony recover'");
        assertThat(prompter.notices).hasSize(2);
    }

    @Test
    void aRehearsalOnlyPrompterCannotDriveARealCeremony() {
        Prompter answers = new ScriptedPrompter() {
            @Override
            public boolean rehearsalOnly() {
                return true;
            }
        };
        Engine engine = new Engine(world.registry(), answers, Clock.systemUTC());

        assertThatThrownBy(() -> engine.run(script, dir.resolve("out"), false))
                .hasMessage("an answers file may drive a rehearsal only; a real ceremony asks the people at the table");
    }

    @Test
    void neverReusesAnOutputDirectory() throws Exception {
        run();

        assertThatThrownBy(this::run).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("events.jsonl already exists");
    }

    @Test
    void refusesWhenRolesAreMissing() {
        Prompter fewer = new ScriptedPrompter() {
            @Override
            public CeremonySetup setup(CeremonyScript s, boolean rehearsal) {
                return new CeremonySetup(TestScripts.setup().participants().subList(0, 3), "Vault", "UTC");
            }
        };
        assertThatThrownBy(() -> new Engine(world.registry(), fewer, Clock.systemUTC()).run(script, dir.resolve("out"), true))
                .hasMessage("the participants do not match the script's roles: custodian: 3 required, 1 present");
    }

    @Test
    void noPinReachesTheLogEvenWhenOneIsWrong() throws Exception {
        world.expectedPin = "Zq-PIN-731";
        prompter.pins.add("Wrong-PIN-555");
        prompter.pin = "Zq-PIN-731";

        CeremonyResult result = run();

        assertThat(result.outcome()).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        String log = Files.readString(dir.resolve("out").resolve(EventLog.FILE_NAME));
        assertThat(log).doesNotContain("Zq-PIN-731").doesNotContain("Wrong-PIN-555")
                .contains("\"error\":\"PIN incorrect for token hsm\"");
    }

    @Test
    void aHandlerRunsStandaloneWithItsRollbacksCollected() throws Exception {
        Step generate = script.steps().get(4);
        CeremonyContext ceremony = new CeremonyContext(Seeded.uuid(115), script, true, TestScripts.setup(), dir);
        List<RegisteredRollback> sink = new java.util.ArrayList<>();
        Step login = script.steps().get(3);
        world.registry().handlerFor(login.action()).orElseThrow()
                .perform(login.action(), StepContext.standalone(login, ceremony, prompter, sink));

        Map<String, Object> facts = ActionFacts.write(world.registry().handlerFor(generate.action()).orElseThrow()
                .perform(generate.action(), StepContext.standalone(generate, ceremony, prompter, sink)));

        assertThat(facts).containsEntry("label", "root-2026");
        assertThat(sink).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(1L);
            assertThat(r.kind()).isEqualTo("destroy-hsm-object");
            assertThat(r.params()).containsEntry("label", "root-2026");
        });
    }
}
