package org.keyceremony.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

import javafx.beans.property.BooleanProperty;

/**
 * A small fluent front to {@link TaskRunner}:
 * {@code Tasks.create(work).busy(vm.busy).onSuccess(..).onError(..).runOn(runner)}.
 * While the work runs the {@code busy} property is true, which disables navigation.
 */
public final class Tasks<T> {
    private final Callable<T> work;
    private Consumer<T> onSuccess = r -> { };
    private Consumer<Throwable> onError = e -> { };
    private BooleanProperty busy;

    private Tasks(Callable<T> work) {
        this.work = work;
    }

    public static <T> Tasks<T> create(Callable<T> work) {
        return new Tasks<>(work);
    }

    public Tasks<T> onSuccess(Consumer<T> action) {
        this.onSuccess = action;
        return this;
    }

    public Tasks<T> onError(Consumer<Throwable> action) {
        this.onError = action;
        return this;
    }

    /** Sets {@code property} while the work runs (on the caller's thread, then in the callback). */
    public Tasks<T> busy(BooleanProperty property) {
        this.busy = property;
        return this;
    }

    public void runOn(TaskRunner runner) {
        if (busy != null) {
            busy.set(true);
        }
        runner.run(work, r -> {
            if (busy != null) {
                busy.set(false);
            }
            onSuccess.accept(r);
        }, e -> {
            if (busy != null) {
                busy.set(false);
            }
            onError.accept(e);
        });
    }
}
