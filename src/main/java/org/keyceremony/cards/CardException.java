package org.keyceremony.cards;

import org.keyceremony.base.KeyCeremonyException;

/** A card operation was refused or failed; the message names the card (label and serial). */
public class CardException extends KeyCeremonyException {
    private static final long serialVersionUID = 1L;

    public CardException(String message) {
        super(message);
    }

    public CardException(String message, Throwable cause) {
        super(message, cause);
    }
}
