package org.keyceremony.ceremony;

import org.keyceremony.script.Action;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.facts.StepFacts;

/**
 * Carries out one kind of {@link Action}. Handlers are registered in an {@link ActionRegistry};
 * the engine checks before the first event that every action of a script has one.
 *
 * <p>Contract:
 * <ul>
 *   <li>Return facts only, as the record of the action kind ({@link org.keyceremony.journal.facts.ActionFacts});
 *       never a secret. They go into the {@code step-end} event and the transcript.</li>
 *   <li>Before creating anything that outlives the process (an HSM object, a card share,
 *       a file), call {@link StepContext#registerRollback} so that an abort, or a crash
 *       right after the creation, can remove it.</li>
 *   <li>Keep memory-only secrets (KWK, shares) in {@link CeremonyContext#keepInMemory}, as
 *       declared for the action kind in {@link ActionTraits}.</li>
 *   <li>Fail with a {@link KeyCeremonyException} whose message says what failed and what to
 *       do; the engine records it and lets the people retry or abort.</li>
 * </ul>
 */
public interface ActionHandler<A extends Action> {

    /** The action record this handler carries out. */
    Class<A> actionType();

    /** Performs the action for the step in {@code context}; returns the facts it established. */
    StepFacts perform(A action, StepContext context) throws KeyCeremonyException;
}
