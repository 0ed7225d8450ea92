package org.keyceremony.ceremony;

import java.util.Map;

import org.keyceremony.script.Step;
import org.keyceremony.secret.KeyCeremonyException;
import org.keyceremony.secret.Pin;

/**
 * What an {@link ActionHandler} (or a {@link RollbackHandler}) gets for one step: the
 * step, the ceremony's state, the people (for PINs and typed values), and the way to
 * register a rollback in the log.
 */
public final class StepContext {
    /** Writes a {@code rollback-registered} event; implemented by the engine. */
    interface RollbackRecorder {
        RegisteredRollback record(Step step, String kind, String description, Map<String, ?> params)
                throws KeyCeremonyException;
    }

    private final Step step;
    private final CeremonyContext ceremony;
    private final Prompter prompter;
    private final RollbackRecorder rollbacks;

    StepContext(Step step, CeremonyContext ceremony, Prompter prompter, RollbackRecorder rollbacks) {
        this.step = step;
        this.ceremony = ceremony;
        this.prompter = prompter;
        this.rollbacks = rollbacks;
    }

    /**
     * A context for running a handler outside the engine (handler tests, tools): registered
     * rollbacks are appended to {@code sink} (ids 1, 2, …) instead of being logged.
     */
    public static StepContext standalone(Step step, CeremonyContext ceremony, Prompter prompter,
                                         java.util.List<RegisteredRollback> sink) {
        return new StepContext(step, ceremony, prompter, (s, kind, description, params) -> {
            RegisteredRollback r = new RegisteredRollback(sink.size() + 1L, s.id(), kind, description,
                    org.keyceremony.transcript.Json.copyOfObject(params));
            sink.add(r);
            return r;
        });
    }

    public Step step() {
        return step;
    }

    public CeremonyContext ceremony() {
        return ceremony;
    }

    /** Asks for the PIN of {@code holder} ({@code hsm}, {@code card-2}, …); close it in {@code finally}. */
    public Pin pin(String holder) throws KeyCeremonyException {
        return prompter.pin(step, holder);
    }

    /** Asks the actor for a typed value described by {@code label}. */
    public String value(String label) throws KeyCeremonyException {
        return prompter.value(step, label);
    }

    /** Tells the people something (no answer). */
    public void notice(String message) {
        prompter.notice(message);
    }

    /**
     * Records, before creating it, something this step is about to create and how to remove
     * it: {@code kind} names a {@link RollbackHandler}, {@code params} are facts (never secrets)
     * enough to find it again after a crash. Written to the log at once.
     */
    public RegisteredRollback registerRollback(String kind, String description, Map<String, ?> params)
            throws KeyCeremonyException {
        return rollbacks.record(step, kind, description, params);
    }
}
