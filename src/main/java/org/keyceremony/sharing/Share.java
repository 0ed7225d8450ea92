package org.keyceremony.sharing;

import org.keyceremony.secret.SecretBytes;

/**
 * One raw Shamir share: the evaluation point {@code number} (x, 1..255) and the byte-wise
 * values of the polynomials at x. Deliberately unchecked here: {@link Shamir#combine} is the
 * guard that refuses 0, 256 and other numbers before they reach the field arithmetic.
 * Closing it wipes the value.
 */
public record Share(int number, SecretBytes value) implements AutoCloseable {

    public Share {
        if (value == null) {
            throw new IllegalArgumentException("a share needs a value");
        }
    }

    @Override
    public void close() {
        value.close();
    }

    @Override
    public String toString() {
        return "Share[#" + number + ", " + value.length() + " bytes hidden]";
    }
}
