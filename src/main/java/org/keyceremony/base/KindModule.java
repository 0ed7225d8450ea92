package org.keyceremony.base;

/**
 * One action kind that lives in a package of its own, everything about it in one place: a class
 * that implements {@code org.keyceremony.ceremony.actions.ActionModule} (its declaration, facts
 * record, transcript derivation and handler), listed in
 * {@code META-INF/services/org.keyceremony.base.KindModule}. Each layer sees the modules through
 * its own narrower interface ({@link KindModules#all(Class)}), so no layer imports the one above
 * it. docs/architecture.md, "How to add an action kind".
 */
public interface KindModule {

    /** The kind's YAML name ({@code sign-crl}), also the {@code action} of its events. */
    String name();
}
