package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;

/**
 * Cards typed at the custodian's turn (no card named per custodian, as in the wizard's rehearsal):
 * a mistyped label and the ceremony's own HSM, on the same PKCS#11 library as the cards, are
 * refused on the spot, the cards present named without the HSM, and the custodian asked again;
 * the step does not fail and nothing is written to the HSM.
 */
@ExtendWith(SoftHsmExtension.class)
class TypedCardsIT {

    @Test
    void aMistypedCardAndTheHsmItselfAreRefusedOnTheSpotAndAskedAgain(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        t.typedCards = true;
        String typed = "[\"" + t.hsm.label() + "\", \"" + t.cards.get(0).label() + "\", \"crad-2\", \""
                + t.cards.get(1).label() + "\", \"" + t.cards.get(2).label() + "\", \"" + t.cards.get(3).label()
                + "\", \"" + t.cards.get(4).label() + "\"]";
        RecordingPrompter answers = t.answers(Map.of("3.4", typed), Map.of(), "abort");

        CeremonyResult result = t.run(UnaryOperator.identity(), answers);

        assertThat(result.outcome()).as("failures %s", answers.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(answers.failures).as("no failed attempt: each slip was caught before anything was opened").isEmpty();
        assertThat(answers.notices).anySatisfy(n -> assertThat(n)
                .contains("The token '" + t.hsm.label() + "'", "is this ceremony's HSM, not a custodian card",
                        "Custodian 1 \u2014 ", "give your card's label or serial again"));
        assertThat(answers.notices).anySatisfy(n -> assertThat(n).startsWith("There is no card labelled 'crad-2'. "
                + "Cards present: ").doesNotContain(t.hsm.serial()).contains("Custodian 2 \u2014 "));
        assertThat(t.hsmShareObjects()).as("no share was written to the HSM").isZero();
    }
}
