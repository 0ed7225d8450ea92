package org.keyceremony.hsm;

/** The token or its library failed without a more precise reason (CKR_GENERAL_ERROR, CKR_DEVICE_ERROR, CKR_FUNCTION_FAILED, unknown codes). */
public class DeviceErrorException extends HsmException {
    private static final long serialVersionUID = 1L;

    public DeviceErrorException(String message) {
        super(message);
    }

    public DeviceErrorException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
