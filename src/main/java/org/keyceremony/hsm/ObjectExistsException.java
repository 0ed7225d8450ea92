package org.keyceremony.hsm;

/** An object with this label or ID already exists on the token: refused rather than overwritten. */
public class ObjectExistsException extends HsmException {
    private static final long serialVersionUID = 1L;

    public ObjectExistsException(String message) {
        super(message);
    }

    public ObjectExistsException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
