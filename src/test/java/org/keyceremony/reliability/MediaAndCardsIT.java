package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.cards.CardRef;
import org.keyceremony.cards.CardSession;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Engine;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.RootCeremonyActions;
import org.keyceremony.script.TokenRef;
import org.keyceremony.secret.Pin;
import org.keyceremony.sharing.ShareSetId;
import org.keyceremony.testing.FaultInjector;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.journal.Event;

/**
 * Issue 16, cases 5 and 14, with the real handlers on SoftHSM2 tokens: a backup medium that
 * vanishes or is replaced while the backup is written is an error (never a folder made on the
 * laptop's disk), the same card offered for two custodians is refused in words, and the quorum
 * is verified from what the cards hold, not from the copies kept in memory.
 */
@ExtendWith(SoftHsmExtension.class)
class MediaAndCardsIT {


    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aMediumPulledBeforeTheBackupIsWrittenIsAnErrorAndNoFolderIsMadeOnTheLaptop(SoftHsmWorld world,
            @TempDir Path dir) throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        Path medium2 = dir.resolve("media-2");
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort").atStep("3.6", () -> deleteTree(medium2));

        CeremonyResult r = t.run(java.util.function.UnaryOperator.identity(), p);

        assertThat(r.outcome()).isEqualTo(CeremonyResult.Outcome.ABORTED);
        assertThat(t.errorOf("3.6")).contains(medium2.toString()).contains("Insert and mount");
        assertThat(medium2).as("never re-created on the laptop's disk").doesNotExist();
        assertThat(t.filesUnder(dir.resolve("media-1"))).as("the first copy removed by the abort").isEmpty();
        t.assertNothingLeft();
    }

    @Test
    void aMediumReplacedWhileThePackageIsSignedIsRefusedAndNothingIsLeftOnEither(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        Path medium2 = dir.resolve("media-2");
        FaultInjector layer = new FaultInjector();
        // After the step checked both media and before it writes: media-2 is pulled and another folder
        // appears at its path (what an empty mount point, or another stick automounted there, looks like;
        // the pulled one is moved aside, not deleted, so that the file system cannot reuse its inode).
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort").atStep("3.6", () -> layer.beforeNext("C_SignInit",
                () -> {
                    try {
                        Files.move(medium2, dir.resolve("media-2-pulled"));
                        Files.createDirectory(medium2);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));

        CeremonyResult r = t.run(layer, p);

        assertThat(layer.fired()).contains("C_SignInit:changed");
        assertThat(r.outcome()).isEqualTo(CeremonyResult.Outcome.ABORTED);
        assertThat(t.errorOf("3.6")).contains("is not the one this step checked");
        assertThat(t.filesUnder(medium2)).as("nothing written to the folder that replaced the medium").isEmpty();
        assertThat(t.filesUnder(dir.resolve("media-1"))).as("the first copy removed by the abort").isEmpty();
        t.assertNothingLeft();
    }

    @Test
    void theSameCardOfferedForTwoCustodiansIsRefusedAndTheShareAlreadyOnItIsKept(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        String card1 = t.cards.get(0).label();
        // Custodian 2 brings custodian 1's card (its PIN is card 1's: the same card).
        Map<Integer, String> byCustodian = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            byCustodian.put(i + 1, i == 1 ? card1 : t.cards.get(i).label());
        }
        CeremonyEnvironment env = new CeremonyEnvironment(SoftHsmWorld.LIBRARY, SoftHsmWorld.LIBRARY,
                Map.of(TokenRef.HSM, t.hsm.label(), TokenRef.TARGET_HSM, t.hsm2.label()), byCustodian,
                List.of(dir.resolve("media-1"), dir.resolve("media-2")));
        List<String> seenAtFailure = new java.util.ArrayList<>();
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort");
        p.onFailure = () -> {
            try {
                t.card(1).shares().forEach(s -> seenAtFailure.add(s.describe()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        CeremonyResult r = new Engine(RootCeremonyActions.registry(env), p, java.time.Clock.systemUTC())
                .run(t.script, t.out, true);

        assertThat(r.outcome()).isEqualTo(CeremonyResult.Outcome.ABORTED);
        assertThat(t.errorOf("3.4")).contains("already holds share #1 of this split")
                .contains("nothing was written or erased").contains("custodian 2's own card");
        assertThat(seenAtFailure).as("share #1 still on card 1 when the refusal was reported")
                .singleElement().asString().startsWith("share #1 of set");
        assertThat(t.events("rollback")).as("no removal recorded for a share never written to card 1 as #2")
                .noneMatch(e -> String.valueOf(e.data().get("description")).contains("share #2"));
        t.assertNothingLeft();
    }

    @Test
    void theQuorumIsVerifiedFromWhatTheCardsHoldNotFromMemory(SoftHsmWorld world, @TempDir Path dir) throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        // Between writing (3.4) and the quorum check (3.5), card 3's share is erased.
        RecordingPrompter p = t.answers(Map.of(), Map.of(), "abort").atStep("3.5", () -> {
            try (CardSession card = new CustodianCards(world.module()).insert(CardRef.byLabel(t.cards.get(2).label()));
                 Pin pin = t.cards.get(2).pin()) {
                card.logIn(pin);
                ShareSetId set = card.contents().shares().get(0).setId();
                card.erase(set, CustodianCards.erasureConfirmation(set));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        CeremonyResult r = t.run(java.util.function.UnaryOperator.identity(), p);

        assertThat(r.outcome()).isEqualTo(CeremonyResult.Outcome.ABORTED);
        assertThat(t.errorOf("3.5")).contains(t.cards.get(2).label());
        assertThat(p.notices).as("custodians 1 and 2 inserted their cards again for the check, then 3")
                .filteredOn(n -> n.contains("again and type your PIN")).hasSize(3)
                .anyMatch(n -> n.contains(t.cards.get(0).label())).anyMatch(n -> n.contains(t.cards.get(2).label()));
        t.assertNothingLeft();
    }

    @Test
    void aCompletedQuorumCheckRecordsEveryShareAsReadFromItsCard(SoftHsmWorld world, @TempDir Path dir)
            throws Exception {
        CeremonyTable t = new CeremonyTable(world, dir);
        CeremonyResult r = t.run(java.util.function.UnaryOperator.identity(), t.answers(Map.of(), Map.of(), "abort"));

        assertThat(r.outcome()).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        Event quorum = t.events("step-end").stream().filter(e -> e.step().equals("3.5")).findFirst().orElseThrow();
        Map<?, ?> facts = (Map<?, ?>) quorum.data().get("facts");
        assertThat((List<?>) facts.get("readFromCards")).hasSize(5).allSatisfy(c -> assertThat(((Map<?, ?>) c)
                .get("cardSerial")).isNotNull());
        assertThat(facts.get("subsetsChecked")).isEqualTo(10L);
    }
}
