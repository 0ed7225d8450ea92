package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.Seeded;

class PublishedShareSetTest {
    private static final SecureRandom RANDOM = Seeded.random(121);

    private static SecretBytes kwk() {
        return SecretBytes.copyOf(FormatVectors.hex(FormatVectors.KWK));
    }

    @Test
    void namesTheNumberOfEachPublishedShare() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 3, 5, RANDOM)) {
            PublishedShareSet published = PublishedShareSet.of(set);
            for (int x = 1; x <= 5; x++) {
                assertThat(published.verify(set.envelope(x))).isEqualTo(x);
            }
        }
    }

    @Test
    void refusesAShareOfAnotherSet() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 2, 3, RANDOM); ShareSet other = ShareSet.split(kwk(), 2, 3, RANDOM)) {
            assertThatThrownBy(() -> PublishedShareSet.of(set).verify(other.envelope(2)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("it holds share #2 of set " + other.id().shortHex() + " (2-of-3), not a share of set "
                            + set.id().shortHex());
        }
    }

    @Test
    void refusesAnAlteredShareThatClaimsTheRightNumber() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 2, 3, RANDOM)) {
            byte[] bytes = set.envelope(2).share().reveal();
            bytes[3] ^= 1;
            try (ShareEnvelope altered = new ShareEnvelope(set.id(), 2, 2, 3, set.checkValue(), SecretBytes.adopt(bytes))) {
                assertThatThrownBy(() -> PublishedShareSet.of(set).verify(altered))
                        .hasMessage("it claims to be share #2 of set " + set.id().shortHex() + " (2-of-3) but its "
                                + "commitment " + altered.commitment().hex() + " matches none published for set "
                                + set.id().shortHex() + ": the share was altered or replaced");
            }
        }
    }

    @Test
    void refusesAShareWhoseParametersDifferFromThePublishedOnes() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 2, 3, RANDOM)) {
            // Published with another check value: every share of the set is refused, whatever its commitment.
            PublishedShareSet wrongCheckValue = new PublishedShareSet(ShareCommitments.of(set), 2, 3,
                    KwkCheckValue.fromHex("0011223344556677"));
            assertThatThrownBy(() -> wrongCheckValue.verify(set.envelope(1)))
                    .hasMessage("its parameters (2-of-3, KWK check value " + set.checkValue().hex() + ") differ from the"
                            + " published ones (2-of-3, 0011223344556677)");
            assertThatThrownBy(() -> new PublishedShareSet(ShareCommitments.of(set), 3, 4, set.checkValue()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
