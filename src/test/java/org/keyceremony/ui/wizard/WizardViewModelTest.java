package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Confirmation;
import org.keyceremony.ceremony.FailureDecision;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.secret.Pin;
import org.keyceremony.ui.common.TaskRunner;

/** The wizard's answer rules, without a screen: each question is posted as the engine would post it. */
class WizardViewModelTest {
    private final CeremonyScript script = WizardScripts.manualOnly();
    private final WizardViewModel vm = new WizardViewModel(WizardScripts.launch(script, Path.of("unused"),
            (p, e) -> {
                throw new AssertionError("not started in these tests");
            }), TaskRunner.sameThread(), Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));

    private Step step(int i) {
        return vm.steps().get(i).step();
    }

    private void setUp() {
        CompletableFuture<CeremonySetup> f = new CompletableFuture<>();
        vm.post(new PromptRequest.Setup(script, true, f));
        vm.answerSetup(WizardScripts.people());
        assertThat(f).isCompletedWithValue(WizardScripts.people());
    }

    @Test
    void listsEveryStepOfEveryActAsPending() {
        assertThat(vm.steps()).extracting(s -> s.step().id()).containsExactly("1.1", "1.2", "2.1");
        assertThat(vm.steps()).allMatch(s -> s.state() == StepState.PENDING);
        assertThat(vm.steps().get(2).actTitle()).isEqualTo("2 Close");
    }

    @Test
    void aBeginningStepBecomesCurrentAndThePreviousOneDone() {
        vm.stepBegins(step(0));
        vm.stepBegins(step(1));
        assertThat(vm.steps()).extracting(StepItem::state).containsExactly(StepState.DONE, StepState.CURRENT, StepState.PENDING);
        assertThat(vm.heading()).isEqualTo("Step 1.2 \u2014 Title 1.2");
        assertThat(vm.progress()).isEqualTo("Step 2 of 3");
    }

    @Test
    void aResumedCeremonysStepsDoneBeforeThisWindowShowAsDone() {
        vm.stepBegins(step(2));
        assertThat(vm.steps()).extracting(StepItem::state).containsExactly(StepState.DONE, StepState.DONE, StepState.CURRENT);
        assertThat(vm.steps().get(0).recordedProperty().get()).as("what they recorded is in the log, not here").isNull();
    }

    @Test
    void refusesInitialsOfSomeoneWhoDoesNotHoldTheConfirmingRole() {
        setUp();
        CompletableFuture<Confirmation> f = new CompletableFuture<>();
        vm.stepBegins(step(0));
        vm.post(new PromptRequest.Confirm(step(0), Map.of(), f));

        assertThat(vm.confirm("AA")).isFalse();
        assertThat(vm.problemProperty().get()).isEqualTo("'AA' are not the initials of a Witness present. Initials of the Witness: WW");
        assertThat(vm.confirm("  ")).isFalse();
        assertThat(vm.problemProperty().get()).isEqualTo("The Witness confirms this step: type your initials.");
        assertThat(f).isNotDone();

        assertThat(vm.confirm("ww")).isTrue();
        assertThat(f).isCompletedWithValue(Confirmation.of("WW"));
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.requestProperty().get()).isNull();
        assertThat(vm.steps().get(0).state()).isEqualTo(StepState.DONE);
    }

    @Test
    void theAdministratorConfirmsAStepTheWitnessPerformed() {
        setUp();
        CompletableFuture<Confirmation> f = new CompletableFuture<>();
        vm.post(new PromptRequest.Confirm(step(2), Map.of(), f));
        assertThat(vm.confirm("WW")).isFalse();
        assertThat(vm.confirm("AA")).isTrue();
        assertThat(vm.peopleFor(step(2).actor())).isEqualTo("Witness \u2014 Will Witness");
    }

    @Test
    void anEmptyAnswerToAQuestionThatNeedsOneIsRefusedEveryTimeATypedOneStripped() {
        CompletableFuture<String> f = new CompletableFuture<>();
        vm.post(new PromptRequest.Value(step(1), "Bag serial", f));
        assertThat(vm.answerValue(" ")).isFalse();
        assertThat(vm.problemProperty().get()).isEqualTo("This question needs an answer: nothing was typed for "
                + "\"Bag serial\". Type it, then press Next.");
        assertThat(vm.answerValue("")).as("a second Enter does not send it either").isFalse();
        assertThat(f).isNotDone();
        assertThat(vm.answerValue("  BAG-0042 ")).isTrue();
        assertThat(f).isCompletedWithValue("BAG-0042");
    }

    @Test
    void anEmptyAnswerIsSentAtOnceWhereTheQuestionAllowsIt() {
        CompletableFuture<String> f = new CompletableFuture<>();
        vm.post(new PromptRequest.Value(step(1), "backup package file (empty: the only one, or the newest)", true, f));
        assertThat(vm.answerValue("")).isTrue();
        assertThat(f).isCompletedWithValue("");
        CompletableFuture<String> next = new CompletableFuture<>();
        vm.post(new PromptRequest.Value(step(1), "SHA-256 of the backup package", next));
        assertThat(vm.answerValue("")).as("a question that needs an answer refuses it").isFalse();
    }

    @Test
    void anEmptyPinIsRefusedAndWipedATypedOneHandedOverIntact() {
        CompletableFuture<Pin> f = new CompletableFuture<>();
        vm.post(new PromptRequest.PinEntry(step(1), "card-2", "Custodian 2 \u2014 Cal Two: insert your card",
                org.keyceremony.ceremony.PinState.UNKNOWN, f));
        Pin empty = Pin.copyOf(new char[0]);
        assertThat(vm.answerPin(empty)).isFalse();
        assertThat(empty.isWiped()).isTrue();
        assertThat(vm.problemProperty().get()).isEqualTo("Type the PIN first.");

        Pin typed = Pin.copyOf("123456".toCharArray());
        assertThat(vm.answerPin(typed)).isTrue();
        assertThat(f.join()).isSameAs(typed);
        assertThat(typed.isWiped()).isFalse();
    }

    @Test
    void aPinForNoQuestionIsWipedAtOnce() {
        Pin stray = Pin.copyOf("9999".toCharArray());
        assertThat(vm.answerPin(stray)).isFalse();
        assertThat(stray.isWiped()).isTrue();
    }

    @Test
    void aFailureDecisionCarriesTheExceptionRecordWithEveryonePresent() {
        setUp();
        vm.stepBegins(step(1));
        CompletableFuture<FailureDecision> f = new CompletableFuture<>();
        vm.post(new PromptRequest.Failure(step(1), "the card was removed", 1, f));
        assertThat(vm.steps().get(1).state()).isEqualTo(StepState.FAILED);

        assertThat(vm.decideFailure(true, "card reinserted")).isTrue();

        FailureDecision d = f.join();
        assertThat(d.choice()).isEqualTo(FailureDecision.Choice.RETRY);
        assertThat(d.deviation().expected()).isEqualTo("step 1.2 (Title 1.2) completes");
        assertThat(d.deviation().happened()).isEqualTo("attempt 1 failed: the card was removed");
        assertThat(d.deviation().actions()).isEqualTo("card reinserted");
        assertThat(d.deviation().initialsPresent()).containsExactly("AA", "WW", "C1", "C2");
        assertThat(vm.steps().get(1).state()).isEqualTo(StepState.CURRENT);
    }

    @Test
    void abortingWithoutWordsRecordsThatThePeopleAborted() {
        CompletableFuture<FailureDecision> f = new CompletableFuture<>();
        vm.post(new PromptRequest.Failure(step(1), "x", 3, f));
        vm.decideFailure(false, "");
        assertThat(f.join().choice()).isEqualTo(FailureDecision.Choice.ABORT);
        assertThat(f.join().deviation().actions()).isEqualTo("ceremony aborted by the people present");
    }

    @Test
    void cancellingTheQuestionCancelsTheEnginesWait() {
        CompletableFuture<String> f = new CompletableFuture<>();
        vm.post(new PromptRequest.Value(step(1), "Bag serial", f));
        vm.cancel();
        assertThat(f).isCancelled();
        assertThat(vm.requestProperty().get()).isNull();
    }

    @Test
    void anAnswerOfTheWrongKindIsIgnored() {
        CompletableFuture<String> f = new CompletableFuture<>();
        vm.post(new PromptRequest.Value(step(1), "Bag serial", f));
        assertThat(vm.confirm("WW")).isFalse();
        assertThat(vm.approveRollback(true)).isFalse();
        assertThat(f).isNotDone();
    }

    @Test
    void busyOnlyWhileTheEngineRunsAndAsksNothing() {
        assertThat(vm.busyProperty().get()).isFalse();
        vm.runningProperty().set(true);
        assertThat(vm.busyProperty().get()).isTrue();
        vm.post(new PromptRequest.Value(step(1), "Bag serial", new CompletableFuture<>()));
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void elapsedTimeIsMinutesAndSeconds() {
        vm.stepBegins(step(0));
        long start = vm.stepStartedProperty().get();
        assertThat(vm.elapsed(start + 125_000)).isEqualTo("2:05");
        assertThat(vm.elapsed(start - 1000)).isEqualTo("0:00");
    }

    @Test
    void theCardPromptIsShownOnceInThePinPanelNotAlsoAsANotice() {
        vm.notice("Custodian 2 \u2014 Cal Two: insert your card (card-2) and type your PIN.");
        vm.post(new PromptRequest.PinEntry(step(1), "card-2",
                "Custodian 2 \u2014 Cal Two: insert your card (card-2) and type your PIN.",
                org.keyceremony.ceremony.PinState.UNKNOWN, new CompletableFuture<>()));
        assertThat(vm.noticeProperty().get()).isEmpty();
    }

    @Test
    void readAloudTextKeepsBreaksOnlyAfterSentences() {
        assertThat(WizardView.spoken("  Seal it in the bag recorded in step 4.3,\nwhile everyone watches.\nThen sign.\n"))
                .isEqualTo("Seal it in the bag recorded in step 4.3, while everyone watches.\nThen sign.");
    }

    @Test
    void aCeremonyStoppedBeforeItsFirstEventIsSimplyStartedAgain() {
        assertThat(vm.stoppedAdvice()).isEqualTo("Nothing was written: the ceremony had not begun. Start it again from "
                + "the home screen.");
    }

    @Test
    void warnsBeforeAFinalTryAndWhenLockedNotOtherwise() {
        assertThat(RequestPanels.pinWarning(org.keyceremony.ceremony.PinState.FINAL_TRY)).startsWith("FINAL TRY:");
        assertThat(RequestPanels.pinWarning(org.keyceremony.ceremony.PinState.LOCKED)).contains("LOCKED");
        assertThat(RequestPanels.pinWarning(org.keyceremony.ceremony.PinState.COUNT_LOW)).contains("few tries remain");
        assertThat(RequestPanels.pinWarning(org.keyceremony.ceremony.PinState.OK)).isEmpty();
        assertThat(RequestPanels.pinWarning(org.keyceremony.ceremony.PinState.UNKNOWN)).isEmpty();
    }

    @Test
    void aListOfCardsGrowsByTheCardsChosenOnTheReaderEachOnce() {
        assertThat(RequestPanels.asksForCards("cards presented, separated by commas (empty: every card the backup "
                + "package names)")).isTrue();
        assertThat(RequestPanels.asksForCards("old cards presented for erasure, separated by commas")).isTrue();
        assertThat(RequestPanels.asksForCards("card presented by the next custodian (label or serial)")).isFalse();
        assertThat(RequestPanels.withCard("", "card-2")).isEqualTo("card-2");
        assertThat(RequestPanels.withCard("card-2 ,card-5,", "card-1")).isEqualTo("card-2, card-5, card-1");
        assertThat(RequestPanels.withCard("card-2, card-5", "card-5")).isEqualTo("card-2, card-5");
    }

    @Test
    void recognisesTheEnginesQuestionForACustodiansCard() {
        assertThat(RequestPanels.asksForCard("card label or serial for custodian 3 (Cleo Custodian)")).isTrue();
        assertThat(RequestPanels.asksForCard("card presented by the next custodian (label or serial; empty: no more "
                + "cards)")).isTrue();
        assertThat(RequestPanels.asksForCard("Serial number of the HSM's tamper-evident bag")).isFalse();
    }
}
