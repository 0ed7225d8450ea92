package org.keyceremony.cards;

import org.keyceremony.sharing.ShareEnvelope;

/**
 * A share read from a card (envelope decoded, checksum verified), with the card it came
 * from. Holds the secret share: close it to wipe.
 */
public record CardShare(CardIdentity card, String objectLabel, ShareEnvelope envelope) implements AutoCloseable {

    @Override
    public void close() {
        envelope.close();
    }

    @Override
    public String toString() {
        return "CardShare[" + card.describe() + ", " + envelope.describe() + "]";
    }
}
