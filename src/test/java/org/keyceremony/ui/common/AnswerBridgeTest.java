package org.keyceremony.ui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keyceremony.base.KeyCeremonyException;

/** The worker waits for the UI's answer; the UI thread itself may never wait. */
class AnswerBridgeTest {
    private final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui"));
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final AnswerBridge bridge = new AnswerBridge(ui, () -> Thread.currentThread().getName().equals("ui"));

    @AfterEach
    void stop() {
        ui.shutdownNow();
        worker.shutdownNow();
    }

    @Test
    void theWorkerGetsTheAnswerTheUiGives() throws Exception {
        Future<String> asked = worker.submit(() -> bridge.ask((CompletableFuture<String> f) -> {
            assertThat(Thread.currentThread().getName()).isEqualTo("ui");
            f.complete("BAG-1");
        }));
        assertThat(asked.get(5, TimeUnit.SECONDS)).isEqualTo("BAG-1");
    }

    @Test
    void theWorkerWaitsUntilTheUiAnswersLater() throws Exception {
        CompletableFuture<CompletableFuture<String>> handed = new CompletableFuture<>();
        Future<String> asked = worker.submit(() -> bridge.ask(handed::complete));
        CompletableFuture<String> question = handed.get(5, TimeUnit.SECONDS);
        Thread.sleep(50);
        assertThat(asked).isNotDone();
        ui.execute(() -> question.complete("later"));
        assertThat(asked.get(5, TimeUnit.SECONDS)).isEqualTo("later");
    }

    @Test
    void aCancelledQuestionIsAnErrorTheEngineStopsOn() {
        Future<String> asked = worker.submit(() -> bridge.ask((CompletableFuture<String> f) -> f.cancel(false)));
        // a stop, not a failure: the engine records it and stops, and no step treats it as a refused card
        assertThatThrownBy(() -> asked.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(org.keyceremony.ceremony.StoppedAtTheTable.class)
                .hasMessageContaining("The question was cancelled at the table.");
    }

    @Test
    void anAnswerThatFailsWithOurExceptionKeepsItsMessage() {
        Future<String> asked = worker.submit(() -> bridge.ask((CompletableFuture<String> f) ->
                f.completeExceptionally(new KeyCeremonyException("the card is not the one expected"))));
        assertThatThrownBy(() -> asked.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(KeyCeremonyException.class)
                .hasMessageContaining("the card is not the one expected");
    }

    @Test
    void refusesToWaitOnTheUiThread() throws Exception {
        Future<Throwable> f = ui.submit(() -> {
            try {
                bridge.ask((CompletableFuture<String> x) -> x.complete("never"));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(f.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must never wait");
    }

    @Test
    void anInterruptedWorkerStopsWaiting() throws Exception {
        Future<Object> asked = worker.submit(() -> {
            Thread.currentThread().interrupt();
            try {
                bridge.ask((CompletableFuture<String> f) -> { });
                return "answered";
            } catch (KeyCeremonyException e) {
                return e.getMessage();
            }
        });
        assertThat(asked.get(5, TimeUnit.SECONDS)).isEqualTo("The ceremony was interrupted while waiting for an answer.");
    }
}
