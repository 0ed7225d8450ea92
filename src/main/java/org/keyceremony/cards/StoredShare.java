package org.keyceremony.cards;

import org.keyceremony.sharing.ShareCommitment;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareSetId;

/**
 * What a card says about one share it holds, without the share: the public facts a person
 * or the transcript may see.
 */
public record StoredShare(String objectLabel, ShareSetId setId, int number, int m, int n, ShareCommitment commitment) {

    static StoredShare of(String objectLabel, ShareEnvelope e) {
        return new StoredShare(objectLabel, e.setId(), e.number(), e.m(), e.n(), e.commitment());
    }

    /** E.g. {@code share #2 of set 1a2b3c4d (3-of-5)}. */
    public String describe() {
        return "share #" + number + " of set " + setId.shortHex() + " (" + m + "-of-" + n + ")";
    }
}
