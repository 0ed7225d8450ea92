package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_LOCKED;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Engine;
import org.keyceremony.ceremony.actions.RootCeremonyActions;
import org.keyceremony.testing.FaultInjector;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;

/**
 * One card insertion is one PKCS#11 session and one login, counted at the PKCS#11 boundary in
 * front of real SoftHSM2 cards: writing a share (and its read-back), the quorum check that reads
 * every card again, a restore's share reads and a card check. A locked card opens one session
 * to read its PIN counters and is never logged in to. The custodian's PIN is wiped before the
 * card is first searched, i.e. right after the one login, not when the card's turn ends.
 */
@ExtendWith(SoftHsmExtension.class)
class CardSessionsIT {

    @Test
    void eachCardInsertionOpensOneSessionAndLogsInOnce(SoftHsmWorld world, @TempDir Path dir) throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        List<String> cards = t.cards.stream().map(TestToken::label).toList();
        SessionCounter counter = new SessionCounter();
        List<String> pinsAlive = new ArrayList<>();
        SoftAssertions soft = new SoftAssertions();

        RecordingPrompter root = watched(t.answers(Map.of(), Map.of(), "abort"), counter, cards, pinsAlive);
        CeremonyResult generated = t.run(counter, root);

        assertThat(generated.outcome()).as("failures %s", root.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        for (String card : cards) {
            assertOneInsertion(soft, counter, "3.4", card, "write-share");
            assertOneInsertion(soft, counter, "3.5", card, "verify-quorum");
        }
        // the wizard's share table follows these, not the wording of the notices
        List<String> turns = new ArrayList<>();
        for (String phase : List.of("WRITE_SHARE", "READ_FOR_QUORUM")) {
            for (int k = 1; k <= cards.size(); k++) {
                turns.add(phase + " " + k + " " + cards.get(k - 1));
            }
        }
        soft.assertThat(root.turns).as("custodian turns told").containsExactlyElementsOf(turns);

        String locked = cards.get(1);
        FaultInjector faults = new FaultInjector().reportFlags(locked, CKF_USER_PIN_LOCKED);
        List<String> presented = List.of(locked, cards.get(2), cards.get(0), cards.get(4));
        RecordingPrompter restore = watched(t.restoreAnswers(presented), counter, cards, pinsAlive);
        CeremonyResult restored = new Engine(RootCeremonyActions.registry(t.environment()
                .withPkcs11Layer(real -> counter.apply(faults.apply(real)))), restore, Clock.systemUTC())
                .run(CeremonyTable.shippedEc("backup-restore.yaml", dir), dir.resolve("restore"), true);

        assertThat(restored.outcome()).as("failures %s", restore.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        soft.assertThat(counter.sessions("3.1", locked)).as("sessions with the locked card").isEqualTo(1);
        soft.assertThat(counter.logins("3.1", locked)).as("logins on the locked card").isZero();
        for (String card : presented.subList(1, presented.size())) {
            assertOneInsertion(soft, counter, "3.1", card, "read-share");
        }
        // each PIN is asked of a named custodian, saying what happens to the card (issue 22)
        soft.assertThat(restore.pinAskedAfter.stream().filter(p -> p.startsWith("card-")))
                .as("what each custodian had read when asked for the PIN")
                .allMatch(p -> p.matches("(card-\\d) <- \\S+ Custodian \\(share #\\d\\): type your card's PIN \\(\\1\\)\\. "
                        + "Its share is read and checked; nothing on the card changes\\..*"));

        RecordingPrompter check = watched(t.cardCheckAnswers(), counter, cards, pinsAlive);
        CeremonyResult checked = new Engine(RootCeremonyActions.registry(t.environment().withPkcs11Layer(counter)),
                check, Clock.systemUTC()).run(CeremonyTable.shippedEc("card-check.yaml", dir), dir.resolve("check"), true);

        assertThat(checked.outcome()).as("failures %s", check.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        for (String card : cards) {
            assertOneInsertion(soft, counter, "2.2", card, "check-card");
        }
        soft.assertThat(check.pinAskedAfter.stream().filter(p -> p.startsWith("card-")))
                .as("what each custodian had read when asked for the PIN in the card check").hasSize(cards.size())
                .allMatch(p -> p.matches("(card-\\d) <- \\S+ Custodian \\(share #\\d\\): insert your card \\(\\1\\) and type "
                        + "your PIN\\. Its share is read and checked against the backup package; nothing on the card changes\\."));
        soft.assertThat(pinsAlive).as("a custodian's PIN still in memory when the card was searched").isEmpty();
        soft.assertThat(counter.openSessions()).as("sessions left open").isZero();
        soft.assertAll();
    }

    private static void assertOneInsertion(SoftAssertions soft, SessionCounter counter, String step, String card,
                                           String action) {
        soft.assertThat(counter.sessions(step, card)).as("%s (%s): sessions with %s", step, action, card).isEqualTo(1);
        soft.assertThat(counter.logins(step, card)).as("%s (%s): logins on %s", step, action, card).isEqualTo(1);
    }

    /**
     * Tells the counter which step runs, and notes every card PIN not yet wiped when a card
     * session first looks for objects (which it does only after its login).
     */
    private static RecordingPrompter watched(RecordingPrompter p, SessionCounter counter, List<String> cards,
                                             List<String> pinsAlive) {
        java.util.function.Consumer<org.keyceremony.script.Step> before = p.onShow;
        p.onShow = step -> {
            counter.step(step.id());
            before.accept(step);
        };
        Set<String> cardSet = Set.copyOf(cards);
        counter.onSessionCall((method, label) -> {
            if (cardSet.contains(label) && method.equals("C_FindObjectsInit")) {
                synchronized (p.pinsGiven) {
                    pinsAlive.addAll(p.pinsGiven.stream().filter(e -> cardSet.contains(e.getKey()))
                            .filter(e -> !e.getValue().isWiped()).map(e -> e.getKey() + " at " + method)
                            .collect(Collectors.toSet()));
                }
            }
        });
        return p;
    }
}
