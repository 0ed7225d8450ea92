package org.keyceremony.sharing;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;

/**
 * Makes the AES-256 key-wrapping key from two independent random sources, so that neither
 * alone decides it: 32 bytes from the HSM's RNG ({@code C_GenerateRandom}) and 32 bytes from
 * the JVM's {@link SecureRandom}, combined with HKDF-SHA256 (RFC 5869):
 *
 * <pre>KWK = HKDF-SHA256(salt = none, IKM = R_hsm || R_jvm, info = "keyceremony kwk v1", L = 32)</pre>
 *
 * A backdoored or broken HSM RNG is covered by the laptop's, a low-entropy laptop (freshly
 * booted, air-gapped) by the HSM's. See docs/formats.md, "KWK derivation".
 */
public final class KwkDerivation {
    /** Bytes taken from each source, and the KWK length. */
    public static final int LENGTH = 32;

    static final byte[] INFO = "keyceremony kwk v1".getBytes(StandardCharsets.US_ASCII);

    private KwkDerivation() {
    }

    /**
     * A fresh KWK from {@code hsmRandom} (32 bytes the caller fetched with
     * {@code C_GenerateRandom}) and 32 bytes drawn here from {@code jvmRandom}.
     */
    public static SecretBytes generate(SecretBytes hsmRandom, SecureRandom jvmRandom) throws InvalidInputException {
        byte[] local = new byte[LENGTH];
        try {
            jvmRandom.nextBytes(local);
            try (SecretBytes localRandom = SecretBytes.copyOf(local)) {
                return derive(hsmRandom, localRandom);
            }
        } finally {
            Wipe.bytes(local);
        }
    }

    /** The deterministic half of {@link #generate}: exposed for the test vectors in docs/formats.md. */
    public static SecretBytes derive(SecretBytes hsmRandom, SecretBytes jvmRandom) throws InvalidInputException {
        byte[] hsm = hsmRandom.reveal();
        byte[] jvm = jvmRandom.reveal();
        byte[] ikm = new byte[2 * LENGTH];
        byte[] kwk = new byte[LENGTH];
        try {
            refuseImplausible(hsm, "the HSM's random number generator");
            refuseImplausible(jvm, "the JVM's random number generator");
            System.arraycopy(hsm, 0, ikm, 0, LENGTH);
            System.arraycopy(jvm, 0, ikm, LENGTH, LENGTH);
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(SHA256Digest.newInstance());
            // HKDFParameters copies the IKM; the copy lives only until this generator is collected,
            // and BC offers no way to wipe it. The original is wiped below.
            hkdf.init(new HKDFParameters(ikm, null, INFO));
            hkdf.generateBytes(kwk, 0, LENGTH);
            return SecretBytes.copyOf(kwk);
        } finally {
            Wipe.bytes(hsm, jvm, ikm, kwk);
        }
    }

    /**
     * A dead RNG (all bytes equal, e.g. all zero) is refused rather than silently relied on:
     * HKDF would hide it, and the other source would then decide the KWK alone.
     */
    private static void refuseImplausible(byte[] random, String source) throws InvalidInputException {
        if (random.length != LENGTH) {
            throw new InvalidInputException("Expected " + LENGTH + " random bytes from " + source
                    + ", got " + random.length + ".");
        }
        int diff = 0;
        for (byte b : random) {
            diff |= b ^ random[0];
        }
        if (diff == 0) {
            throw new InvalidInputException("The " + LENGTH + " random bytes from " + source
                    + " are all equal: the generator is not working. Stop and check the device.");
        }
    }
}
