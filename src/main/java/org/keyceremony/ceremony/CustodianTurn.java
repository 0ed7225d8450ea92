package org.keyceremony.ceremony;

/**
 * A custodian's turn with their card has come: told to the {@link Prompter} beside the notice
 * people read, so that a front end that follows the custodians (the wizard's share table) need
 * not read English.
 *
 * @param custodian the custodian's number (1-based, the share's index)
 * @param card      the card the custodian is asked for, or "" when they will be asked which
 * @param phase     what the card is inserted for
 */
public record CustodianTurn(int custodian, String card, Phase phase) {

    /** What a custodian's card is inserted for. */
    public enum Phase {
        /** The custodian's share is written to the card and read back. */
        WRITE_SHARE,
        /** The share already written is read from the card again, for the quorum check. */
        READ_FOR_QUORUM
    }

    public CustodianTurn {
        if (custodian < 1) {
            throw new IllegalArgumentException("custodians are numbered from 1");
        }
        if (card == null || phase == null) {
            throw new IllegalArgumentException("a custodian's turn needs a card (\"\" if unknown) and a phase");
        }
    }
}
