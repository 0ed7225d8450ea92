package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
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
            }
        }
    }
}
