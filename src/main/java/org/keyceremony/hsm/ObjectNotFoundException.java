package org.keyceremony.hsm;

/** No object with the requested label or ID exists on the token. */
public class ObjectNotFoundException extends HsmException {
    private static final long serialVersionUID = 1L;

    public ObjectNotFoundException(String message) {
        super(message);
    }

    public ObjectNotFoundException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
