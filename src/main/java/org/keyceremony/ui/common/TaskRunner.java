package org.keyceremony.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs background work for view-models: {@link FxTaskRunner} off the FX thread with the
 * callbacks back on it, {@link #sameThread()} inline so that view-models are tested
 * without a UI and without sleeps.
 */
public interface TaskRunner {

    /** Runs {@code work}; exactly one of {@code onSuccess} / {@code onError} is called afterwards. */
    <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError);

    /** Runs the work and its callback at once, on the calling thread (tests). */
    static TaskRunner sameThread() {
        return new TaskRunner() {
            @Override
            public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
                T result;
                try {
                    result = work.call();
                } catch (Exception | Error e) {
                    onError.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }
        };
    }
}
