package org.keyceremony.secret;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Holder of secret bytes (a KWK, a share): a private copy, reachable only through the
 * deliberate {@link #reveal()}, wiped by {@link #close()}, compared in constant time, and
 * never printed by {@link #toString()}.
 */
public final class SecretBytes implements AutoCloseable {
    private final byte[] value;
    private boolean wiped;

    private SecretBytes(byte[] value) {
        this.value = value;
    }

    /** Copies {@code source}; the caller still owns (and should wipe) its array. */
    public static SecretBytes copyOf(byte[] source) {
        return new SecretBytes(source.clone());
    }

    /** Takes ownership of {@code source} without copying; the caller must not use it again. */
    public static SecretBytes adopt(byte[] source) {
        return new SecretBytes(source);
    }

    public int length() {
        return value.length;
    }

    /**
     * The secret itself, as a fresh copy the caller must wipe in {@code finally}.
     * Dangerous by design: every call site is a place a reviewer should look at.
     */
    public synchronized byte[] reveal() {
        ensureAlive();
        return value.clone();
    }

    /** Constant-time comparison with another holder. */
    public synchronized boolean sameAs(SecretBytes other) {
        ensureAlive();
        byte[] theirs = other.reveal();
        try {
            return MessageDigest.isEqual(value, theirs);
        } finally {
            Wipe.bytes(theirs);
        }
    }

    public synchronized boolean isWiped() {
        return wiped;
    }

    private void ensureAlive() {
        if (wiped) {
            throw new IllegalStateException("secret already wiped");
        }
    }

    /** Zero-fills the secret. Idempotent. */
    @Override
    public synchronized void close() {
        Arrays.fill(value, (byte) 0);
        wiped = true;
    }

    @Override
    public String toString() {
        return "SecretBytes[" + value.length + " bytes, " + (wiped ? "wiped" : "hidden") + "]";
    }
}
