package org.keyceremony.script;

import java.util.Set;

import org.keyceremony.base.KindModule;

/**
 * What the script layer needs of an action kind that lives in a package of its own: its
 * declaration (YAML name, record, syntax, order rules, token, room needs, panel, traits) and the
 * ceremony kinds whose scripts may use it. Its record implements {@link Action.Extension}.
 */
public interface DeclaredKind extends KindModule {

    ActionKind<? extends Action.Extension> declaration();

    /** The ceremony kinds whose scripts may use this action (a kind used by none is refused everywhere). */
    Set<CeremonyKind> usedIn();

    @Override
    default String name() {
        return declaration().name();
    }
}
