package org.keyceremony.hsm;

/** The operation needs a login first (CKR_USER_NOT_LOGGED_IN). */
public class NotLoggedInException extends HsmException {
    private static final long serialVersionUID = 1L;

    public NotLoggedInException(String message) {
        super(message);
    }

    public NotLoggedInException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
