package org.keyceremony.hsm;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/** The few DER encodings the PKCS#11 boundary needs (EC public keys, ECDSA signatures, serials). */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int SEQUENCE = 0x30;

    private Der() {
    }

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        byte[] body = content.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = body.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len & 0xFF);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    /** PKCS#11's raw ECDSA signature {@code r || s} as the DER SEQUENCE that JCA and X.509 use. */
    static byte[] ecdsaSignature(byte[] raw) {
        int half = raw.length / 2;
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, half));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, half, raw.length));
        return tlv(SEQUENCE, integer(r), integer(s));
    }
}
