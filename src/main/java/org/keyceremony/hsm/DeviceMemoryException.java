package org.keyceremony.hsm;

/** The token (or host) ran out of memory (CKR_DEVICE_MEMORY, CKR_HOST_MEMORY). */
public class DeviceMemoryException extends HsmException {
    private static final long serialVersionUID = 1L;

    public DeviceMemoryException(String message) {
        super(message);
    }

    public DeviceMemoryException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
