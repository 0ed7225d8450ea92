package org.keyceremony.cards;

import org.keyceremony.hsm.ReturnCode;
import org.keyceremony.hsm.TokenNotFoundException;

/**
 * The card asked for is not there, or is a token the ceremony uses as its HSM: nothing was read
 * or written. The message names the cards present; the custodian inserts their own and says which.
 * A {@link TokenNotFoundException}: whoever handled a missing card before (a rollback that finds the
 * card gone) handles it as before.
 */
public class CardNotPresentException extends TokenNotFoundException {
    private static final long serialVersionUID = 1L;

    public CardNotPresentException(String message) {
        super(message);
    }

    public CardNotPresentException(String message, ReturnCode returnCode, Throwable cause) {
        super(message, returnCode, cause);
    }
}
