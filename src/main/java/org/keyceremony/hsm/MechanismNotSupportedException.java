package org.keyceremony.hsm;

/** The token does not offer a mechanism or parameter we need (CKR_MECHANISM_INVALID, CKR_FUNCTION_NOT_SUPPORTED). */
public class MechanismNotSupportedException extends HsmException {
    private static final long serialVersionUID = 1L;

    public MechanismNotSupportedException(String message) {
        super(message);
    }

    public MechanismNotSupportedException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
