package org.keyceremony.hsm;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_LOGIN_REQUIRED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_SO_PIN_COUNT_LOW;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_SO_PIN_FINAL_TRY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_SO_PIN_LOCKED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_TOKEN_INITIALIZED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_COUNT_LOW;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_FINAL_TRY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_INITIALIZED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_LOCKED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_WRITE_PROTECTED;

import java.util.ArrayList;
import java.util.List;

/**
 * The token flags (CK_TOKEN_INFO.flags) that matter at a ceremony table: the user PIN's and,
 * for the steps that need the security officer, the SO PIN's counters.
 */
public record TokenFlags(long raw, boolean initialized, boolean loginRequired, boolean userPinInitialized,
        boolean userPinCountLow, boolean userPinFinalTry, boolean userPinLocked, boolean writeProtected) {

    public static TokenFlags of(long raw) {
        return new TokenFlags(raw, (raw & CKF_TOKEN_INITIALIZED) != 0, (raw & CKF_LOGIN_REQUIRED) != 0,
                (raw & CKF_USER_PIN_INITIALIZED) != 0, (raw & CKF_USER_PIN_COUNT_LOW) != 0,
                (raw & CKF_USER_PIN_FINAL_TRY) != 0, (raw & CKF_USER_PIN_LOCKED) != 0,
                (raw & CKF_WRITE_PROTECTED) != 0);
    }

    /** The SO PIN is locked: no security-officer login is possible until the vendor's procedure unlocks it. */
    public boolean soPinLocked() {
        return (raw & CKF_SO_PIN_LOCKED) != 0;
    }

    /** The next wrong SO PIN locks it. */
    public boolean soPinFinalTry() {
        return (raw & CKF_SO_PIN_FINAL_TRY) != 0;
    }

    /** A wrong SO PIN was typed since the last good one. */
    public boolean soPinCountLow() {
        return (raw & CKF_SO_PIN_COUNT_LOW) != 0;
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
        if (soPinCountLow()) {
            parts.add("SO PIN count low");
        }
        if (soPinFinalTry()) {
            parts.add("SO PIN final try");
        }
        if (soPinLocked()) {
            parts.add("SO PIN LOCKED");
        }
        if (writeProtected) {
            parts.add("write-protected");
        }
        return String.join(", ", parts);
    }
}
