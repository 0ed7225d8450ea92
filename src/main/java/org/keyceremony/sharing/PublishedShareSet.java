package org.keyceremony.sharing;

import java.util.Optional;
import org.keyceremony.base.InvalidInputException;

/**
 * What is published about one share set — its commitments by share number, M, N and the KWK
 * check value — and so what every share read back from a card must match before it is trusted.
 * A restore and a card check take it from the backup package; the write and quorum steps of a
 * split take it from the split.
 */
public record PublishedShareSet(ShareCommitments commitments, int m, int n, KwkCheckValue checkValue) {

    public PublishedShareSet {
        if (m < Shamir.MIN_THRESHOLD || m > n || commitments.byNumber().size() != n) {
            throw new IllegalArgumentException("a " + m + "-of-" + n + " set with " + commitments.byNumber().size()
                    + " commitments");
        }
    }

    /** What a fresh split publishes. */
    public static PublishedShareSet of(ShareSet set) {
        return new PublishedShareSet(ShareCommitments.of(set), set.m(), set.n(), set.checkValue());
    }

    public ShareSetId setId() {
        return commitments.setId();
    }

    /**
     * The number of the published share that {@code envelope} is. Refused, with the reason as a
     * clause a caller puts after the card's name ("it claims to be …"), when the envelope is of
     * another set, its bytes match no published commitment (altered or replaced), or its M, N or
     * check value differ from the published ones. Never says anything secret.
     */
    public int verify(ShareEnvelope envelope) throws InvalidInputException {
        if (!envelope.setId().equals(setId())) {
            throw new InvalidInputException("it holds " + envelope.describe() + ", not a share of set "
                    + setId().shortHex());
        }
        Optional<Integer> number = commitments.numberOf(envelope.commitment());
        if (number.isEmpty()) {
            throw new InvalidInputException("it claims to be " + envelope.describe() + " but its commitment "
                    + envelope.commitment().hex() + " matches none published for set " + setId().shortHex()
                    + ": the share was altered or replaced");
        }
        if (envelope.m() != m || envelope.n() != n || !envelope.checkValue().equals(checkValue)) {
            throw new InvalidInputException("its parameters (" + envelope.m() + "-of-" + envelope.n() + ", KWK check "
                    + "value " + envelope.checkValue().hex() + ") differ from the published ones (" + m + "-of-" + n
                    + ", " + checkValue.hex() + ")");
        }
        return number.get();
    }
}
