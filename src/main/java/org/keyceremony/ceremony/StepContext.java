package org.keyceremony.ceremony;

import java.util.Map;

import org.keyceremony.script.Step;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;

/**
 * What an {@link ActionHandler} (or a {@link RollbackHandler}) gets for one step: the
 * step, the ceremony's state, the people (for PINs and typed values), and the way to
 * register a rollback in the log.
 */
public final class StepContext {
    /** Writes a {@code rollback-registered} event; implemented by the engine. */
    public interface RollbackRecorder {
        RegisteredRollback record(Step step, String kind, String description, Map<String, ?> params)
                throws KeyCeremonyException;

        /** Records what identifies the thing {@code r} names, now that it exists. */
        default void created(Step step, RegisteredRollback r, Map<String, ?> identity) throws KeyCeremonyException {
        }
    }

    private final Step step;
    private final CeremonyContext ceremony;
    private final Prompter prompter;
    private final RollbackRecorder rollbacks;
    private final java.util.function.Supplier<java.util.List<org.keyceremony.journal.Event>> log;

    StepContext(Step step, CeremonyContext ceremony, Prompter prompter, RollbackRecorder rollbacks,
                java.util.function.Supplier<java.util.List<org.keyceremony.journal.Event>> log) {
        this.step = step;
        this.ceremony = ceremony;
        this.prompter = prompter;
        this.rollbacks = rollbacks;
        this.log = log;
    }

    /** Every event of this ceremony's log so far (what the {@link SafetyInvariant} decides from). */
    public java.util.List<org.keyceremony.journal.Event> log() {
        return log.get();
    }

    /**
     * Why the {@link SafetyInvariant} forbids erasing the superseded share set {@code oldSetHex}
     * now, or empty once this ceremony's new set is proven.
     */
    public java.util.Optional<String> refusalToEraseOldSet(String oldSetHex) {
        return SafetyInvariant.refusalToEraseOldSet(log(), ceremony.script(), oldSetHex);
    }

    /**
     * The facts of the last time this step ended in this ceremony's log, before this run of it
     * (a step run again on resume, to re-establish what a crash lost, repeats what it did then).
     */
    public java.util.Optional<Map<String, Object>> earlierFacts() {
        java.util.List<org.keyceremony.journal.Event> events = log();
        for (int i = events.size() - 1; i >= 0; i--) {
            org.keyceremony.journal.Event e = events.get(i);
            if (e.is(org.keyceremony.journal.EventType.STEP_END) && e.step().equals(step.id()) && e.data().get("facts") instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> facts = (Map<String, Object>) m;
                return java.util.Optional.of(facts);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A context for running a handler outside the engine (handler tests, tools): registered
     * rollbacks are appended to {@code sink} (ids 1, 2, …) instead of being logged.
     */
    public static StepContext standalone(Step step, CeremonyContext ceremony, Prompter prompter,
                                         java.util.List<RegisteredRollback> sink) {
        return new StepContext(step, ceremony, prompter, new RollbackRecorder() {
            @Override
            public RegisteredRollback record(Step s, String kind, String description, Map<String, ?> params) {
                RegisteredRollback r = new RegisteredRollback(sink.size() + 1L, s.id(), kind, description,
                        org.keyceremony.journal.Json.copyOfObject(params));
                sink.add(r);
                return r;
            }

            @Override
            public void created(Step s, RegisteredRollback r, Map<String, ?> identity) {
                for (int i = 0; i < sink.size(); i++) {
                    if (sink.get(i).id() == r.id()) {
                        sink.set(i, sink.get(i).withCreated(identity));
                    }
                }
            }
        }, java.util.List::of);
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

    /** As {@link #pin(String)}, passing on what the token reports about its PIN (final try, locked). */
    public Pin pin(String holder, PinState state) throws KeyCeremonyException {
        return prompter.pin(step, holder, state);
    }

    /**
     * Asks the actor for a typed value described by {@code label}. What is typed goes into the log
     * and the transcript, so it obeys {@link org.keyceremony.script.TextRules} (no control or
     * bidirectional characters, at most 1,000 characters); anything else is refused unrecorded.
     */
    public String value(String label) throws KeyCeremonyException {
        return value(label, false);
    }

    /**
     * As {@link #value}, for a question where an empty answer means something the label says
     * ("empty: no more cards"): the wizard takes it at once and says so next to the field.
     */
    public String valueOrEmpty(String label) throws KeyCeremonyException {
        return value(label, true);
    }

    private String value(String label, boolean emptyAllowed) throws KeyCeremonyException {
        String v = prompter.value(step, label, emptyAllowed);
        java.util.Optional<String> problem = org.keyceremony.script.TextRules.line(v, 1000);
        if (problem.isPresent()) {
            throw new org.keyceremony.base.InvalidInputException("The value typed for \"" + label + "\" was not "
                    + "recorded: it " + problem.get() + ". Retry the step and type it again.");
        }
        return v;
    }

    /** One of the actors confirms this step in person ({@link Prompter#acknowledge}). */
    public Confirmation acknowledge(Participant who, int number, int of) throws KeyCeremonyException {
        return prompter.acknowledge(step, who, number, of);
    }

    /** Tells the people something (no answer). */
    public void notice(String message) {
        prompter.notice(message);
    }

    /**
     * A custodian's share is verified on their card and the card's session is closed: the front end
     * gives them the moment to take the card back (the wizard waits until they have).
     */
    public void shareVerified(ShareVerified verified) throws KeyCeremonyException {
        prompter.shareVerified(verified);
    }

    /** Tells the people's front end whose turn with a card it is (after the notice that asks for the card). */
    public void custodianTurn(int custodian, String card, CustodianTurn.Phase phase) {
        prompter.custodianTurn(new CustodianTurn(custodian, card, phase));
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

    /**
     * Records, right after it was made, what identifies the thing {@code registered} names beyond
     * its label (a key's SubjectPublicKeyInfo, a certificate's or share's SHA-256, a card's serial):
     * a removal then acts only on that very thing, not on something else that has its name.
     */
    public void recordCreated(RegisteredRollback registered, Map<String, ?> identity) throws KeyCeremonyException {
        rollbacks.created(step, registered, identity);
    }
}
