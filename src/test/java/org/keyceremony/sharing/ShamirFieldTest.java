package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.keyceremony.secret.SecretBytes;

/**
 * Proves that codahale's field and layout are the ones docs/formats.md names, by checking
 * them against {@link ReferenceGf256}, which is written from the spec alone.
 */
class ShamirFieldTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void referenceFieldMatchesTheFips197Examples() {
        assertThat(ReferenceGf256.mul(0x57, 0x83)).isEqualTo(0xc1);
        assertThat(ReferenceGf256.mul(0x53, 0xca)).isEqualTo(0x01);
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

    @Property(tries = 200)
    void codahaleSharesInterpolateWithTheSpecifiedField(@ForAll @Size(min = 16, max = 64) byte[] secret,
            @ForAll @IntRange(min = 2, max = 10) int n, @ForAll @IntRange(min = 0, max = 1000) int pick) throws Exception {
        int m = 2 + pick % (n - 1);
        try (SecretBytes s = SecretBytes.copyOf(secret)) {
            List<Share> shares = Shamir.split(s, m, n, RANDOM);
            List<List<Integer>> subsets = Subsets.of(n, m);
            Map<Integer, byte[]> points = new HashMap<>();
            for (Share sh : Subsets.pick(shares, subsets.get(pick % subsets.size()))) {
                points.put(sh.number(), sh.value().reveal());
            }
            assertThat(ReferenceGf256.interpolateAtZero(points)).isEqualTo(secret);
        }
    }

    @Property(tries = 200)
    void sharesMadeWithTheSpecifiedFieldCombine(@ForAll @Size(min = 16, max = 64) byte[] secret,
            @ForAll @IntRange(min = 2, max = 10) int n, @ForAll @IntRange(min = 0, max = 1000) int pick) throws Exception {
        int m = 2 + pick % (n - 1);
        byte[][] coefficients = new byte[secret.length][m];
        List<Share> shares = new ArrayList<>();
        for (byte[] c : coefficients) {
            RANDOM.nextBytes(c);
        }
        for (int x = 1; x <= n; x++) {
            byte[] y = new byte[secret.length];
            for (int i = 0; i < secret.length; i++) {
                int[] poly = new int[m];
                poly[0] = secret[i] & 0xFF;
                for (int d = 1; d < m; d++) {
                    poly[d] = coefficients[i][d] & 0xFF;
                }
                y[i] = (byte) ReferenceGf256.eval(poly, x);
            }
            shares.add(new Share(x, SecretBytes.copyOf(y)));
        }
        try (SecretBytes back = Shamir.combine(m, shares)) {
            assertThat(back.reveal()).isEqualTo(secret);
        }
    }
}
