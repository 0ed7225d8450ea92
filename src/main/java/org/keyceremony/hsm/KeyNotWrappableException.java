package org.keyceremony.hsm;

/** The key may not leave the token, not even wrapped (CKR_KEY_UNEXTRACTABLE, CKR_KEY_NOT_WRAPPABLE). */
public class KeyNotWrappableException extends HsmException {
    private static final long serialVersionUID = 1L;

    public KeyNotWrappableException(String message) {
        super(message);
    }

    public KeyNotWrappableException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
