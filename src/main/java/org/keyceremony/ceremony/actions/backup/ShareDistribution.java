package org.keyceremony.ceremony.actions.backup;

import org.keyceremony.cards.CardIdentity;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Memory-only state of a split ({@code shares}): the share set, and per custodian the card
 * the share went to and the envelope as read back from that card. Closing it wipes every
 * share it holds. Never written anywhere.
 */
public final class ShareDistribution implements AutoCloseable {
    /** One share that is on its card: who holds it, which card, and the envelope read back. */
    public record Placed(int custodian, String custodianName, CardIdentity card, ShareEnvelope readBack) {
    }

    private final ShareSet set;
    private final Map<Integer, Placed> placed = new TreeMap<>();
    private final Map<String, org.keyceremony.ceremony.RegisteredRollback> removals = new java.util.HashMap<>();

    public ShareDistribution(ShareSet set) {
        this.set = set;
    }

    public ShareSet set() {
        return set;
    }

    public synchronized boolean isPlaced(int custodian) {
        return placed.containsKey(custodian);
    }

    /**
     * The removal registered for share {@code custodian} on {@code card}, if one was: a retried
     * write-share (a wrong PIN, a card pulled too early) registers the removal of that share from
     * that card once, not per attempt; another card for the same custodian gets its own.
     */
    public synchronized org.keyceremony.ceremony.RegisteredRollback removalFor(int custodian, String card) {
        return removals.get(custodian + "\u0000" + card);
    }

    public synchronized void rememberRemoval(int custodian, String card, org.keyceremony.ceremony.RegisteredRollback r) {
        removals.put(custodian + "\u0000" + card, r);
    }

    public synchronized void place(Placed p) {
        Placed old = placed.put(p.custodian(), p);
        if (old != null) {
            old.readBack().close();
        }
    }

    public synchronized List<Placed> placed() {
        return List.copyOf(placed.values());
    }

    synchronized List<ShareEnvelope> readBack() {
        List<ShareEnvelope> out = new ArrayList<>();
        placed.values().forEach(p -> out.add(p.readBack()));
        return out;
    }

    @Override
    public synchronized void close() {
        placed.values().forEach(p -> p.readBack().close());
        set.close();
    }

    @Override
    public String toString() {
        return "ShareDistribution[" + set + ", " + placed.size() + " placed]";
    }
}
