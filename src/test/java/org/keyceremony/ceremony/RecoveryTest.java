package org.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.testing.Seeded;

/**
 * A crash after every event and every change to the stand-in world, followed by recovery:
 * the log verifies, and the resumed or aborted ceremony ends consistent.
 */
class RecoveryTest {
    @TempDir
    Path tmp;

    private final CeremonyScript script = TestScripts.keyGeneration();

    /** Runs until the k-th tick; returns the world left behind, or null if the run ended first. */
    private StandInWorld crashAt(int k, Path out, boolean abortAtQuorum) throws KeyCeremonyException {
        StandInWorld world = new StandInWorld();
        ScriptedPrompter prompter = new ScriptedPrompter();
        if (abortAtQuorum) {
            world.failures.put("2.9", 1);
            prompter.failureChoices.add(FailureDecision.Choice.ABORT);
        }
        world.crashAt = k;
        try {
            new Engine(world.registry(), prompter, Clock.systemUTC(), e -> world.tick()).run(script, out, true);
            return null;
        } catch (StandInWorld.SimulatedCrash crash) {
            world.crashAt = -1;
            return world;
        }
    }

    private int ticksOfFullRun(boolean abortAtQuorum) throws KeyCeremonyException {
        StandInWorld world = new StandInWorld();
        ScriptedPrompter prompter = new ScriptedPrompter();
        if (abortAtQuorum) {
            world.failures.put("2.9", 1);
            prompter.failureChoices.add(FailureDecision.Choice.ABORT);
        }
        new Engine(world.registry(), prompter, Clock.systemUTC(), e -> world.tick()).run(script, tmp.resolve("full"), true);
        return world.ticks;
    }

    private CeremonyResult recover(StandInWorld world, Path out, RecoveryChoice choice) throws KeyCeremonyException {
        RecoveryPlan plan = Recovery.assess(out, script);
        Engine engine = new Engine(world.registry(), new ScriptedPrompter(), Clock.systemUTC(), e -> world.tick());
        return choice == RecoveryChoice.RESUME && plan.canResume()
                ? engine.resume(script, out, plan) : engine.abortInterrupted(script, out, plan);
    }

    private static List<Event> verifiedEvents(Path out) throws KeyCeremonyException {
        EventLogVerifier.Result r = EventLogVerifier.verify(out.resolve(EventLog.FILE_NAME));
        assertThat(r.valid()).as(r.problem()).isTrue();
        return r.events();
    }

    private static void assertCompletedConsistently(StandInWorld world, CeremonyResult result, Path out, String what)
            throws KeyCeremonyException {
        assertThat(result.outcome()).as(what).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        List<Event> events = verifiedEvents(out);
        assertThat(events.get(events.size() - 1).data()).as(what).containsEntry("outcome", "completed");
        assertThat(world.hsmObjects).as(what).containsExactly("root-2026");
        assertThat(world.cards).as(what).containsOnlyKeys(1, 2, 3)
                .allSatisfy((card, set) -> assertThat(set).as(what).isEqualTo(world.lastSplitSetId));
        assertThat(world.quorumVerified).as(what).isTrue();
        assertThat(world.backups).as(what).containsExactly("medium-1");
    }

    private static void assertAbortedClean(StandInWorld world, CeremonyResult result, Path out, String what)
            throws KeyCeremonyException {
        assertThat(result.outcome()).as(what).isEqualTo(CeremonyResult.Outcome.ABORTED);
        assertThat(result.rollbacksLeft()).as(what).isEmpty();
        List<Event> events = verifiedEvents(out);
        assertThat(events.get(events.size() - 1).data()).as(what).containsEntry("outcome", "aborted");
        assertThat(world.hsmObjects).as(what).isEmpty();
        assertThat(world.cards).as(what).isEmpty();
        assertThat(world.backups).as(what).isEmpty();
    }

