package org.keyceremony.testing;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * The only randomness tests draw: seeded, so that every failure reproduces from the seed its
 * test names. (The product's own randomness, in the HSM and in {@code Shamir.split} without a
 * generator, is not this.)
 */
public final class Seeded {
    private Seeded() {
    }

    /** A {@link SecureRandom} whose output is fixed by the seed (SUN's SHA1PRNG, seeded before first use). */
    public static SecureRandom random(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG", "SUN");
            r.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            return r;
        } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
            throw new IllegalStateException("the JDK has no SUN SHA1PRNG", e);
        }
    }

    /** Bytes fixed by the seed. */
    public static byte[] bytes(long seed, int length) {
        byte[] out = new byte[length];
        random(seed).nextBytes(out);
        return out;
    }

    /** A version-4-shaped UUID fixed by the seed. */
    public static UUID uuid(long seed) {
        java.util.Random r = new java.util.Random(seed);
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }
}
