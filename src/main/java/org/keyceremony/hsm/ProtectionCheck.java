package org.keyceremony.hsm;

/**
 * One property of a token's key policy, tried on throw-away session objects: whether the token
 * enforced it, and what it answered.
 *
 * @param property what the design relies on, in words (e.g. "an untrusted key cannot wrap a key
 *                 marked CKA_WRAP_WITH_TRUSTED")
 * @param held     the token enforced it
 * @param observed what the token answered (a CKR_ name, or the attribute read back)
 */
public record ProtectionCheck(String property, boolean held, String observed) {
    /** E.g. {@code held: an untrusted key cannot wrap ... (CKR_KEY_NOT_WRAPPABLE)}. */
    public String describe() {
        return (held ? "held: " : "NOT HELD: ") + property + " (" + observed + ")";
    }
}
