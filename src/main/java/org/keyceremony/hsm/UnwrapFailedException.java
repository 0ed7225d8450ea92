package org.keyceremony.hsm;

/** A wrapped key did not open under the given key-wrapping key (CKR_WRAPPED_KEY_INVALID and kin): wrong KWK or a damaged backup. */
public class UnwrapFailedException extends HsmException {
    private static final long serialVersionUID = 1L;

    public UnwrapFailedException(String message) {
        super(message);
    }

    public UnwrapFailedException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
