package org.keyceremony.hsm;

import java.util.List;

/**
 * What {@link HsmToken#proveKeyProtection} found: every property tried, on throw-away session
 * objects of the given kind, before any key that matters exists.
 *
 * @param probeKey  the kind of throw-away key pair tried (e.g. {@code EC P-384})
 * @param mechanisms the wrap mechanisms the token lists and that were tried
 * @param checks    each property and whether the token enforced it
 */
public record KeyProtectionProof(String probeKey, List<String> mechanisms, List<ProtectionCheck> checks) {
    public KeyProtectionProof {
        mechanisms = List.copyOf(mechanisms);
        checks = List.copyOf(checks);
    }

    /** True when the token enforced every property. */
    public boolean allHeld() {
        return checks.stream().allMatch(ProtectionCheck::held);
    }

    /** The properties the token did not enforce. */
    public List<ProtectionCheck> failures() {
        return checks.stream().filter(c -> !c.held()).toList();
    }
}
