package org.keyceremony.ceremony.actions;

import java.util.ArrayList;
import java.util.List;

import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.base.KindModules;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.journal.facts.FactsOfKind;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
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

    /**
     * What in {@code action} (a step of this kind in {@code script}) refuses the script before the
     * ceremony starts: the kind's own rules that need neither the HSM nor anything brought on the
     * day. Empty: nothing.
     */
    default List<String> beforeStart(Action.Extension action, CeremonyScript script) throws KeyCeremonyException {
        return List.of();
    }

    /** Every step's {@link #beforeStart} refusal in {@code script}, as "step ID (kind): problem". */
    static List<String> refusals(CeremonyScript script) throws KeyCeremonyException {
        List<String> out = new ArrayList<>();
        for (Step step : script.steps()) {
            if (!(step.action() instanceof Action.Extension a)) {
                continue;
            }
            for (ActionModule m : KindModules.all(ActionModule.class)) {
                if (m.name().equals(a.kind())) {
                    for (String problem : m.beforeStart(a, script)) {
                        out.add("step " + step.id() + " (" + a.kind() + "): " + problem);
                    }
                }
            }
        }
        return out;
    }
}
