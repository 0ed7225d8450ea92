package org.keyceremony.hsm;

/** The PIN is locked (CKR_PIN_LOCKED) or expired: no further tries; the security officer must unlock it. */
public class PinLockedException extends HsmException {
    private static final long serialVersionUID = 1L;

    public PinLockedException(String message) {
        super(message);
    }

    public PinLockedException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
