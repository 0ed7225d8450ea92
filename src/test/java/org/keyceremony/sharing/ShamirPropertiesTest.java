package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.Seeded;

/**
 * The promises of the M-of-N split, for every threshold a ceremony is likely to use: each test
 * runs for every (M, N) with 2 ≤ M ≤ N ≤ {@value #MAX_N}, exhaustively over subsets and byte
 * positions, with secrets and polynomials drawn from a generator seeded by (M, N), so that a
 * failure names its case and reproduces.
 */
class ShamirPropertiesTest {
    static final int MAX_N = 10;

    /** Every (M, N) with 2 ≤ M ≤ N ≤ MAX_N: 45 pairs. */
    static Stream<Arguments> thresholds() {
        return IntStream.rangeClosed(2, MAX_N).boxed()
                .flatMap(n -> IntStream.rangeClosed(2, n).mapToObj(m -> Arguments.of(m, n)));
    }

    /** The seed of a case: every (M, N) draws its own secret and polynomial. */
    static long seed(int m, int n) {
        return 1000L * m + n;
    }

    /** A secret of 16 to 64 bytes, its length and content fixed by (M, N). */
    static byte[] secret(int m, int n) {
        return Seeded.bytes(seed(m, n), 16 + (int) (seed(m, n) % 49));
    }

    /** An AES key length (16, 24 or 32 bytes), for splits that carry a check value. */
    static byte[] aesKey(int m, int n) {
        return Seeded.bytes(seed(m, n), new int[] {16, 24, 32}[(m + n) % 3]);
    }

    @ParameterizedTest(name = "{0}-of-{1}")
    @MethodSource("thresholds")
    void everyMSubsetReconstructsAndEveryMMinusOneSubsetIsRefused(int m, int n) throws Exception {
        byte[] expected = secret(m, n);
        try (SecretBytes secret = SecretBytes.copyOf(expected)) {
            List<Share> shares = Shamir.split(secret, m, n, Seeded.random(seed(m, n)));
            assertThat(shares).extracting(Share::number).containsExactlyElementsOf(IntStream.rangeClosed(1, n).boxed().toList());
            for (List<Integer> subset : Subsets.of(n, m)) {
                try (SecretBytes back = Shamir.combine(m, Subsets.pick(shares, subset))) {
                    assertThat(back.reveal()).as("shares %s", subset).isEqualTo(expected);
                }
            }
            for (List<Integer> subset : Subsets.of(n, m - 1)) {
                assertThatThrownBy(() -> Shamir.combine(m, Subsets.pick(shares, subset)))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("are needed");
            }
        }
    }

    @ParameterizedTest(name = "{0}-of-{1}")
    @MethodSource("thresholds")
    void sharesOfTwoDifferentSetsNeverCombineSilently(int m, int n) throws Exception {
        byte[] other = aesKey(m, n);
        other[0] ^= 1;
        try (SecretBytes a = SecretBytes.copyOf(aesKey(m, n));
             SecretBytes b = SecretBytes.copyOf(other);
             ShareSet setA = ShareSet.split(a, m, n, Seeded.random(seed(m, n)));
             ShareSet setB = ShareSet.split(b, m, n, Seeded.random(-seed(m, n)))) {
            // Odd numbers from one set, even from the other: at least one of each, N in total.
            List<ShareEnvelope> mixed = new ArrayList<>();
            List<Share> mixedRaw = new ArrayList<>();
            for (int x = 1; x <= n; x++) {
                ShareEnvelope e = (x % 2 == 1 ? setA : setB).envelope(x);
                mixed.add(e);
                mixedRaw.add(e.toShare());
            }
            assertThatThrownBy(() -> ShareSet.combine(mixed))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("never combine");
            // Even with the set ids stripped (raw shares), the check value refuses the mixture.
            assertThatThrownBy(() -> Shamir.combine(m, mixedRaw, setA.checkValue()))
                    .isInstanceOf(InconsistentSharesException.class);
            assertThatThrownBy(() -> Shamir.combine(m, mixedRaw, setB.checkValue()))
                    .isInstanceOf(InconsistentSharesException.class);
        }
    }

    /** Every byte of an envelope, flipped by every non-zero mask: each of the 255 × length variants is refused. */
    @ParameterizedTest(name = "{0}-of-{1}")
    @MethodSource("thresholds")
    void everyByteFlipAnywhereInAnEnvelopeIsDetected(int m, int n) throws Exception {
        try (SecretBytes secret = SecretBytes.copyOf(aesKey(m, n));
             ShareSet set = ShareSet.split(secret, m, n, Seeded.random(seed(m, n)));
             SecretBytes encoded = ShareEnvelopeCodec.encode(set.envelope(1 + m % n))) {
            byte[] genuine = encoded.reveal();
            try {
                for (int position = 0; position < genuine.length; position++) {
                    for (int flip = 1; flip <= 255; flip++) {
                        byte[] bytes = genuine.clone();
                        bytes[position] ^= (byte) flip;
                        int p = position;
                        int f = flip;
                        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(bytes)).as("byte %d ^ 0x%02x", p, f)
                                .isInstanceOf(InvalidInputException.class);
                    }
                }
            } finally {
                Arrays.fill(genuine, (byte) 0);
            }
        }
    }

    /** Among M + 1 shares one is changed, in each position in turn: it is named, and the secret never handed out. */
    @ParameterizedTest(name = "{0}-of-{1}")
    @MethodSource("thresholds")
    void aWrongShareAmongMPlusOneIsNamedNeverUsed(int m, int n) throws Exception {
        if (m == n) {
            return; // no M + 1 shares exist; the M-of-M case is covered by the check value (ShareSetTest)
        }
        java.util.Random draw = new java.util.Random(seed(m, n));
        try (SecretBytes secret = SecretBytes.copyOf(aesKey(m, n));
             ShareSet set = ShareSet.split(secret, m, n, Seeded.random(seed(m, n)))) {
            for (int victim = 0; victim <= m; victim++) {
                List<ShareEnvelope> offered = new ArrayList<>(set.envelopes().subList(0, m + 1));
                ShareEnvelope good = offered.get(victim);
                byte[] bytes = good.share().reveal();
                bytes[draw.nextInt(bytes.length)] ^= (byte) (1 + draw.nextInt(255));
                offered.set(victim, new ShareEnvelope(good.setId(), good.number(), good.m(), good.n(), good.checkValue(),
                        SecretBytes.adopt(bytes)));
                assertThatThrownBy(() -> ShareSet.combine(offered))
                        .isInstanceOfSatisfying(InconsistentSharesException.class,
                                e -> assertThat(e.suspects()).containsExactly(good.number()))
                        .hasMessageStartingWith("Share #" + good.number() + " does not agree with shares ");
            }
        }
    }
}
