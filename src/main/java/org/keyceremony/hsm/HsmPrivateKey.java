package org.keyceremony.hsm;

import java.security.PrivateKey;

/**
 * A reference to a private key inside a token: usable with {@link HsmSigningProvider} (and
 * so with {@code Signature} and Bouncy Castle's {@code JcaContentSignerBuilder}), never
 * encodable. Valid as long as the {@link HsmToken} it came from stays open.
 */
public final class HsmPrivateKey implements PrivateKey {
    private static final long serialVersionUID = 1L;

    private final transient HsmToken token;
    private final long handle;
    private final KeyType keyType;
    private final String label;
    private final String idHex;

    HsmPrivateKey(HsmToken token, long handle, KeyType keyType, String label, String idHex) {
        this.token = token;
        this.handle = handle;
        this.keyType = keyType;
        this.label = label;
        this.idHex = idHex;
    }

    public HsmToken token() {
        return token;
    }

    /** The PKCS#11 object handle (valid in this process only). */
    public long handle() {
        return handle;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** CKA_LABEL. */
    public String label() {
        return label;
    }

    /** CKA_ID in lower-case hex. */
    public String idHex() {
        return idHex;
    }

    @Override
    public String getAlgorithm() {
        return keyType.jcaName();
    }

    /** No format: the key never leaves the token in the clear. */
    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "HsmPrivateKey[" + keyType + ", label '" + label + "', id " + idHex + ", token "
                + (token == null ? "?" : token.info().describe()) + "]";
    }
}
