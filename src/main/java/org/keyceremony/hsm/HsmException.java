package org.keyceremony.hsm;

import java.util.Optional;
import org.keyceremony.base.KeyCeremonyException;

/**
 * A PKCS#11 operation failed. Subclasses say what kind of failure it was so that the
 * engine and the GUI can react (ask for the PIN again, ask for the card to be re-inserted,
 * stop the ceremony); the message says it to the person at the table. Messages name
 * tokens by label and serial only; they never carry a PIN or key material.
 */
public class HsmException extends KeyCeremonyException {
    private static final long serialVersionUID = 1L;

    private final transient ReturnCode returnCode;

    public HsmException(String message) {
        this(message, null, null);
    }

    public HsmException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, cause);
        this.returnCode = returnCode;
    }

    /** The PKCS#11 return code behind this failure, when the library reported one. */
    public Optional<ReturnCode> returnCode() {
        return Optional.ofNullable(returnCode);
    }
}
