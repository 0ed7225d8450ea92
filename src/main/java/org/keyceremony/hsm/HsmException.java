package org.keyceremony.hsm;

import java.util.Optional;
import org.keyceremony.base.KeyCeremonyException;

/**
 * A PKCS#11 operation failed. The message says what happened and what to do to the person
 * at the table; {@link #returnCode()} carries the library's CKR code when there was one
 * ({@link Pkcs11Failures} is the one place that maps codes to messages). Only failures that
 * a caller catches by type have a subclass: {@link SessionLostException},
 * {@link TokenNotFoundException} and {@link KeyCheckFailedException}. Messages name tokens
 * by label and serial only; they never carry a PIN or key material.
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

    /**
     * The PKCS#11 detail for a line of its own under the message, e.g.
     * {@code PKCS#11 return code: CKR_PIN_INCORRECT (0xa0)}; empty without a known code.
     */
    public Optional<String> detail() {
        return returnCode().map(c -> "PKCS#11 return code: " + ReturnCode.describe(c.value()));
    }

    /** The PKCS#11 return code behind this failure, when the library reported one. */
    public Optional<ReturnCode> returnCode() {
        return Optional.ofNullable(returnCode);
    }
}
