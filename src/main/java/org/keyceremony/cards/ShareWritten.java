package org.keyceremony.cards;

import java.util.List;

/**
 * A share was written to a card and read back identical.
 *
 * @param card        the card, as it identified itself
 * @param share       what was written (public facts and commitment)
 * @param othersKept  shares of other share sets found on the card and left in place
 */
public record ShareWritten(CardIdentity card, StoredShare share, List<StoredShare> othersKept) {
    public ShareWritten {
        othersKept = List.copyOf(othersKept);
    }
}
