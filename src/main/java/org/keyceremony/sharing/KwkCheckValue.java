package org.keyceremony.sharing;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;

/**
 * The KWK check value: the first 8 bytes of AES-CMAC(KWK, 16 zero bytes). It confirms that
 * a combined KWK is the one that was split, before the KWK is used, without revealing it.
 *
 * <p>Why 8 bytes: a wrong combination passes with probability 2^-64, which is negligible for
 * a check run a handful of times per ceremony; and a truncated value cannot identify a
 * 256-bit key (about 2^192 keys share any given 8-byte value), so publishing it in the
 * transcript gives a brute-force attacker nothing usable. Why CMAC and not the classic
 * "encrypt a zero block" KCV: CMAC is the check value PCI PIN and ANSI X9.24 use for AES keys,
 * and the raw encryption of a known block is never exposed.
 */
public final class KwkCheckValue {
    /** Length of the check value in bytes. */
    public static final int LENGTH = 8;

    private final byte[] bytes;

    private KwkCheckValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Computes the check value of an AES key (16, 24 or 32 bytes). */
    public static KwkCheckValue of(SecretBytes key) {
        byte[] k = key.reveal();
        KeyParameter param = null;
        byte[] mac = new byte[16];
        try {
            if (k.length != 16 && k.length != 24 && k.length != 32) {
                throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, not " + k.length);
            }
            param = new KeyParameter(k);
            CMac cmac = new CMac(AESEngine.newInstance());
            cmac.init(param);
            cmac.update(new byte[16], 0, 16);
            cmac.doFinal(mac, 0);
            byte[] out = new byte[LENGTH];
            System.arraycopy(mac, 0, out, 0, LENGTH);
            return new KwkCheckValue(out);
        } finally {
            // KeyParameter.getKey() returns its internal copy of the key: wipe it too.
            Wipe.bytes(k, mac, param == null ? null : param.getKey());
        }
    }

    /** The check value with the given 8 bytes (copied). */
    public static KwkCheckValue ofBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a KWK check value has " + LENGTH + " bytes, not " + bytes.length);
        }
        return new KwkCheckValue(bytes.clone());
    }

    /** Parses 16 hex digits. */
    public static KwkCheckValue fromHex(String hex) {
        return ofBytes(HexFormat.of().parseHex(hex));
    }

    /** True when {@code key} has this check value (constant-time comparison). */
    public boolean matches(SecretBytes key) {
        return MessageDigest.isEqual(bytes, of(key).bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KwkCheckValue other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
