package org.keyceremony.ceremony.actions.shares;

import org.keyceremony.cards.CardIdentity;
import org.keyceremony.sharing.ShareEnvelope;

import java.util.ArrayList;
import java.util.List;

/**
 * The valid shares read so far by {@code read-share} (memory state {@code read-shares}), each
 * with the card it came from. Closing it wipes every share. Never written anywhere.
 */
final class ReadShares implements AutoCloseable {
    /** One valid share and where it came from. */
    record Read(CardIdentity card, String custodian, ShareEnvelope envelope) {
    }

    private final String shareSetIdHex;
    private final List<Read> reads = new ArrayList<>();

    ReadShares(String shareSetIdHex) {
        this.shareSetIdHex = shareSetIdHex;
    }

    String shareSetIdHex() {
        return shareSetIdHex;
    }

    synchronized void add(Read r) {
        reads.add(r);
    }

    synchronized List<Read> reads() {
        return List.copyOf(reads);
    }

    synchronized List<ShareEnvelope> envelopes() {
        return reads.stream().map(Read::envelope).toList();
    }

    synchronized boolean hasCard(String serial) {
        return reads.stream().anyMatch(r -> r.card().serial().equals(serial));
    }

    synchronized boolean hasShare(int number) {
        return reads.stream().anyMatch(r -> r.envelope().number() == number);
    }

    @Override
    public synchronized void close() {
        reads.forEach(r -> r.envelope().close());
        reads.clear();
    }

    @Override
    public synchronized String toString() {
        return "ReadShares[" + reads.size() + " of set " + shareSetIdHex + "]";
    }
}
