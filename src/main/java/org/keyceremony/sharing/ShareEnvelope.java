package org.keyceremony.sharing;

import org.keyceremony.secret.SecretBytes;

/**
 * One custodian's share with everything needed to recognise and check it: the bytes stored
 * on the card (format v1, see {@link ShareEnvelopeCodec} and docs/formats.md). The share
 * bytes are secret: {@link #toString()} never prints them and {@link #close()} wipes them.
 * Compare envelopes by {@link #commitment()}, not by {@code equals}.
 *
 * @param setId       the split this share belongs to
 * @param number      the share number x (1..N): the evaluation point
 * @param m           threshold: shares needed to recover the KWK
 * @param n           number of shares in the split
 * @param checkValue  check value of the KWK that was split
 * @param share       the share bytes (one per KWK byte)
 */
public record ShareEnvelope(ShareSetId setId, int number, int m, int n, KwkCheckValue checkValue, SecretBytes share)
        implements AutoCloseable {

    /** Validates ranges; the decoder checks the same rules first, with messages for people. */
    public ShareEnvelope {
        if (setId == null || checkValue == null || share == null) {
            throw new IllegalArgumentException("set id, check value and share are required");
        }
        if (m < Shamir.MIN_THRESHOLD || m > n || n > Shamir.MAX_SHARES || number < 1 || number > n) {
            throw new IllegalArgumentException("share #" + number + " with M=" + m + ", N=" + n + " is out of range");
        }
        if (share.length() < 1 || share.length() > ShareEnvelopeCodec.MAX_SHARE_LENGTH) {
            throw new IllegalArgumentException("share length " + share.length() + " is out of range");
        }
    }

    /** The raw Shamir point, sharing this envelope's secret holder (closing one closes both). */
    public Share toShare() {
        return new Share(number, share);
    }

    /** SHA-256 of the v1 encoding: how the transcript and a restore recognise this share. */
    public ShareCommitment commitment() {
        try (SecretBytes encoded = ShareEnvelopeCodec.encode(this)) {
            return ShareCommitment.of(encoded);
        }
    }

    /** A short description for people and logs: set, number, M-of-N; never the share. */
    public String describe() {
        return "share #" + number + " of set " + setId.shortHex() + " (" + m + "-of-" + n + ")";
    }

    @Override
    public void close() {
        share.close();
    }

    @Override
    public String toString() {
        return "ShareEnvelope[set=" + setId.hex() + ", #" + number + ", " + m + "-of-" + n
                + ", check=" + checkValue.hex() + ", share=" + share.length() + " bytes hidden]";
    }
}
