package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.Seeded;

class ShamirTest {
    private static final SecureRandom RANDOM = Seeded.random(122);
    private static final byte[] KWK = java.util.HexFormat.of()
            .parseHex("d7ec354d9769af99e68dd9c9336b14cc52f87149f1cb042d4a02649f3dc580e2");

    private static List<Share> split(int m, int n) throws InvalidInputException {
        return Shamir.split(SecretBytes.copyOf(KWK), m, n, RANDOM);
    }

    private static Share renumbered(Share s, int number) {
        return new Share(number, SecretBytes.copyOf(s.value().reveal()));
    }

    private static Share corrupted(Share s) {
        byte[] v = s.value().reveal();
        v[v.length / 2] ^= 0x20;
        return new Share(s.number(), SecretBytes.adopt(v));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 256, 257, -1, 511})
    void rejectsShareNumbersOutsideOneTo255(int number) throws Exception {
        List<Share> shares = new ArrayList<>(split(2, 3).subList(0, 1));
        shares.add(renumbered(split(2, 3).get(1), number));
        assertThatThrownBy(() -> Shamir.combine(2, shares))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Share number " + number + " is out of range: share numbers are 1 to 255.");
    }

    @Test
    void rejectsADuplicateShare() throws Exception {
        List<Share> s = split(2, 3);
        assertThatThrownBy(() -> Shamir.combine(2, List.of(s.get(0), s.get(1), renumbered(s.get(2), 2))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Share #2 was offered twice: each share may be used once.");
    }

    @Test
    void rejectsSharesOfUnequalLengths() throws Exception {
        List<Share> s = split(2, 3);
        Share shorter = new Share(2, SecretBytes.copyOf(java.util.Arrays.copyOf(s.get(1).value().reveal(), 31)));
        assertThatThrownBy(() -> Shamir.combine(2, List.of(s.get(0), shorter)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Share #2 has 31 bytes but share #1 has 32: they cannot come from the same split.");
    }

    @Test
    void refusesFewerThanMSharesBeforeCombining() throws Exception {
        List<Share> s = split(3, 5);
        assertThatThrownBy(() -> Shamir.combine(3, s.subList(0, 2)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Only 2 share(s) offered, but 3 are needed: bring 1 more custodian card(s).");
        assertThatThrownBy(() -> Shamir.combine(3, List.of()))
                .hasMessage("Only 0 share(s) offered, but 3 are needed: bring 3 more custodian card(s).");
    }

    @ParameterizedTest
    @CsvSource({
        "3, 2, 'The threshold M must be between 2 and N = 2, got 3.'",
        "1, 3, 'The threshold M must be between 2 and N = 3, got 1.'",
        "0, 3, 'The threshold M must be between 2 and N = 3, got 0.'",
        "2, 1, 'The number of shares N must be between 2 and 255, got 1.'",
        "2, 256, 'The number of shares N must be between 2 and 255, got 256.'",
    })
    void refusesImpossibleThresholds(int m, int n, String message) {
        assertThatThrownBy(() -> split(m, n)).isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    @Test
    void refusesAnEmptySecret() {
        assertThatThrownBy(() -> Shamir.split(SecretBytes.copyOf(new byte[0]), 2, 3, RANDOM))
                .hasMessage("The secret to split is empty.");
    }

    @Test
    void splitsUpTo255Shares() throws Exception {
        List<Share> s = split(2, 255);
        assertThat(s).hasSize(255);
        try (SecretBytes back = Shamir.combine(2, List.of(s.get(254), s.get(0)))) {
            assertThat(back.reveal()).isEqualTo(KWK);
        }
    }

    @Test
    void namesTheWrongShareAmongMPlusOneWithTheCheckValue() throws Exception {
        List<Share> s = new ArrayList<>(split(3, 5).subList(0, 4));
        s.set(2, corrupted(s.get(2)));
        KwkCheckValue check = KwkCheckValue.of(SecretBytes.copyOf(KWK));
        assertThatThrownBy(() -> Shamir.combine(3, s, check))
                .isInstanceOfSatisfying(InconsistentSharesException.class, e -> {
                    assertThat(e.identified()).isTrue();
                    assertThat(e.suspects()).containsExactly(3);
                })
                .hasMessage("Share #3 does not agree with shares #1, #2, #4, which agree with each other and with the"
                        + " KWK check value. Set the card with share #3 aside, record an exception, and combine without it.");
    }

    @Test
    void namesTheWrongShareAmongMPlusTwoWithoutTheCheckValue() throws Exception {
        List<Share> s = new ArrayList<>(split(2, 5).subList(0, 4));
        s.set(0, corrupted(s.get(0)));
        assertThatThrownBy(() -> Shamir.combine(2, s))
                .isInstanceOfSatisfying(InconsistentSharesException.class,
                        e -> assertThat(e.suspects()).containsExactly(1))
                .hasMessageStartingWith("Share #1 does not agree with shares #2, #3, #4, which agree with each other.");
    }

    @Test
    void refusesButCannotNameAWrongShareAmongMPlusOneWithoutTheCheckValue() throws Exception {
        List<Share> s = new ArrayList<>(split(2, 3));
        s.set(1, corrupted(s.get(1)));
        assertThatThrownBy(() -> Shamir.combine(2, s))
                .isInstanceOfSatisfying(InconsistentSharesException.class,
                        e -> assertThat(e.suspects()).containsExactly(1, 2, 3))
                .hasMessage("Shares #1, #2, #3 do not agree with each other, and the wrong one cannot be singled out"
                        + " without the KWK check value. Combine other subsets or bring more cards.");
    }

    @Test
    void refusesAWrongShareAmongExactlyMByTheCheckValue() throws Exception {
        List<Share> s = new ArrayList<>(split(2, 3).subList(0, 2));
        s.set(1, corrupted(s.get(1)));
        KwkCheckValue check = KwkCheckValue.of(SecretBytes.copyOf(KWK));
        assertThatThrownBy(() -> Shamir.combine(2, s, check))
                .isInstanceOfSatisfying(InconsistentSharesException.class,
                        e -> assertThat(e.suspects()).containsExactly(1, 2))
                .hasMessage("The combined key does not match the KWK check value " + check.hex()
                        + ": one of shares #1, #2 is wrong or from another split. Add one more card to find out which.");
    }

    @Test
    void twoWrongSharesAreRefusedWithoutNamingAnInnocentOne() throws Exception {
        List<Share> s = new ArrayList<>(split(2, 5));
        s.set(0, corrupted(s.get(0)));
        s.set(3, corrupted(s.get(3)));
        KwkCheckValue check = KwkCheckValue.of(SecretBytes.copyOf(KWK));
        assertThatThrownBy(() -> Shamir.combine(2, s, check))
                .isInstanceOfSatisfying(InconsistentSharesException.class, e -> assertThat(e.identified()).isFalse());
    }

    @Test
    void consistentSharesOfAnotherKeyAreRefusedByTheCheckValue() throws Exception {
        List<Share> s = split(2, 4);
        KwkCheckValue other = KwkCheckValue.of(SecretBytes.copyOf(new byte[32]));
        assertThatThrownBy(() -> Shamir.combine(2, s, other))
                .isInstanceOf(InconsistentSharesException.class)
                .hasMessageContaining("agree with each other but not with the KWK check value");
    }

    @Test
    void toStringNeverShowsShareBytes() throws Exception {
        Share s = split(2, 3).get(0);
        assertThat(s.toString()).isEqualTo("Share[#1, 32 bytes hidden]");
    }
}
