package org.keyceremony.hsm;

/** A PKCS#11 library could not be found, loaded or initialised. */
public class ModuleLoadException extends HsmException {
    private static final long serialVersionUID = 1L;

    public ModuleLoadException(String message) {
        super(message);
    }

    public ModuleLoadException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
