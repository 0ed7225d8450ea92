package org.keyceremony.secret;

import java.util.Arrays;

/**
 * A PIN as {@code char[]}: never a {@code String}, wiped by {@link #close()}, never printed.
 * The PKCS#11 login takes {@link #reveal()} and wipes that copy right after the call.
 */
public final class Pin implements AutoCloseable {
    private final char[] chars;
    private boolean wiped;

    private Pin(char[] chars) {
        this.chars = chars;
    }

    /** Copies {@code source}; the caller wipes its own array. */
    public static Pin copyOf(char[] source) {
        return new Pin(source.clone());
    }

    /** Takes ownership of {@code source}. */
    public static Pin adopt(char[] source) {
        return new Pin(source);
    }

    public synchronized int length() {
        return chars.length;
    }

    public synchronized boolean isEmpty() {
        return chars.length == 0;
    }

    /** A fresh copy of the PIN; wipe it in {@code finally}. */
    public synchronized char[] reveal() {
        if (wiped) {
            throw new IllegalStateException("PIN already wiped");
        }
        return chars.clone();
    }

    public synchronized boolean isWiped() {
        return wiped;
    }

    @Override
    public synchronized void close() {
        Arrays.fill(chars, '\0');
        wiped = true;
    }

    @Override
    public String toString() {
        return "Pin[hidden]";
    }
}
