package org.keyceremony.hsm;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_LOGIN_REQUIRED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_TOKEN_INITIALIZED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_COUNT_LOW;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_FINAL_TRY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_INITIALIZED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_LOCKED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_WRITE_PROTECTED;

import java.util.ArrayList;
import java.util.List;

/** The token flags (CK_TOKEN_INFO.flags) that matter at a ceremony table. */
public record TokenFlags(long raw, boolean initialized, boolean loginRequired, boolean userPinInitialized,
        boolean userPinCountLow, boolean userPinFinalTry, boolean userPinLocked, boolean writeProtected) {

    public static TokenFlags of(long raw) {
        return new TokenFlags(raw, (raw & CKF_TOKEN_INITIALIZED) != 0, (raw & CKF_LOGIN_REQUIRED) != 0,
                (raw & CKF_USER_PIN_INITIALIZED) != 0, (raw & CKF_USER_PIN_COUNT_LOW) != 0,
                (raw & CKF_USER_PIN_FINAL_TRY) != 0, (raw & CKF_USER_PIN_LOCKED) != 0,
                (raw & CKF_WRITE_PROTECTED) != 0);
    }

    /** E.g. {@code initialised, login required, user PIN set}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(initialized ? "initialised" : "NOT initialised");
        if (loginRequired) {
            parts.add("login required");
        }
        parts.add(userPinInitialized ? "user PIN set" : "user PIN NOT set");
        if (userPinCountLow) {
            parts.add("PIN count low");
        }
        if (userPinFinalTry) {
            parts.add("PIN final try");
        }
        if (userPinLocked) {
            parts.add("PIN LOCKED");
        }
        if (writeProtected) {
            parts.add("write-protected");
        }
        return String.join(", ", parts);
    }
}
