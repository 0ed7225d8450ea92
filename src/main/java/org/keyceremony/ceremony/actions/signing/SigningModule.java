package org.keyceremony.ceremony.actions.signing;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.keyceremony.ceremony.actions.ActionModule;
import org.keyceremony.journal.facts.StepFacts;
import org.keyceremony.script.Action;
import org.keyceremony.script.ActionKind;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.transcript.PagesOfKind;

/**
 * What every signing kind holds the same way: its declaration, the ceremony kinds that may use it
 * and its facts record, given once to the constructor; the pages and the verifier's questions are
 * asked with the facts already of the kind's record.
 */
abstract class SigningModule<A extends Action.Extension, F extends Record & StepFacts> implements ActionModule {
    private final ActionKind<A> kind;
    private final Class<F> facts;
    private final Set<CeremonyKind> usedIn;

    SigningModule(ActionKind<A> kind, Class<F> facts, CeremonyKind first, CeremonyKind... more) {
        this.kind = kind;
        this.facts = facts;
        this.usedIn = java.util.EnumSet.of(first, more);
    }

    @Override
    public final ActionKind<A> declaration() {
        return kind;
    }

    @Override
    public final Set<CeremonyKind> usedIn() {
        return Set.copyOf(usedIn);
    }

    @Override
    public final Class<F> factsType() {
        return facts;
    }

    @Override
    public final void derive(StepFacts stepFacts, PagesOfKind.Pages pages) {
        pages(facts.cast(stepFacts), pages);
    }

    /** What these facts put on the transcript's pages. */
    abstract void pages(F facts, PagesOfKind.Pages pages);

    @Override
    public final List<String> problems(StepFacts stepFacts, X509Certificate root) {
        return issued(facts.cast(stepFacts), root);
    }

    /** What ceremony verify finds wrong with what these facts record (nothing, unless the kind issues something). */
    List<String> issued(F facts, X509Certificate root) {
        return List.of();
    }
}
