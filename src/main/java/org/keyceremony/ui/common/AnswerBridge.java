package org.keyceremony.ui.common;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.keyceremony.base.KeyCeremonyException;

/**
 * Lets the engine's worker thread ask the people a question and wait for the answer, while
 * the FX thread stays free: {@link #ask} hands a fresh future to the UI side (on the UI
 * executor) and blocks the <em>worker</em> until the UI completes it. Asking from the UI
 * thread itself would freeze the window, so it is refused.
 */
public final class AnswerBridge {
    private final Executor ui;
    private final BooleanSupplier onUiThread;

    /**
     * @param ui         runs code on the UI thread ({@code Platform::runLater})
     * @param onUiThread true when called on the UI thread ({@code Platform::isFxApplicationThread})
     */
    public AnswerBridge(Executor ui, BooleanSupplier onUiThread) {
        this.ui = ui;
        this.onUiThread = onUiThread;
    }

    /**
     * Posts {@code question} to the UI with a future for its answer and waits for it. A
     * cancelled future (the people cancelled) or an interrupted wait throws
     * {@link KeyCeremonyException}: the engine then stops and the ceremony can be recovered.
     */
    public <T> T ask(Consumer<CompletableFuture<T>> question) throws KeyCeremonyException {
        if (onUiThread.getAsBoolean()) {
            throw new IllegalStateException("the UI thread must never wait for an answer; ask from a worker thread");
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        ui.execute(() -> question.accept(answer));
        try {
            return answer.get();
        } catch (CancellationException e) {
            throw new org.keyceremony.ceremony.StoppedAtTheTable(Messages.get("error.cancelled"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new org.keyceremony.ceremony.StoppedAtTheTable(Messages.get("error.interrupted"), e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof KeyCeremonyException k) {
                throw k;
            }
            throw new KeyCeremonyException(Messages.get("error.cancelled"), c);
        }
    }

    /** Runs {@code action} on the UI thread without waiting (a step began, a notice). */
    public void tell(Runnable action) {
        ui.execute(action);
    }
}
