package org.keyceremony.hsm;

/** The token did not accept the PIN (CKR_PIN_INCORRECT, CKR_PIN_INVALID); the custodian may type it again. */
public class PinIncorrectException extends HsmException {
    private static final long serialVersionUID = 1L;

    public PinIncorrectException(String message) {
        super(message);
    }

    public PinIncorrectException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
