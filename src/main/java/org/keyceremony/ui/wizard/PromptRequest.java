package org.keyceremony.ui.wizard;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Confirmation;
import org.keyceremony.ceremony.FailureDecision;
import org.keyceremony.ceremony.PinState;
import org.keyceremony.ceremony.RecoveryChoice;
import org.keyceremony.ceremony.RecoveryPlan;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.secret.Pin;

/**
 * A question the engine's worker thread is waiting on, as the wizard shows it: one kind per
 * {@link org.keyceremony.ceremony.Prompter} method that needs an answer. Completing
 * {@link #answer()} lets the engine go on; cancelling it stops the ceremony (recoverable).
 */
public sealed interface PromptRequest {

    CompletableFuture<?> answer();

    /** Gives up on the question; the engine stops with "cancelled". */
    default void cancel() {
        answer().cancel(false);
    }

    /** Participants, place and time zone, before the first event. */
    record Setup(CeremonyScript script, boolean rehearsal, CompletableFuture<CeremonySetup> answer) implements PromptRequest {
    }

    /**
     * A custodian's share is verified on their card: the wizard waits until the card is back in
     * their hands (Next), so that the next custodian is not called over it.
     */
    record CardBack(org.keyceremony.ceremony.ShareVerified verified, CompletableFuture<Boolean> answer)
            implements PromptRequest {
    }

    /** One of the step's actors confirms it in person, with their own initials ({@code manual: {each: true}}). */
    record Acknowledge(Step step, org.keyceremony.ceremony.Participant who, int number, int of,
                       CompletableFuture<Confirmation> answer) implements PromptRequest {
    }

    /** The step succeeded: the confirmer's initials. */
    record Confirm(Step step, Map<String, Object> facts, CompletableFuture<Confirmation> answer) implements PromptRequest {
    }

    /** A value typed by the actor (a bag serial, a time source). */
    record Value(Step step, String label, boolean emptyAllowed, CompletableFuture<String> answer)
            implements PromptRequest {
        /** A question that needs an answer. */
        Value(Step step, String label, CompletableFuture<String> answer) {
            this(step, label, false, answer);
        }
    }

    /**
     * The PIN of {@code holder} ({@code hsm} or a card label).
     *
     * @param prompt who types it and what to do first, e.g. "Custodian 3 — Cleo: insert your card (card-3)"
     * @param state  what the token reports about its PIN (final try, locked), or UNKNOWN
     */
    record PinEntry(Step step, String holder, String prompt, PinState state, CompletableFuture<Pin> answer)
            implements PromptRequest {
    }

    /** The step failed: retry or abort, with the exception record. */
    record Failure(Step step, String error, int attempt, CompletableFuture<FailureDecision> answer) implements PromptRequest {
    }

    /** An abort is about to remove these things: go ahead? */
    record Rollback(List<RegisteredRollback> removals, CompletableFuture<Boolean> answer) implements PromptRequest {
    }

    /** An interrupted ceremony: resume or abort? */
    record Recovery(RecoveryPlan plan, CompletableFuture<RecoveryChoice> answer) implements PromptRequest {
    }
}
