package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.Seeded;

class ShareSetTest {
    private static final SecureRandom RANDOM = Seeded.random(121);

    private static SecretBytes kwk() {
        return SecretBytes.copyOf(FormatVectors.hex(FormatVectors.KWK));
    }

    @Test
    void splitCarriesIdThresholdAndCheckValueInEveryEnvelope() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 3, 5, RANDOM)) {
            assertThat(set.checkValue().hex()).isEqualTo(FormatVectors.KCV);
            for (int x = 1; x <= 5; x++) {
                ShareEnvelope e = set.envelope(x);
                assertThat(e.number()).isEqualTo(x);
                assertThat(e.setId()).isEqualTo(set.id());
                assertThat(e.m()).isEqualTo(3);
                assertThat(e.n()).isEqualTo(5);
                assertThat(e.checkValue()).isEqualTo(set.checkValue());
            }
            assertThat(new HashSet<>(set.commitments())).hasSize(5);
            assertThat(set.toString()).doesNotContain(FormatVectors.KWK.substring(0, 8));
        }
    }

    @Test
    void aRotationOfTheSameKwkIsANewSetThatNeverMixesWithTheOld() throws Exception {
        try (ShareSet old = ShareSet.split(kwk(), 2, 3, RANDOM); ShareSet rotated = ShareSet.split(kwk(), 2, 3, RANDOM)) {
            assertThat(rotated.id()).isNotEqualTo(old.id());
            assertThatThrownBy(() -> ShareSet.combine(List.of(old.envelope(1), rotated.envelope(2))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("Share #2 belongs to share set " + rotated.id().shortHex() + " but share #1 to set "
                            + old.id().shortHex() + ": shares of different splits never combine."
                            + " Use cards of one share set only.");
        }
    }

    @Test
    void envelopesThatDisagreeOnThresholdOrCheckValueAreRefused() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 2, 3, RANDOM)) {
            ShareEnvelope one = set.envelope(1);
            ShareEnvelope liar = new ShareEnvelope(set.id(), 2, 3, 3, set.checkValue(),
                    SecretBytes.copyOf(set.envelope(2).share().reveal()));
            assertThatThrownBy(() -> ShareSet.combine(List.of(one, liar)))
                    .hasMessage("Share #2 says 3-of-3 but share #1 says 2-of-3 for the same share set:"
                            + " one of the cards is not what it claims.");
            ShareEnvelope otherCheck = new ShareEnvelope(set.id(), 2, 2, 3, KwkCheckValue.fromHex("0000000000000000"),
                    SecretBytes.copyOf(set.envelope(2).share().reveal()));
            assertThatThrownBy(() -> ShareSet.combine(List.of(one, otherCheck)))
                    .hasMessageContaining("carries KWK check value 0000000000000000");
        }
    }

    @Test
    void aWrongShareAmongMPlusOneEnvelopesIsNamed() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 2, 3, RANDOM)) {
            byte[] bad = set.envelope(2).share().reveal();
            bad[0] ^= 0x01;
            ShareEnvelope forged = new ShareEnvelope(set.id(), 2, 2, 3, set.checkValue(), SecretBytes.adopt(bad));
            assertThatThrownBy(() -> ShareSet.combine(List.of(set.envelope(1), forged, set.envelope(3))))
                    .isInstanceOfSatisfying(InconsistentSharesException.class,
                            e -> assertThat(e.suspects()).containsExactly(2))
                    .hasMessageStartingWith("Share #2 does not agree with shares #1, #3");
        }
    }

    @Test
    void refusesKeysThatAreNotAesKeys() {
        assertThatThrownBy(() -> ShareSet.split(SecretBytes.copyOf(new byte[20]), 2, 3, RANDOM))
                .hasMessage("The key to split must be an AES key of 16, 24 or 32 bytes, not 20 bytes.");
    }

    @Test
    void closingTheSetWipesEveryShare() throws Exception {
        ShareSet set = ShareSet.split(kwk(), 2, 3, RANDOM);
        set.close();
        assertThat(set.envelopes()).allSatisfy(e -> assertThat(e.share().isWiped()).isTrue());
    }
}
