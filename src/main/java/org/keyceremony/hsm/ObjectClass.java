package org.keyceremony.hsm;

/** PKCS#11 object classes (CKO_*) KeyCeremony looks for. */
public enum ObjectClass {
    DATA(0x0L),
    CERTIFICATE(0x1L),
    PUBLIC_KEY(0x2L),
    PRIVATE_KEY(0x3L),
    SECRET_KEY(0x4L);

    private final long cko;

    ObjectClass(long cko) {
        this.cko = cko;
    }

    long cko() {
        return cko;
    }

    static ObjectClass ofCko(long cko) {
        for (ObjectClass c : values()) {
            if (c.cko == cko) {
                return c;
            }
        }
        throw new IllegalArgumentException("object class 0x" + Long.toHexString(cko));
    }
}
