package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.BuiltInActions;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Ceremonies;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.ui.common.AnswerBridge;
import org.keyceremony.ui.common.TaskRunner;

/**
 * The real engine on a worker thread, asking through {@link GuiPrompter} and the
 * {@link AnswerBridge}; a single "UI" thread owns the view-model, as the FX thread does in
 * the app. The test answers as the people would, and the event log shows their answers.
 */
class EngineThroughWizardTest {
    private final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker"));

    @AfterEach
    void stop() {
        ui.shutdownNow();
        worker.shutdownNow();
    }

    private <T> T onUi(Callable<T> c) throws Exception {
        return ui.submit(c).get(10, TimeUnit.SECONDS);
    }

    /** Waits until the view-model asks a question of {@code kind}. */
    private void awaitQuestion(WizardViewModel vm, Class<? extends PromptRequest> kind) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!onUi(() -> kind.isInstance(vm.requestProperty().get()))) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + kind.getSimpleName() + " question; request is "
                        + onUi(() -> vm.requestProperty().get()) + ", stopped: " + onUi(() -> vm.stoppedProperty().get()));
            }
            Thread.sleep(5);
        }
    }

    @Test
    void runsAManualCeremonyWithTheAnswersGivenOnTheUiThread(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ceremony");
        TaskRunner runner = new TaskRunner() {
            @Override
            public <T> void run(Callable<T> work, java.util.function.Consumer<T> ok,
                                java.util.function.Consumer<Throwable> err) {
                worker.execute(() -> {
                    try {
                        T r = work.call();
                        ui.execute(() -> ok.accept(r));
                    } catch (Exception e) {
                        ui.execute(() -> err.accept(e));
                    }
                });
            }
        };
        var script = WizardScripts.manualOnly();
        WizardViewModel vm = new WizardViewModel(WizardScripts.launch(script, out, (prompter, events) ->
                Ceremonies.with(BuiltInActions.registry(), Clock.systemUTC()).run(script, out, true, prompter, events)),
                runner, Clock.systemUTC());
        AnswerBridge bridge = new AnswerBridge(ui, () -> Thread.currentThread().getName().equals("test-ui"));
        onUi(() -> {
            vm.start(bridge);
            return null;
        });

        awaitQuestion(vm, PromptRequest.Setup.class);
        onUi(() -> {
            vm.answerSetup(WizardScripts.people());
            return null;
        });
        awaitQuestion(vm, PromptRequest.Confirm.class);
        assertThat(onUi(() -> vm.currentProperty().get().step().id())).isEqualTo("1.1");
        assertThat(onUi(() -> vm.confirm("WW"))).isTrue();
        awaitQuestion(vm, PromptRequest.Value.class);
        assertThat(onUi(() -> vm.answerValue("BAG-7"))).isTrue();
        awaitQuestion(vm, PromptRequest.Confirm.class);
        assertThat(onUi(() -> vm.confirm("WW"))).isTrue();
        awaitQuestion(vm, PromptRequest.Confirm.class);
        assertThat(onUi(() -> vm.currentProperty().get().step().id())).isEqualTo("2.1");
        assertThat(onUi(() -> vm.confirm("AA"))).isTrue();

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (onUi(() -> vm.resultProperty().get()) == null && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        CeremonyResult result = onUi(() -> vm.resultProperty().get());
        assertThat(result.outcome()).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(onUi(() -> vm.steps().stream().map(StepItem::state).distinct().toList())).containsExactly(StepState.DONE);
        EventLogVerifier.Result log = EventLogVerifier.verify(out.resolve(EventLog.FILE_NAME));
        assertThat(log.valid()).isTrue();
        String text = Files.readString(out.resolve(EventLog.FILE_NAME));
        assertThat(text).contains("BAG-7").contains("\"WW\"").contains("\"AA\"");
    }

    @Test
    void aCancelledQuestionStopsTheEngineWithARecoverableMessage(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ceremony");
        var script = WizardScripts.manualOnly();
        TaskRunner runner = new TaskRunner() {
            @Override
            public <T> void run(Callable<T> work, java.util.function.Consumer<T> ok,
                                java.util.function.Consumer<Throwable> err) {
                worker.execute(() -> {
                    try {
                        T r = work.call();
                        ui.execute(() -> ok.accept(r));
                    } catch (Exception e) {
                        ui.execute(() -> err.accept(e));
                    }
                });
            }
        };
        WizardViewModel vm = new WizardViewModel(WizardScripts.launch(script, out, (prompter, events) ->
                Ceremonies.with(BuiltInActions.registry(), Clock.systemUTC()).run(script, out, true, prompter, events)),
                runner, Clock.systemUTC());
        onUi(() -> {
            vm.start(new AnswerBridge(ui, () -> false));
            return null;
        });
        awaitQuestion(vm, PromptRequest.Setup.class);
        onUi(() -> {
            vm.answerSetup(WizardScripts.people());
            return null;
        });
        awaitQuestion(vm, PromptRequest.Confirm.class);
        onUi(() -> {
            vm.cancel();
            return null;
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (onUi(() -> vm.stoppedProperty().get()).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(onUi(() -> vm.stoppedProperty().get())).startsWith("The question was cancelled at the table.");
        assertThat(onUi(() -> vm.runningProperty().get())).isFalse();
        assertThat(onUi(() -> vm.steps().get(0).state())).isEqualTo(StepState.FAILED);
        assertThat(vm.stoppedAdvice()).isEqualTo("Nothing more will happen. Fix the cause, then use \"Resume an "
                + "interrupted ceremony\" on " + out + ".");
    }

    @Test
    void anInterruptedCeremonyIsResumedThroughTheRecoveryQuestion(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ceremony");
        var script = WizardScripts.manualOnly();
        TaskRunner runner = workerRunner();
        WizardViewModel first = new WizardViewModel(WizardScripts.launch(script, out, (prompter, events) ->
                Ceremonies.with(BuiltInActions.registry(), Clock.systemUTC()).run(script, out, true, prompter, events)),
                runner, Clock.systemUTC());
        onUi(() -> {
            first.start(new AnswerBridge(ui, () -> false));
            return null;
        });
        awaitQuestion(first, PromptRequest.Setup.class);
        onUi(() -> {
            first.answerSetup(WizardScripts.people());
            return null;
        });
        awaitQuestion(first, PromptRequest.Confirm.class);
        assertThat(onUi(() -> first.confirm("WW"))).isTrue();
        awaitQuestion(first, PromptRequest.Value.class);
        assertThat(onUi(() -> first.answerValue("BAG-7"))).isTrue();
        awaitQuestion(first, PromptRequest.Confirm.class);
        onUi(() -> {
            first.cancel();
            return null;
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (onUi(() -> first.stoppedProperty().get()).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(onUi(() -> first.stoppedProperty().get())).isNotEmpty();

        WizardViewModel second = new WizardViewModel(new WizardLaunch(script, true, out, java.util.Optional.empty(),
                (prompter, events) -> Ceremonies.with(BuiltInActions.registry(), Clock.systemUTC())
                        .recover(script, out, prompter, events)), runner, Clock.systemUTC());
        onUi(() -> {
            second.start(new AnswerBridge(ui, () -> false));
            return null;
        });
        awaitQuestion(second, PromptRequest.Recovery.class);
        assertThat(onUi(() -> ((PromptRequest.Recovery) second.requestProperty().get()).plan().lastCompletedStep()))
                .isEqualTo("1.1");
        assertThat(onUi(() -> second.chooseRecovery(org.keyceremony.ceremony.RecoveryChoice.RESUME))).isTrue();
        awaitQuestion(second, PromptRequest.Value.class);
        assertThat(onUi(() -> second.answerValue("BAG-8"))).isTrue();
        awaitQuestion(second, PromptRequest.Confirm.class);
        assertThat(onUi(() -> second.confirm("AA"))).as("the recovered participants are known: AA is no witness").isFalse();
        assertThat(onUi(() -> second.confirm("WW"))).isTrue();
        awaitQuestion(second, PromptRequest.Confirm.class);
        assertThat(onUi(() -> second.confirm("AA"))).isTrue();
        end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (onUi(() -> second.resultProperty().get()) == null && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(onUi(() -> second.resultProperty().get().outcome())).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(EventLogVerifier.verify(out.resolve(EventLog.FILE_NAME)).valid()).isTrue();
        assertThat(Files.readString(out.resolve(EventLog.FILE_NAME))).contains("\"recovery\"").contains("BAG-8");
    }

    @Test
    void stoppingDuringAnActionStopsTheEngineAtOnceWithoutAskingRetryOrAbort(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ceremony");
        var script = WizardScripts.manualOnly();
        WizardViewModel vm = new WizardViewModel(WizardScripts.launch(script, out, (prompter, events) ->
                Ceremonies.with(BuiltInActions.registry(), Clock.systemUTC()).run(script, out, true, prompter, events)),
                workerRunner(), Clock.systemUTC());
        onUi(() -> {
            vm.start(new AnswerBridge(ui, () -> false));
            return null;
        });
        awaitQuestion(vm, PromptRequest.Setup.class);
        onUi(() -> {
            vm.answerSetup(WizardScripts.people());
            return null;
        });
        awaitQuestion(vm, PromptRequest.Confirm.class);
        onUi(() -> vm.confirm("WW"));
        awaitQuestion(vm, PromptRequest.Value.class);
        onUi(() -> {
            vm.cancel();
            return null;
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (onUi(() -> vm.stoppedProperty().get()).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        // Stop means stop: no failure panel in between, the step marked failed, the ceremony resumable.
        assertThat(onUi(() -> vm.stoppedProperty().get())).startsWith("The question was cancelled at the table.");
        assertThat(onUi(() -> vm.runningProperty().get())).isFalse();
        assertThat(onUi(() -> vm.steps().get(1).state())).isEqualTo(StepState.FAILED);
        String log = java.nio.file.Files.readString(out.resolve(org.keyceremony.journal.EventLog.FILE_NAME));
        assertThat(log).contains("\"type\":\"step-failed\"").doesNotContain("\"type\":\"exception\"")
                .doesNotContain("\"type\":\"ceremony-end\"");
    }

    private TaskRunner workerRunner() {
        return new TaskRunner() {
            @Override
            public <T> void run(Callable<T> work, java.util.function.Consumer<T> ok,
                                java.util.function.Consumer<Throwable> err) {
                worker.execute(() -> {
                    try {
                        T r = work.call();
                        ui.execute(() -> ok.accept(r));
                    } catch (Exception e) {
                        ui.execute(() -> err.accept(e));
                    }
                });
            }
        };
    }
}
