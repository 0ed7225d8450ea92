package org.keyceremony.hsm;

/** Someone is already logged in to this token in this process (CKR_USER_ALREADY_LOGGED_IN). */
public class AlreadyLoggedInException extends HsmException {
    private static final long serialVersionUID = 1L;

    public AlreadyLoggedInException(String message) {
        super(message);
    }

    public AlreadyLoggedInException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
