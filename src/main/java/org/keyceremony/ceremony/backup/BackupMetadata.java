package org.keyceremony.ceremony.backup;

import java.util.List;
import java.util.OptionalInt;

/**
 * Everything a restore needs besides M cards, and nothing secret: the key's identity, its
 * certificate, how it was wrapped, the wrapped bytes, the KWK check value and the share set.
 *
 * @param wrapMechanism  the PKCS#11 mechanism name used, e.g. {@code CKM_AES_KEY_WRAP_PAD}
 * @param wrapMechanismCode its numeric code (0x210A or 0x210B), both RFC 5649
 * @param wrappedKey     the RFC 5649 output of C_WrapKey (ciphertext; useless without the KWK)
 * @param plaintextLength the exact length of the PKCS#8 key inside {@code wrappedKey}, which an HSM
 *                       may have followed with up to 7 zero bytes ({@link WrappedKeyLength}); empty
 *                       only in a package of version 1, which did not record it
 */
public record BackupMetadata(String ceremonyId, String createdAt, boolean rehearsal,
                             String keyLabel, String keyIdHex, String keyAlgorithm, String keyParameters,
                             String spkiSha256, String certificatePem,
                             String wrapMechanism, long wrapMechanismCode, byte[] wrappedKey, OptionalInt plaintextLength,
                             String kwkCheckValueHex, int threshold, int shares, String shareSetIdHex,
                             List<ShareRecord> shareRecords) {
    public BackupMetadata {
        wrappedKey = wrappedKey.clone();
        shareRecords = List.copyOf(shareRecords);
    }

    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    @Override
    public String toString() {
        return "BackupMetadata[" + ceremonyId + ", key " + keyLabel + ", " + threshold + "-of-" + shares + "]";
    }
}
