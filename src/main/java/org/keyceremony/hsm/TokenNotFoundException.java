package org.keyceremony.hsm;

/** No token with the requested label or serial is present. */
public class TokenNotFoundException extends HsmException {
    private static final long serialVersionUID = 1L;

    public TokenNotFoundException(String message) {
        super(message);
    }

    public TokenNotFoundException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
