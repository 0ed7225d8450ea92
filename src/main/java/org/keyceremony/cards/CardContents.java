package org.keyceremony.cards;

import java.util.List;

/**
 * The KeyCeremony objects on one card: readable shares (public facts only) and objects that
 * failed to decode, each with the reason.
 */
public record CardContents(CardIdentity card, List<StoredShare> shares, List<Unreadable> unreadable) {
    public CardContents {
        shares = List.copyOf(shares);
        unreadable = List.copyOf(unreadable);
    }

    /** An object with application {@code keyceremony} whose value is not a valid share envelope. */
    public record Unreadable(String objectLabel, String reason) {
    }
}
