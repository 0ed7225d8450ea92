package org.keyceremony.hsm;

/** The PIN is too short or too long for this token (CKR_PIN_LEN_RANGE). */
public class PinLengthException extends HsmException {
    private static final long serialVersionUID = 1L;

    public PinLengthException(String message) {
        super(message);
    }

    public PinLengthException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