    @Test
    void aCrashAfterAnyEventOrChangeCanBeResumedToAConsistentEnd() throws Exception {
        int ticks = ticksOfFullRun(false);
        assertThat(ticks).isGreaterThan(50);
        for (int k = 1; k < ticks; k++) {
            Path out = tmp.resolve("resume-" + k);
            StandInWorld world = crashAt(k, out, false);
            assertThat(world).as("crash at tick %d", k).isNotNull();
            verifiedEvents(out);
            assertCompletedConsistently(world, recover(world, out, RecoveryChoice.RESUME), out, "resume after tick " + k);
        }
    }

    @Test
    void aCrashAfterAnyEventOrChangeCanBeAbortedLeavingNothingBehind() throws Exception {
        int ticks = ticksOfFullRun(false);
        for (int k = 1; k < ticks; k++) {
            Path out = tmp.resolve("abort-" + k);
            StandInWorld world = crashAt(k, out, false);
            assertAbortedClean(world, recover(world, out, RecoveryChoice.ABORT), out, "abort after tick " + k);
        }
    }

    @Test
    void aCrashDuringAnAbortFinishesTheAbort() throws Exception {
        int ticks = ticksOfFullRun(true);
        for (int k = 1; k < ticks; k++) {
            Path out = tmp.resolve("aborting-" + k);
            StandInWorld world = crashAt(k, out, true);
            RecoveryPlan plan = Recovery.assess(out, script);
            CeremonyResult result = recover(world, out, RecoveryChoice.RESUME);
            if (plan.abortInProgress()) {
                assertAbortedClean(world, result, out, "aborting, crash at tick " + k);
            } else {
                assertCompletedConsistently(world, result, out, "resume after tick " + k);
            }
        }
    }

