package org.keyceremony.hsm;

/** More than one token carries the requested label; open it by serial instead. */
public class AmbiguousTokenException extends HsmException {
    private static final long serialVersionUID = 1L;

    public AmbiguousTokenException(String message) {
        super(message);
    }

    public AmbiguousTokenException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
