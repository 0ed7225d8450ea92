package org.keyceremony.sharing;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identity of one split: 16 random bytes, new for every split (also for a rotation of
 * the same KWK), so that shares of two splits can never be mistaken for one another.
 * Public: it is printed in card labels, the backup metadata and the transcript.
 */
public final class ShareSetId {
    /** Length of a share-set id in bytes. */
    public static final int LENGTH = 16;

    private final byte[] bytes;

    private ShareSetId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh random id. */
    public static ShareSetId random(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new ShareSetId(b);
    }

    /** The id with the given 16 bytes (copied). */
    public static ShareSetId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a share-set id has " + LENGTH + " bytes, not " + bytes.length);
        }
        return new ShareSetId(bytes.clone());
    }

    /** Parses 32 hex digits. */
    public static ShareSetId fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** All 32 hex digits, lower case. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** The first 8 hex digits: enough for a card label and for a person to compare aloud. */
    public String shortHex() {
        return hex().substring(0, 8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShareSetId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
