package org.keyceremony.hsm;

/** The private-key types KeyCeremony generates, wraps and signs with. */
public enum KeyType {
    RSA(0x0L, "RSA"),
    EC(0x3L, "EC");

    private final long ckk;
    private final String jcaName;

    KeyType(long ckk, String jcaName) {
        this.ckk = ckk;
        this.jcaName = jcaName;
    }

    /** The CKK_* value. */
    long ckk() {
        return ckk;
    }

    /** The JCA algorithm name ({@code RSA}, {@code EC}). */
    public String jcaName() {
        return jcaName;
    }

    static KeyType ofCkk(long ckk) throws HsmException {
        for (KeyType t : values()) {
            if (t.ckk == ckk) {
                return t;
            }
        }
        throw new HsmException("The key has type CKK 0x" + Long.toHexString(ckk)
                + "; KeyCeremony works with RSA and EC keys only.");
    }
}
