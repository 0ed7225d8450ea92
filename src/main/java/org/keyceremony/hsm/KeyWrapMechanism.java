package org.keyceremony.hsm;

/**
 * The PKCS#11 mechanisms that produce RFC 5649 (AES key wrap with padding). SoftHSM2 lists
 * only {@code CKM_AES_KEY_WRAP_PAD} (0x210A); PKCS#11 3.0 HSMs may offer the same algorithm
 * as {@code CKM_AES_KEY_WRAP_KWP} (0x210B). A backup records which one made it, and the
 * format is the same either way, so a restore works across vendors.
 */
public enum KeyWrapMechanism {
    AES_KEY_WRAP_PAD(0x210AL, "CKM_AES_KEY_WRAP_PAD"),
    AES_KEY_WRAP_KWP(0x210BL, "CKM_AES_KEY_WRAP_KWP");

    /** The wrapped-key format both mechanisms produce. */
    public static final String FORMAT = "RFC 5649";

    private final long value;
    private final String ckmName;

    KeyWrapMechanism(long value, String ckmName) {
        this.value = value;
        this.ckmName = ckmName;
    }

    public long value() {
        return value;
    }

    public String ckmName() {
        return ckmName;
    }

    /** E.g. {@code CKM_AES_KEY_WRAP_PAD (0x210a, RFC 5649)}. */
    public String describe() {
        return ckmName + " (0x" + Long.toHexString(value) + ", " + FORMAT + ")";
    }
}
