package org.keyceremony.hsm;

import java.util.HexFormat;

/**
 * A private key wrapped under a KWK (RFC 5649), with what is needed to unwrap it again.
 * Not secret by itself, but worthless without the KWK.
 */
public record WrappedKey(byte[] blob, KeyWrapMechanism mechanism, KeyType keyType) {
    public WrappedKey {
        blob = blob.clone();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    public String blobHex() {
        return HexFormat.of().formatHex(blob);
    }

    @Override
    public String toString() {
        return "WrappedKey[" + keyType + ", " + blob.length + " bytes, " + mechanism.describe() + "]";
    }
}
