package org.keyceremony.sharing;

import java.util.Map;

/**
 * An independent GF(2^8) Shamir written from docs/formats.md alone (AES polynomial
 * x^8+x^4+x^3+x+1 = 0x11B, share number = evaluation point, byte-wise polynomials), so that
 * the tests can prove codahale's field is the one the spec names.
 */
public final class ReferenceGf256 {
    private ReferenceGf256() {
    }

    public static int mul(int a, int b) {
        int p = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & 1) != 0) {
                p ^= a;
            }
            boolean carry = (a & 0x80) != 0;
            a = (a << 1) & 0xFF;
            if (carry) {
                a ^= 0x1B;
            }
            b >>= 1;
        }
        return p;
    }

    public static int inverse(int a) {
        // a^254 = a^-1 in GF(2^8).
        int r = 1;
        for (int i = 0; i < 254; i++) {
            r = mul(r, a);
        }
        return r;
    }

    /** f(x) for coefficients c[0] + c[1] x + ... */
    static int eval(int[] coefficients, int x) {
        int y = 0;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            y = mul(y, x) ^ coefficients[i];
        }
        return y;
    }

    /** Lagrange interpolation at 0, byte by byte. */
    public static byte[] interpolateAtZero(Map<Integer, byte[]> shares) {
        int length = shares.values().iterator().next().length;
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int acc = 0;
            for (Map.Entry<Integer, byte[]> e : shares.entrySet()) {
                int xi = e.getKey();
                int li = 1;
                for (int xj : shares.keySet()) {
                    if (xj != xi) {
                        li = mul(li, mul(xj, inverse(xj ^ xi)));
                    }
                }
                acc ^= mul(e.getValue()[i] & 0xFF, li);
            }
            out[i] = (byte) acc;
        }
        return out;
    }
}
