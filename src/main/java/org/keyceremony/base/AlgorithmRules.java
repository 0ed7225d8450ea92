package org.keyceremony.base;

import java.util.List;
import java.util.Set;

/**
 * The key sizes, curves and digests a ceremony may use, in one place: the script validation
 * refuses a policy outside them before anything opens, and the transcript verifier refuses a
 * signature or certificate outside them, so a transcript can never rest on an algorithm the
 * ceremony itself would not have been allowed to use.
 */
public final class AlgorithmRules {
    /** RSA modulus sizes a root key may have (2048 is below a root key's strength). */
    public static final Set<Integer> RSA_BITS = Set.of(3072, 4096);
    /** EC curves, by their NIST names, in the order of {@link #DIGESTS}. */
    public static final List<String> CURVES = List.of("P-256", "P-384", "P-521");
    /** Digests a signature may use: SHA-2 only, never SHA-1 or MD5. */
    public static final List<String> DIGESTS = List.of("SHA-256", "SHA-384", "SHA-512");

    private AlgorithmRules() {
    }
}
