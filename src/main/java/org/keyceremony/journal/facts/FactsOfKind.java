package org.keyceremony.journal.facts;

import org.keyceremony.base.KindModule;

/**
 * What the journal needs of an action kind that lives in a package of its own: the record its
 * {@code step-end} facts are written as and read back into ({@link FactsCodec}, strictly).
 */
public interface FactsOfKind extends KindModule {

    /** A record implementing {@link StepFacts}; its components follow {@link FactsCodec}'s rules. */
    Class<? extends StepFacts> factsType();
}
