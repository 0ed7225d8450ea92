package org.keyceremony.sharing;

import java.util.List;
import java.util.Optional;

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
}
