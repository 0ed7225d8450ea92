package org.keyceremony.hsm;

/** The PKCS#11 session is no longer valid (CKR_SESSION_HANDLE_INVALID, CKR_SESSION_CLOSED, module re-initialised); open the token again and re-check its state. */
public class SessionLostException extends HsmException {
    private static final long serialVersionUID = 1L;

    public SessionLostException(String message) {
        super(message);
    }

    public SessionLostException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
