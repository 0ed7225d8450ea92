package org.keyceremony.sharing;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;

/**
 * Share envelope format v1, byte by byte (docs/formats.md, "Share envelope v1"):
 *
 * <pre>
 * offset  length  field
 *  0       4      magic "KCSE" (4B 43 53 45)
 *  4       1      version 01
 *  5      16      share-set id
 * 21       1      share number x (1..N)
 * 22       1      M (2..N)
 * 23       1      N (M..255)
 * 24       8      KWK check value
 * 32       2      L = share length, big-endian (1..1024)
 * 34       L      share bytes
 * 34+L    32      SHA-256 over bytes 0 .. 33+L
 * </pre>
 *
 * The decoder refuses anything else, each rule with its own message; it never puts share
 * bytes into a message.
 */
public final class ShareEnvelopeCodec {
    static final byte[] MAGIC = {0x4B, 0x43, 0x53, 0x45};
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 34;
    static final int CHECKSUM_LENGTH = 32;
    /** Longest share accepted: far above a 32-byte KWK, small enough for any card. */
    public static final int MAX_SHARE_LENGTH = 1024;

    private ShareEnvelopeCodec() {
    }

    /** The encoded length of an envelope holding {@code shareLength} share bytes. */
    public static int encodedLength(int shareLength) {
        return HEADER_LENGTH + shareLength + CHECKSUM_LENGTH;
    }

    /** The v1 encoding; secret, because it contains the share. */
    public static SecretBytes encode(ShareEnvelope e) {
        byte[] share = e.share().reveal();
        byte[] out = new byte[encodedLength(share.length)];
        try {
            System.arraycopy(MAGIC, 0, out, 0, 4);
            out[4] = VERSION;
            System.arraycopy(e.setId().bytes(), 0, out, 5, ShareSetId.LENGTH);
            out[21] = (byte) e.number();
            out[22] = (byte) e.m();
            out[23] = (byte) e.n();
            System.arraycopy(e.checkValue().bytes(), 0, out, 24, KwkCheckValue.LENGTH);
            out[32] = (byte) (share.length >>> 8);
            out[33] = (byte) share.length;
            System.arraycopy(share, 0, out, HEADER_LENGTH, share.length);
            byte[] sum = checksum(out, HEADER_LENGTH + share.length);
            System.arraycopy(sum, 0, out, HEADER_LENGTH + share.length, CHECKSUM_LENGTH);
            return SecretBytes.copyOf(out);
        } finally {
            Wipe.bytes(share, out);
        }
    }

    /** Decodes and checks a v1 envelope; the caller still owns (and wipes) {@code data}. */
    public static ShareEnvelope decode(byte[] data) throws InvalidInputException {
        if (data.length < MAGIC.length + 1) {
            throw new InvalidInputException("Not a share envelope: only " + data.length + " bytes.");
        }
        if (!Arrays.equals(data, 0, 4, MAGIC, 0, 4)) {
            throw new InvalidInputException("Not a KeyCeremony share envelope: the first bytes are "
                    + HexFormat.of().formatHex(data, 0, 4) + ", expected 4b435345 (\"KCSE\").");
        }
        int version = data[4] & 0xFF;
        if (version != VERSION) {
            throw new InvalidInputException("Share envelope version " + version
                    + " is not supported: this program reads version 1. Use the program version that wrote it.");
        }
        if (data.length < HEADER_LENGTH) {
            throw new InvalidInputException("Share envelope truncated: " + data.length
                    + " bytes, shorter than its " + HEADER_LENGTH + "-byte header.");
        }
        int length = ((data[32] & 0xFF) << 8) | (data[33] & 0xFF);
        if (length < 1 || length > MAX_SHARE_LENGTH) {
            throw new InvalidInputException("Share envelope declares a share length of " + length
                    + " bytes; allowed are 1 to " + MAX_SHARE_LENGTH + ".");
        }
        int expected = encodedLength(length);
        if (data.length < expected) {
            throw new InvalidInputException("Share envelope truncated: " + data.length + " bytes, but its share length "
                    + length + " needs " + expected + ".");
        }
        if (data.length > expected) {
            throw new InvalidInputException("Share envelope has " + (data.length - expected)
                    + " trailing byte(s) after its checksum.");
        }
        byte[] sum = checksum(data, HEADER_LENGTH + length);
        if (!MessageDigest.isEqual(sum, Arrays.copyOfRange(data, HEADER_LENGTH + length, expected))) {
            throw new InvalidInputException("Share envelope checksum mismatch: the stored bytes are damaged."
                    + " Do not use this share; try the other cards.");
        }
        int number = data[21] & 0xFF;
        int m = data[22] & 0xFF;
        int n = data[23] & 0xFF;
        if (number == 0) {
            throw new InvalidInputException("Share envelope holds share number 0, which is never valid (numbers start at 1).");
        }
        if (m < Shamir.MIN_THRESHOLD) {
            throw new InvalidInputException("Share envelope declares threshold M = " + m + "; M must be at least 2.");
        }
        if (m > n) {
            throw new InvalidInputException("Share envelope declares M = " + m + " greater than N = " + n + ".");
        }
        if (number > n) {
            throw new InvalidInputException("Share envelope holds share number " + number + " but its set has only N = "
                    + n + " shares.");
        }
        byte[] share = Arrays.copyOfRange(data, HEADER_LENGTH, HEADER_LENGTH + length);
        return new ShareEnvelope(ShareSetId.of(Arrays.copyOfRange(data, 5, 21)), number, m, n,
                KwkCheckValue.ofBytes(Arrays.copyOfRange(data, 24, 32)), SecretBytes.adopt(share));
    }

    /** SHA-256 over the first {@code length} bytes, without copying them (they hold the share). */
    private static byte[] checksum(byte[] data, int length) {
        MessageDigest sha = ShareCommitment.sha256();
        sha.update(data, 0, length);
        return sha.digest();
    }
}
