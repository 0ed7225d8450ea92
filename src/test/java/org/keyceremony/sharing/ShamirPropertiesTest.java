package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.keyceremony.secret.InvalidInputException;
import org.keyceremony.secret.SecretBytes;

class ShamirPropertiesTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    record Split(byte[] secret, int m, int n) {
        /** The secret cut to an AES key length (16, 24 or 32), for splits that carry a check value. */
        byte[] aesKey() {
            int length = secret.length >= 32 ? 32 : secret.length >= 24 ? 24 : 16;
            return java.util.Arrays.copyOf(secret, length);
        }
    }

    @Provide
    Arbitrary<Split> splits() {
        Arbitrary<byte[]> secrets = Arbitraries.bytes().array(byte[].class).ofMinSize(16).ofMaxSize(64);
        Arbitrary<Integer> ns = Arbitraries.integers().between(2, 10);
        return ns.flatMap(n -> Combinators.combine(secrets, Arbitraries.integers().between(2, n))
                .as((s, m) -> new Split(s, m, n)));
    }

    @Property(tries = 200)
    void everyMSubsetReconstructsAndEveryMMinusOneSubsetIsRefused(@ForAll("splits") Split split) throws Exception {
        try (SecretBytes secret = SecretBytes.copyOf(split.secret())) {
            List<Share> shares = Shamir.split(secret, split.m(), split.n(), RANDOM);
            assertThat(shares).extracting(Share::number).containsExactly(range(split.n()));
            for (List<Integer> subset : Subsets.of(split.n(), split.m())) {
                try (SecretBytes back = Shamir.combine(split.m(), Subsets.pick(shares, subset))) {
                    assertThat(back.reveal()).isEqualTo(split.secret());
                }
            }
            for (List<Integer> subset : Subsets.of(split.n(), split.m() - 1)) {
                assertThatThrownBy(() -> Shamir.combine(split.m(), Subsets.pick(shares, subset)))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("are needed");
            }
        }
    }

    @Property(tries = 200)
    void sharesOfTwoDifferentSetsNeverCombineSilently(@ForAll("splits") Split split) throws Exception {
        byte[] other = split.aesKey();
        other[0] ^= 1;
        try (SecretBytes a = SecretBytes.copyOf(split.aesKey());
             SecretBytes b = SecretBytes.copyOf(other);
             ShareSet setA = ShareSet.split(a, split.m(), split.n(), RANDOM);
             ShareSet setB = ShareSet.split(b, split.m(), split.n(), RANDOM)) {
            // Half from each set, at least one of each, M or more in total.
            List<ShareEnvelope> mixed = new ArrayList<>();
            List<Share> mixedRaw = new ArrayList<>();
            for (int x = 1; x <= split.n(); x++) {
                ShareEnvelope e = (x % 2 == 1 ? setA : setB).envelope(x);
                mixed.add(e);
                mixedRaw.add(e.toShare());
            }
            assertThatThrownBy(() -> ShareSet.combine(mixed))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("never combine");
            // Even with the set ids stripped (raw shares), the check value refuses the mixture.
            assertThatThrownBy(() -> Shamir.combine(split.m(), mixedRaw, setA.checkValue()))
                    .isInstanceOf(InconsistentSharesException.class);
            assertThatThrownBy(() -> Shamir.combine(split.m(), mixedRaw, setB.checkValue()))
                    .isInstanceOf(InconsistentSharesException.class);
        }
    }

    @Property(tries = 200)
    void aFlippedByteAnywhereInAnEnvelopeIsDetected(@ForAll("splits") Split split,
            @ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll @IntRange(min = 1, max = 255) int flip)
            throws Exception {
        try (SecretBytes secret = SecretBytes.copyOf(split.aesKey());
             ShareSet set = ShareSet.split(secret, split.m(), split.n(), RANDOM);
             SecretBytes encoded = ShareEnvelopeCodec.encode(set.envelope(1 + position % split.n()))) {
            byte[] bytes = encoded.reveal();
            bytes[position % bytes.length] ^= (byte) flip;
            assertThatThrownBy(() -> ShareEnvelopeCodec.decode(bytes)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Property(tries = 200)
    void aWrongShareAmongMPlusOneIsNamedNeverUsed(@ForAll("splits") Split split,
            @ForAll @IntRange(min = 0, max = 100_000) int pick, @ForAll @IntRange(min = 1, max = 255) int flip)
            throws Exception {
        Assume.that(split.m() < split.n());
        try (SecretBytes secret = SecretBytes.copyOf(split.aesKey());
             ShareSet set = ShareSet.split(secret, split.m(), split.n(), RANDOM)) {
            List<ShareEnvelope> offered = new ArrayList<>(set.envelopes().subList(0, split.m() + 1));
            int victim = pick % offered.size();
            ShareEnvelope good = offered.get(victim);
            byte[] bytes = good.share().reveal();
            bytes[pick % bytes.length] ^= (byte) flip;
            offered.set(victim, new ShareEnvelope(good.setId(), good.number(), good.m(), good.n(), good.checkValue(),
                    SecretBytes.adopt(bytes)));
            assertThatThrownBy(() -> ShareSet.combine(offered))
                    .isInstanceOfSatisfying(InconsistentSharesException.class,
                            e -> assertThat(e.suspects()).containsExactly(good.number()))
                    .hasMessageStartingWith("Share #" + good.number() + " does not agree with shares ");
        }
    }

    private static Integer[] range(int n) {
        Integer[] out = new Integer[n];
        for (int i = 0; i < n; i++) {
            out[i] = i + 1;
        }
        return out;
    }
}
