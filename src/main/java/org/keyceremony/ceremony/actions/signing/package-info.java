/**
 * The signing ceremonies of a living root: the root key, already in the HSM, signs what the
 * script says. One {@link org.keyceremony.ceremony.actions.ActionModule} per action kind
 * ({@code load-issuer}, {@code prepare-crl}, {@code sign-crl}): declaration, facts, transcript
 * derivation and handler together. docs/architecture.md, "How to add an action kind".
 */
package org.keyceremony.ceremony.actions.signing;
