package org.keyceremony.hsm;

/** The token is gone: not in its slot, removed, deleted or not recognised (CKR_TOKEN_NOT_PRESENT, CKR_DEVICE_REMOVED). */
public class TokenNotPresentException extends HsmException {
    private static final long serialVersionUID = 1L;

    public TokenNotPresentException(String message) {
        super(message);
    }

    public TokenNotPresentException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
