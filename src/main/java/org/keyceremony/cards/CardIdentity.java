package org.keyceremony.cards;

import org.keyceremony.hsm.TokenInfo;

/**
 * The physical card an operation touched, as the token describes itself: every card
 * operation reports it, so the transcript binds each share to a card serial.
 */
public record CardIdentity(String label, String serial, String manufacturer, String model) {

    static CardIdentity of(TokenInfo info) {
        return new CardIdentity(info.label(), info.serial(), info.manufacturer(), info.model());
    }

    /** How messages name a card: {@code card 'label' (serial 1234)}. */
    public String describe() {
        return "card '" + label + "' (serial " + serial + ")";
    }
}
