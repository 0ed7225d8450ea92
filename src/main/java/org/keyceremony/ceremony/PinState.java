package org.keyceremony.ceremony;

import org.keyceremony.hsm.TokenFlags;

/**
 * What the token says about its user PIN before anyone types it (CK_TOKEN_INFO flags), so the
 * person at the keyboard is warned before a final try, not after a lockout. {@link #UNKNOWN}
 * when the token was not asked (e.g. a card before it is opened).
 */
public enum PinState {
    UNKNOWN, OK, COUNT_LOW, FINAL_TRY, LOCKED;

    /** The most serious state the flags report for the security officer's PIN. */
    public static PinState ofSecurityOfficer(TokenFlags flags) {
        if (flags.soPinLocked()) {
            return LOCKED;
        }
        if (flags.soPinFinalTry()) {
            return FINAL_TRY;
        }
        if (flags.soPinCountLow()) {
            return COUNT_LOW;
        }
        return OK;
    }

    /** The most serious state the flags report for the user PIN. */
    public static PinState of(TokenFlags flags) {
        if (flags.userPinLocked()) {
            return LOCKED;
        }
        if (flags.userPinFinalTry()) {
            return FINAL_TRY;
        }
        if (flags.userPinCountLow()) {
            return COUNT_LOW;
        }
        return OK;
    }
}
