package org.keyceremony.sharing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;

/**
 * SHA-256 of a whole v1 share envelope encoding. The list of commitments (in the backup
 * metadata and the transcript) is how a restore or a card check recognises a card before
 * trusting it. Public: revealing it reveals nothing about the 256-bit-random share inside.
 */
public final class ShareCommitment {
    /** Length in bytes (SHA-256). */
    public static final int LENGTH = 32;

    private final byte[] digest;

    private ShareCommitment(byte[] digest) {
        this.digest = digest;
    }

    /** The commitment of an envelope encoding. */
    public static ShareCommitment of(SecretBytes encodedEnvelope) {
        byte[] e = encodedEnvelope.reveal();
        try {
            return new ShareCommitment(sha256(e));
        } finally {
            Wipe.bytes(e);
        }
    }

    /** The commitment with these 32 bytes (copied), e.g. read from backup metadata. */
    public static ShareCommitment ofBytes(byte[] digest) {
        if (digest.length != LENGTH) {
            throw new IllegalArgumentException("a share commitment has " + LENGTH + " bytes, not " + digest.length);
        }
        return new ShareCommitment(digest.clone());
    }

    /** Parses 64 hex digits. */
    public static ShareCommitment fromHex(String hex) {
        return ofBytes(HexFormat.of().parseHex(hex));
    }

    /** Constant-time comparison. */
    public boolean matches(ShareCommitment other) {
        return MessageDigest.isEqual(digest, other.digest);
    }

    public byte[] bytes() {
        return digest.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(digest);
    }

    static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShareCommitment other && matches(other);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return hex();
    }
}
