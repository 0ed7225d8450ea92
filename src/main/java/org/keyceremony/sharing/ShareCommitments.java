package org.keyceremony.sharing;

import java.util.List;
import java.util.Optional;
import org.keyceremony.base.InvalidInputException;

/**
 * The published commitments of one share set, by share number (element 0 is share #1). This
 * is what a restore or a card check holds before any card is read: every envelope read from
 * a card is looked up here before it is trusted.
 */
public record ShareCommitments(ShareSetId setId, List<ShareCommitment> byNumber) {

    public ShareCommitments {
        byNumber = List.copyOf(byNumber);
        if (byNumber.size() < Shamir.MIN_THRESHOLD || byNumber.size() > Shamir.MAX_SHARES) {
            throw new IllegalArgumentException("a share set has 2 to 255 commitments, not " + byNumber.size());
        }
    }

    /** The commitments of a fresh split. */
    public static ShareCommitments of(ShareSet set) {
        return new ShareCommitments(set.id(), set.commitments());
    }

    /** The share number whose commitment this is, if it belongs to this set at all. */
    public Optional<Integer> numberOf(ShareCommitment commitment) {
        Integer found = null;
        // Look at every entry (no early exit), so the time taken does not say which one matched.
        for (int i = 0; i < byNumber.size(); i++) {
            if (byNumber.get(i).matches(commitment)) {
                found = i + 1;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Confirms that {@code envelope}, read from the card expected to hold share {@code expectedNumber},
     * is exactly that share. Otherwise says what the card holds instead: another custodian's share
     * of this set, a share of another set, or a share whose bytes match no published commitment.
     */
    public void verify(int expectedNumber, ShareEnvelope envelope) throws InvalidInputException {
        if (expectedNumber < 1 || expectedNumber > byNumber.size()) {
            throw new IllegalArgumentException("share #" + expectedNumber + " is not in this set of " + byNumber.size());
        }
        ShareCommitment actual = envelope.commitment();
        Optional<Integer> number = numberOf(actual);
        if (number.isPresent() && number.get() == expectedNumber) {
            return;
        }
        String expected = "share #" + expectedNumber + " of set " + setId.shortHex();
        if (number.isPresent()) {
            throw new InvalidInputException("This card holds share #" + number.get() + " of set " + setId.shortHex()
                    + ", not " + expected + ": it belongs to another custodian. Return it and use the right card.");
        }
        if (!envelope.setId().equals(setId)) {
            throw new InvalidInputException("This card holds " + envelope.describe() + ", not " + expected
                    + ": it belongs to another share set.");
        }
        throw new InvalidInputException("This card claims to hold " + envelope.describe() + " but its commitment "
                + actual.hex() + " matches none published for set " + setId.shortHex()
                + ": the share was altered or replaced. Do not use it; record an exception.");
    }
}
