package org.keyceremony.hsm;

import java.util.OptionalLong;
import sun.security.pkcs11.wrapper.PKCS11Constants;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * Turns a failure of the PKCS#11 layer into an {@link HsmException} that carries the CKR
 * code and a message a custodian or administrator can act on; this is the one place that
 * maps codes to messages. Only a lost session gets a type of its own
 * ({@link SessionLostException}), because callers catch it to reopen the token. The return
 * code is searched along the whole cause chain: SunPKCS11 and JCA bury
 * {@code CKR_PIN_INCORRECT} several levels deep.
 */
final class Pkcs11Failures {
    private Pkcs11Failures() {
    }

    /** The first PKCS#11 return code in {@code failure}'s cause chain, if any. */
    static OptionalLong returnCodeIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PKCS11Exception) {
                return OptionalLong.of(((PKCS11Exception) t).getErrorCode());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return OptionalLong.empty();
    }

    /**
     * @param failure what the library threw
     * @param attempted what we tried, phrased to follow "Could not", e.g.
     *        {@code "log in to token 'card-1' (serial 1234)"}
     * @param tokenFlags the token's CK_TOKEN_INFO flags read after the failure (PIN
     *        counters), or {@code null} when unknown
     */
    static HsmException translate(Throwable failure, String attempted, Long tokenFlags) {
        return translate(failure, attempted, tokenFlags, PinHolder.UNNAMED);
    }

    /**
     * As {@link #translate(Throwable, String, Long)} for a login: a refused PIN names who types it
     * ({@code holder}) and which PIN it is, and its sentence carries no PKCS#11 code (the
     * exception's {@link HsmException#detail()} does).
     */
    static HsmException translate(Throwable failure, String attempted, Long tokenFlags, PinHolder holder) {
        if (failure instanceof HsmException) {
            return (HsmException) failure;
        }
        OptionalLong found = returnCodeIn(failure);
        if (found.isEmpty()) {
            return new HsmException("Could not " + attempted + ": the PKCS#11 layer failed ("
                    + failure.getClass().getSimpleName() + "). Check that the token is still connected and try again.",
                    null, failure);
        }
        long value = found.getAsLong();
        ReturnCode code = ReturnCode.of(value).orElse(null);
        String head = "Could not " + attempted + ": ";
        String tail = " [" + ReturnCode.describe(value) + "]";
        if (code == null) {
            return new HsmException(head + "the token reported an error this program does not know. "
                    + "Check the token and its library, then try again." + tail, null, failure);
        }
        switch (code) {
            case PIN_INCORRECT:
            case PIN_INVALID:
                if (tokenFlags != null && (tokenFlags & PKCS11Constants.CKF_USER_PIN_LOCKED) != 0) {
                    return new HsmException(head + holder.pinName() + " was not accepted and is now locked. "
                            + "No further tries are possible; the security officer must unlock or replace the token.",
                            code, failure);
                }
                return new HsmException(head + holder.pinName() + " was not accepted; " + triesLeft(tokenFlags)
                        + ". Ask " + holder.who() + " to type it again, slowly.", code, failure);
            case PIN_LOCKED:
            case PIN_EXPIRED:
                return new HsmException(head + holder.pinName() + " is locked (or expired) and no further tries are "
                        + "possible. The security officer must unlock or replace the token.", code, failure);
            case PIN_LEN_RANGE:
                return new HsmException(head + holder.pinName() + " is shorter or longer than this token allows. "
                        + "Ask " + holder.who() + " to check it and type it again.", code, failure);
            case TOKEN_NOT_PRESENT:
            case DEVICE_REMOVED:
            case TOKEN_NOT_RECOGNIZED:
            case SLOT_ID_INVALID:
                return new HsmException(head + "the token is no longer present. "
                        + "Re-insert it (or reconnect the HSM) and repeat the step; nothing was completed." + tail,
                        code, failure);
            case SESSION_HANDLE_INVALID:
            case SESSION_CLOSED:
            case CRYPTOKI_NOT_INITIALIZED:
                return new SessionLostException(head + "the session with the token was lost. "
                        + "Open the token again and check its state before repeating the step." + tail, code, failure);
            case USER_ALREADY_LOGGED_IN:
                return new HsmException(head + "someone is already logged in to this token. "
                        + "Log out (or close the other session) before logging in again." + tail, code, failure);
            case USER_NOT_LOGGED_IN:
                return new HsmException(head + "this needs a login with the user PIN first." + tail, code, failure);
            case KEY_UNEXTRACTABLE:
            case KEY_NOT_WRAPPABLE:
                return new HsmException(head + "the token does not allow this key to leave it, "
                        + "not even wrapped (it was created non-extractable). A backup of this key is impossible; "
                        + "generate a new key with backup enabled if one is needed." + tail, code, failure);
            case WRAPPED_KEY_INVALID:
            case WRAPPED_KEY_LEN_RANGE:
            case ENCRYPTED_DATA_INVALID:
            case ENCRYPTED_DATA_LEN_RANGE:
            case UNWRAPPING_KEY_SIZE_RANGE:
            case UNWRAPPING_KEY_TYPE_INCONSISTENT:
                return new HsmException(head + "the wrapped key does not open under this key-wrapping key. "
                        + "The shares may belong to another backup, or the backup file is damaged." + tail, code, failure);
            case MECHANISM_INVALID:
            case MECHANISM_PARAM_INVALID:
            case FUNCTION_NOT_SUPPORTED:
            case KEY_SIZE_RANGE:
                return new HsmException(head + "the token does not support the mechanism or key size "
                        + "this step needs. Check the token model against the ceremony script." + tail, code, failure);
            case DEVICE_MEMORY:
            case HOST_MEMORY:
                return new HsmException(head + "the token (or this computer) is out of memory. "
                        + "Free space on the token or use another one, then repeat the step." + tail, code, failure);
            case TOKEN_WRITE_PROTECTED:
            case SESSION_READ_ONLY:
                return new HsmException(head + "the token is write-protected. Use a writable token." + tail,
                        code, failure);
            default:
                return new HsmException(head + "the token reported a failure. Check that it is connected "
                        + "and working, then repeat the step; if it happens again, stop and record an exception." + tail,
                        code, failure);
        }
    }

    private static String triesLeft(Long flags) {
        if (flags == null) {
            return "further tries may remain (the token does not say how many)";
        }
        if ((flags & PKCS11Constants.CKF_USER_PIN_FINAL_TRY) != 0) {
            return "only ONE try remains before the PIN locks";
        }
        if ((flags & PKCS11Constants.CKF_USER_PIN_COUNT_LOW) != 0) {
            return "few tries remain before the PIN locks";
        }
        return "further tries remain (the token does not say how many)";
    }
}
