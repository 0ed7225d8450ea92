package org.keyceremony.hsm;

/** A freshly generated, unwrapped or stored object did not pass its check (signature, read-back); it has been removed. */
public class KeyCheckFailedException extends HsmException {
    private static final long serialVersionUID = 1L;

    public KeyCheckFailedException(String message) {
        super(message);
    }

    public KeyCheckFailedException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