    @Test
    void aLineTornByTheCrashIsSetAsideAndTheCeremonyResumes() throws Exception {
        int ticks = ticksOfFullRun(false);
        for (int k = 1; k < ticks; k += 7) {
            Path out = tmp.resolve("torn-" + k);
            StandInWorld world = crashAt(k, out, false);
            Path log = out.resolve(EventLog.FILE_NAME);
            Files.write(log, "{\"actor\":\"engine\",\"da".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
            RecoveryPlan plan = Recovery.assess(out, script);
            assertThat(plan.tornTail()).isTrue();
            assertCompletedConsistently(world, recover(world, out, RecoveryChoice.RESUME), out, "torn after tick " + k);
            List<Event> events = verifiedEvents(out);
            Event repaired = events.stream().filter(e -> e.type().equals("log-repaired")).findFirst().orElseThrow();
            assertThat(repaired.data()).containsEntry("bytes", 21L).containsEntry("savedAs", "events.jsonl.torn-" + repaired.seq());
            assertThat(Files.readString(out.resolve("events.jsonl.torn-" + repaired.seq()))).isEqualTo("{\"actor\":\"engine\",\"da");
        }
    }

    @Test
    void aCrashBetweenKwkAndLastShareGoesBackToTheKwkAndErasesTheDeadSet() throws Exception {
        Path out = tmp.resolve("kwk");
        StandInWorld world = new StandInWorld();
        world.failures.put("2.8", 1);
        ScriptedPrompter prompter = new ScriptedPrompter() {
            @Override
            public FailureDecision onFailure(org.keyceremony.script.Step step, String error, int attempt) {
                throw new StandInWorld.SimulatedCrash();
            }
        };
        assertThatThrownBy(() -> new Engine(world.registry(), prompter, Clock.systemUTC()).run(script, out, true))
                .isInstanceOf(StandInWorld.SimulatedCrash.class);
        String deadSet = world.lastSplitSetId;

        RecoveryPlan plan = Recovery.assess(out, script);

        assertThat(plan.lastCompletedStep()).isEqualTo("2.7");
        assertThat(plan.interruptedStep()).isEqualTo("2.8");
        assertThat(plan.resumeStep()).isEqualTo("2.3");
        assertThat(plan.lostMemory()).containsExactlyInAnyOrder("kwk", "wrapped-key", "shares");
        assertThat(plan.replaySteps()).containsExactly("2.1");
        assertThat(plan.redoRemovals()).extracting(RegisteredRollback::description)
                .containsExactly("share of set " + deadSet + " on card-2", "share of set " + deadSet + " on card-1");
        assertThat(plan.pendingRemovals()).extracting(RegisteredRollback::description)
                .endsWith("root key pair 'root-2026' on token hsm");
        assertThat(plan.describe()).contains("resume from step: 2.3", "lost with the process (held only in memory): ");

        CeremonyResult result = new Engine(world.registry(), new ScriptedPrompter(), Clock.systemUTC()).resume(script, out, plan);

        assertCompletedConsistently(world, result, out, "resumed");
        assertThat(world.lastSplitSetId).isNotEqualTo(deadSet);
        assertThat(world.performed.stream().filter("2.2"::equals)).hasSize(1);
        Event recovery = verifiedEvents(out).stream().filter(e -> e.type().equals("recovery")).findFirst().orElseThrow();
        assertThat(recovery.data()).containsEntry("resumeFrom", "2.3").containsEntry("replay", List.of("2.1"));
    }

    @Test
    void refusesAnEndedCeremonyAndAForeignScript() throws Exception {
        StandInWorld world = new StandInWorld();
        Path out = tmp.resolve("ended");
        new Engine(world.registry(), new ScriptedPrompter(), Clock.systemUTC()).run(script, out, true);

        assertThatThrownBy(() -> Recovery.assess(out, script)).hasMessageStartingWith("this ceremony already ended (outcome completed");
        CeremonyScript other = TestScripts.script("other", script.acts());
        assertThatThrownBy(() -> Recovery.assess(out, other)).hasMessageContaining("is not the one this ceremony ran");
        assertThatThrownBy(() -> Recovery.assess(tmp, script)).hasMessageStartingWith("no event log events.jsonl in ");
    }

    @Test
    void aLostBackupPackageIsLoadedAgainBeforeTheCardsAreChecked() throws Exception {
        CeremonyScript cardCheck = org.keyceremony.script.CeremonyScripts.parse(Path.of("ceremony-scripts/card-check.yaml"));
        List<org.keyceremony.script.Step> steps = cardCheck.steps();
        int checkCard = steps.indexOf(steps.stream().filter(s -> s.id().equals("2.2")).findFirst().orElseThrow());
        java.util.Set<String> lost = new java.util.LinkedHashSet<>();

        int resume = Recovery.resumeIndex(steps, checkCard, cardCheck, lost);

        // The package is a verified file on a medium, no secret: its step runs again (the same file, by its
        // SHA-256) instead of moving the resume back before it.
        assertThat(steps.get(resume).id()).isEqualTo("2.2");
        assertThat(lost).isEmpty();
        assertThat(Recovery.sessionReplays(steps, resume, cardCheck)).extracting(i -> steps.get(i).id())
                .containsExactly("2.1");
        assertThat(Recovery.resumeIndex(steps, checkCard + 1, cardCheck, new java.util.HashSet<>())).isEqualTo(checkCard + 1);
    }

    @Test
    void aSecondCrashDuringTheResumedRunIsRecoveredToo() throws Exception {
        int ticks = ticksOfFullRun(false);
        for (int k = 3; k < ticks; k += 5) {
            for (int j = 1; j < 40; j += 6) {
                Path out = tmp.resolve("twice-" + k + "-" + j);
                StandInWorld world = crashAt(k, out, false);
                RecoveryPlan first = Recovery.assess(out, script);
                world.crashAt = world.ticks + j;
                try {
                    new Engine(world.registry(), new ScriptedPrompter(), Clock.systemUTC(), e -> world.tick())
                            .resume(script, out, first);
                } catch (StandInWorld.SimulatedCrash crash) {
                    world.crashAt = -1;
                    assertCompletedConsistently(world, recover(world, out, RecoveryChoice.RESUME), out,
                            "crash at " + k + ", again " + j + " ticks into the resume");
                    continue;
                }
                assertCompletedConsistently(world, recoverNothing(out), out, "resume after " + k + " ended before " + j);
            }
        }
    }

    private CeremonyResult recoverNothing(Path out) throws KeyCeremonyException {
        List<Event> events = verifiedEvents(out);
        Event end = events.get(events.size() - 1);
        return new CeremonyResult(CeremonyResult.Outcome.COMPLETED, Seeded.uuid(116), out, end.seq(), end.hash(), List.of());
    }
}
