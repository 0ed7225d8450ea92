package org.keyceremony.ceremony;

/**
 * A custodian's share is written to their card, read back and verified: their moment to take the
 * card back. Told to the {@link Prompter} right after the card's session ended, before the next
 * custodian is called. Nothing here is secret (the commitment is published with the set).
 *
 * @param custodian     the custodian's number, which is the share's number
 * @param custodianName their name as recorded at the start
 * @param cardLabel     the card's token label
 * @param cardSerial    the card's token serial
 * @param commitment    the share's commitment (hex), as the share table and the transcript show it
 */
public record ShareVerified(int custodian, String custodianName, String cardLabel, String cardSerial,
                            String commitment) {

    /** The card as people know it: {@code card 'card-2' (serial 5eca…)}. */
    public String card() {
        return "card '" + cardLabel + "' (serial " + cardSerial + ")";
    }

    /** What the people hear: who, which share, and that the card goes back to its custodian now. */
    public String message() {
        return "Custodian " + custodian + " \u2014 " + custodianName + ": your share #" + custodian + " is written to "
                + card() + ", read back and verified. Take your card back now.";
    }
}
