package org.keyceremony.cards;

import java.util.List;

/** Share objects destroyed on a card (rotation), and the card they were on. */
public record ShareErased(CardIdentity card, List<String> objectLabels) {
    public ShareErased {
        objectLabels = List.copyOf(objectLabels);
    }
}
