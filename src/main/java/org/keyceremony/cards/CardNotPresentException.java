package org.keyceremony.cards;

import org.keyceremony.hsm.HsmException;

/**
 * The card asked for is not there, or is a token the ceremony uses as its HSM: nothing was read
 * or written. The message names the cards present; the custodian inserts their own and says which.
 */
public class CardNotPresentException extends HsmException {
    private static final long serialVersionUID = 1L;

    public CardNotPresentException(String message) {
        super(message);
    }
}
