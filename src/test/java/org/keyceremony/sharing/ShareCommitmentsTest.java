package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.Seeded;

class ShareCommitmentsTest {
    private static final SecureRandom RANDOM = Seeded.random(120);

    private static SecretBytes kwk() {
        return SecretBytes.copyOf(FormatVectors.hex(FormatVectors.KWK));
    }

    @Test
    void recognisesEachShareByItsCommitment() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 3, 5, RANDOM)) {
            ShareCommitments published = ShareCommitments.of(set);
            for (int x = 1; x <= 5; x++) {
                assertThat(published.numberOf(set.envelope(x).commitment())).contains(x);
                published.verify(x, set.envelope(x));
            }
        }
    }

    @Test
    void namesAnotherCustodiansShare() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 2, 3, RANDOM)) {
            ShareCommitments published = ShareCommitments.of(set);
            assertThatThrownBy(() -> published.verify(1, set.envelope(3)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("This card holds share #3 of set " + set.id().shortHex() + ", not share #1 of set "
                            + set.id().shortHex() + ": it belongs to another custodian. Return it and use the right card.");
        }
    }

    @Test
    void namesAShareOfAnotherSet() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 2, 3, RANDOM); ShareSet other = ShareSet.split(kwk(), 2, 3, RANDOM)) {
            assertThatThrownBy(() -> ShareCommitments.of(set).verify(2, other.envelope(2)))
                    .hasMessage("This card holds share #2 of set " + other.id().shortHex() + " (2-of-3), not share #2 of set "
                            + set.id().shortHex() + ": it belongs to another share set.");
        }
    }

    @Test
    void refusesAnAlteredShareThatClaimsTheRightNumber() throws Exception {
        try (ShareSet set = ShareSet.split(kwk(), 2, 3, RANDOM)) {
            byte[] bytes = set.envelope(2).share().reveal();
            bytes[3] ^= 1;
            ShareEnvelope altered = new ShareEnvelope(set.id(), 2, 2, 3, set.checkValue(), SecretBytes.adopt(bytes));
            assertThat(ShareCommitments.of(set).numberOf(altered.commitment())).isEmpty();
            assertThatThrownBy(() -> ShareCommitments.of(set).verify(2, altered))
                    .hasMessageContaining("matches none published for set " + set.id().shortHex());
        }
    }
}
