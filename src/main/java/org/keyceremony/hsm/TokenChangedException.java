package org.keyceremony.hsm;

/** The slot now holds a different token than the one opened (its serial changed): a card or HSM was swapped. */
public class TokenChangedException extends HsmException {
    private static final long serialVersionUID = 1L;

    public TokenChangedException(String message) {
        super(message);
    }

    public TokenChangedException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
