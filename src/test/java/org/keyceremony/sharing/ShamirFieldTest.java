package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.Seeded;

/**
 * Proves that codahale's field and layout are the ones docs/formats.md names, by checking
 * them against {@link ReferenceGf256}, which is written from the spec alone: the field itself
 * exhaustively, the splits for every (M, N) up to {@link ShamirPropertiesTest#MAX_N} with seeded
 * secrets.
 */
class ShamirFieldTest {

    @Test
    void referenceFieldMatchesTheFips197Examples() {
        assertThat(ReferenceGf256.mul(0x57, 0x83)).isEqualTo(0xc1);
        assertThat(ReferenceGf256.mul(0x53, 0xca)).isEqualTo(0x01);
    }

    /** Every pair of elements: multiplication commutes, 1 is neutral, 0 absorbs, and every non-zero element has its inverse. */
    @Test
    void theReferenceFieldIsAFieldOverAllItsElements() {
        for (int a = 0; a < 256; a++) {
            assertThat(ReferenceGf256.mul(a, 1)).isEqualTo(a);
            assertThat(ReferenceGf256.mul(a, 0)).isZero();
            if (a != 0) {
                assertThat(ReferenceGf256.mul(a, ReferenceGf256.inverse(a))).as("a = %d", a).isEqualTo(1);
            }
            for (int b = 0; b < 256; b++) {
                assertThat(ReferenceGf256.mul(a, b)).isEqualTo(ReferenceGf256.mul(b, a)).isBetween(0, 255);
            }
        }
    }

    @Test
    void workedExampleInTheSpecReconstructs() throws Exception {
        assertThat(new int[] {ReferenceGf256.eval(new int[] {0x53, 0xca}, 1), ReferenceGf256.eval(new int[] {0x53, 0xca}, 2),
                ReferenceGf256.eval(new int[] {0x53, 0xca}, 3)}).containsExactly(0x99, 0xdc, 0x16);
        List<Share> shares = List.of(new Share(2, SecretBytes.copyOf(new byte[] {(byte) 0xdc})),
                new Share(3, SecretBytes.copyOf(new byte[] {0x16})));
        try (SecretBytes s = Shamir.combine(2, shares)) {
            assertThat(s.reveal()).containsExactly(0x53);
        }
        List<Share> withFirst = List.of(new Share(1, SecretBytes.copyOf(new byte[] {(byte) 0x99})),
                new Share(3, SecretBytes.copyOf(new byte[] {0x16})));
        try (SecretBytes s = Shamir.combine(2, withFirst)) {
            assertThat(s.reveal()).containsExactly(0x53);
        }
    }

    /** Every value a secret byte can take, split 2-of-3 by codahale, interpolates back with the spec's field from every pair. */
    @Test
    void everySecretByteValueInterpolatesWithTheSpecifiedField() throws Exception {
        for (int v = 0; v < 256; v++) {
            try (SecretBytes s = SecretBytes.copyOf(new byte[] {(byte) v, (byte) (255 - v)})) {
                List<Share> shares = Shamir.split(s, 2, 3, Seeded.random(v));
                for (List<Integer> pair : Subsets.of(3, 2)) {
                    assertThat(ReferenceGf256.interpolateAtZero(points(Subsets.pick(shares, pair))))
                            .as("secret byte %d, shares %s", v, pair).containsExactly((byte) v, (byte) (255 - v));
                }
            }
        }
    }

    /** For every (M, N): the first and last M-subsets and five seeded ones interpolate to the secret with the spec's field. */
    @ParameterizedTest(name = "{0}-of-{1}")
    @MethodSource("org.keyceremony.sharing.ShamirPropertiesTest#thresholds")
    void codahaleSharesInterpolateWithTheSpecifiedField(int m, int n) throws Exception {
        byte[] secret = ShamirPropertiesTest.secret(m, n);
        try (SecretBytes s = SecretBytes.copyOf(secret)) {
            List<Share> shares = Shamir.split(s, m, n, Seeded.random(ShamirPropertiesTest.seed(m, n)));
            List<List<Integer>> subsets = Subsets.of(n, m);
            Random draw = new Random(ShamirPropertiesTest.seed(m, n));
            Set<List<Integer>> tried = new LinkedHashSet<>(List.of(subsets.get(0), subsets.get(subsets.size() - 1)));
            for (int i = 0; i < 5; i++) {
                tried.add(subsets.get(draw.nextInt(subsets.size())));
            }
            for (List<Integer> subset : tried) {
                assertThat(ReferenceGf256.interpolateAtZero(points(Subsets.pick(shares, subset)))).as("shares %s", subset)
                        .isEqualTo(secret);
            }
        }
    }

    /** For every (M, N): shares made with the spec's field from seeded coefficients are combined by codahale. */
    @ParameterizedTest(name = "{0}-of-{1}")
    @MethodSource("org.keyceremony.sharing.ShamirPropertiesTest#thresholds")
    void sharesMadeWithTheSpecifiedFieldCombine(int m, int n) throws Exception {
        byte[] secret = ShamirPropertiesTest.secret(m, n);
        Random draw = new Random(-ShamirPropertiesTest.seed(m, n));
        int[][] polynomials = new int[secret.length][m];
        for (int i = 0; i < secret.length; i++) {
            polynomials[i][0] = secret[i] & 0xFF;
            for (int d = 1; d < m; d++) {
                polynomials[i][d] = draw.nextInt(256);
            }
        }
        List<Share> shares = new ArrayList<>();
        for (int x = 1; x <= n; x++) {
            byte[] y = new byte[secret.length];
            for (int i = 0; i < secret.length; i++) {
                y[i] = (byte) ReferenceGf256.eval(polynomials[i], x);
            }
            shares.add(new Share(x, SecretBytes.copyOf(y)));
        }
        try (SecretBytes back = Shamir.combine(m, shares)) {
            assertThat(back.reveal()).isEqualTo(secret);
        }
    }

    private static Map<Integer, byte[]> points(List<Share> shares) {
        Map<Integer, byte[]> points = new HashMap<>();
        for (Share sh : shares) {
            points.put(sh.number(), sh.value().reveal());
        }
        return points;
    }
}
