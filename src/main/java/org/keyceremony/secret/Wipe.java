package org.keyceremony.secret;

import java.util.Arrays;

/** Zero-filling of temporary secret arrays; call it from {@code finally}. Null-safe. */
public final class Wipe {
    private Wipe() {
    }

    public static void bytes(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }

    public static void chars(char[]... arrays) {
        for (char[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, '\0');
            }
        }
    }
}
