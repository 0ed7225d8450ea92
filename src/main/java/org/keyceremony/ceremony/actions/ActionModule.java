package org.keyceremony.ceremony.actions;

import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.journal.facts.FactsOfKind;
import org.keyceremony.script.Action;
import org.keyceremony.script.DeclaredKind;
import org.keyceremony.transcript.PagesOfKind;

/**
 * One action kind, whole, in the package of its flow: what the script reader, order rules, room
 * needs and wizard use ({@link DeclaredKind}), the record of its facts ({@link FactsOfKind}), how
 * they appear on the transcript ({@link PagesOfKind}) and the handler that carries it out. The
 * compiler holds the parts together; the class is listed in
 * {@code META-INF/services/org.keyceremony.base.KindModule}, and {@link RootCeremonyActions}
 * registers its handler. docs/architecture.md, "How to add an action kind".
 */
public interface ActionModule extends DeclaredKind, FactsOfKind, PagesOfKind {

    /** The handler, over the HSM, cards and media of {@code env}. */
    ActionHandler<? extends Action.Extension> handler(CeremonyEnvironment env);
}
