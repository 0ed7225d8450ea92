package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.cards.CardContents;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.hsm.DataObject;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.KwkCheckValue;
import org.keyceremony.sharing.Shamir;
import org.keyceremony.sharing.Share;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareEnvelopeCodec;
import org.keyceremony.sharing.ShareSetId;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import org.keyceremony.testing.pcsc.PcscWorld;

/**
 * The ceremonies with real smart-card middleware: the HSM on SoftHSM2, the five custodian
 * cards virtual PKCS#15 cards behind pcscd, reached through OpenSC's PKCS#11 module as real
 * cards are ({@link PcscWorld}). One root ceremony for the class, in which custodian 2 pulls the
 * card in the middle of its write and the step is redone; the later tests build on it (card
 * check, restore into the second HSM, share rotation), so they run in order and each needs the
 * ones before it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmartCardCeremonyIT {
    private static PcscWorld cards;
    private static CeremonyTable table;
    @TempDir
    static Path dir;

    @BeforeAll
    static void startCards() throws Exception {
        cards = PcscWorld.start(5);
        table = new CeremonyTable(SoftHsmWorld.get(), dir, cards);
    }

    @AfterAll
    static void stopCards() {
        if (cards != null) {
            cards.close();
        }
    }

    /** The split of the root ceremony (test 1), whose shares the later tests read and the rotation erases. */
    private static ShareSetId rootSet;

    @Test
    @Order(1)
    void rootCeremonyWithACardPulledMidWriteRedoesTheStepAndEveryThreeCardsRebuildTheKey() throws Exception {
        PcscWorld.Card second = cards.card(2);
        List<CountDownLatch> pulled = new ArrayList<>();
        List<CardContents> afterPull = new ArrayList<>();
        RecordingPrompter p = table.answers(Map.of(), Map.of("3.4", "retry"), "abort")
                // custodian 2 pulls the card at the share's first UPDATE BINARY, before it lands
                .atStep("3.4", () -> pulled.add(second.card().pullBefore(apdu -> (apdu[1] & 0xFF) == 0xD6)));
        p.onFailure = () -> {
            // the custodian takes the card out, puts it back, and the room looks at it before the retry
            cards.awaitCards(cards.cards().size() - 1);
            second.card().insert();
            cards.awaitCards(cards.cards().size());
            try {
                afterPull.add(table.card(2));
            } catch (Exception e) {
                throw new AssertionError("card 2 cannot be read after the pull", e);
            }
        };

        CeremonyResult result = table.run(api -> api, p);

        assertThat(result.outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(pulled).singleElement().satisfies(l -> assertThat(l.getCount()).as("card 2 was pulled").isZero());
        // OpenSC reports the cut-short write as CKR_GENERAL_ERROR and pcscd notices the removal a poll
        // later: "removed" once the middleware knows, else the failure with what to check
        assertThat(p.failures).singleElement().asString().startsWith("3.4: ").contains(second.tokenLabel())
                .satisfiesAnyOf(m -> assertThat(m).contains("was removed while share object 'keyceremony-share ")
                                .contains("Insert the card again and repeat the step"),
                        m -> assertThat(m).contains("Check that it is connected and working, then repeat the step"));
        assertThat(afterPull).singleElement().satisfies(c -> {
            assertThat(c.shares()).as("shares on card 2 after the pull").isEmpty();
            assertThat(c.unreadable()).as("half-written objects on card 2 after the pull").isEmpty();
        });
        List<ShareEnvelope> envelopes = new ArrayList<>();
        try {
            for (TestToken card : table.cards) {
                List<ShareEnvelope> onCard = shares(card);
                assertThat(onCard).as("shares on %s", card.label()).hasSize(1);
                envelopes.addAll(onCard);
            }
            rootSet = envelopes.get(0).setId();
            KwkCheckValue check = envelopes.get(0).checkValue();
            int subsets = 0;
            for (int a = 0; a < 5; a++) {
                for (int b = a + 1; b < 5; b++) {
                    for (int c = b + 1; c < 5; c++) {
                        List<Share> three = List.of(envelopes.get(a).toShare(), envelopes.get(b).toShare(),
                                envelopes.get(c).toShare());
                        try (SecretBytes kwk = Shamir.combine(3, three, check)) {
                            assertThat(check.matches(kwk)).isTrue();
                        }
                        subsets++;
                    }
                }
            }
            assertThat(subsets).isEqualTo(10);
        } finally {
            envelopes.forEach(ShareEnvelope::close);
        }
    }

    @Test
    @Order(2)
    void cardCheckReadsEveryCardAgainstTheBackupAndFindsThemAllGood() throws Exception {
        RecordingPrompter p = table.cardCheckAnswers();

        CeremonyResult result = table.runFollowUp(CeremonyTable.shippedEc("card-check.yaml", dir), p,
                dir.resolve("check"));

        assertThat(result.outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(facts(dir.resolve("check"), "2.2")).contains("cardsChecked=5", "cardsWithProblems=0",
                "allCardsGood=true", "combined=false");
        for (PcscWorld.Card card : cards.cards()) {
            assertThat(facts(dir.resolve("check"), "2.2")).contains(card.serial());
        }
    }

    @Test
    @Order(3)
    void restoreFromThreeCardsPutsTheRootKeyIntoANewHsm() throws Exception {
        List<String> presented = List.of(label(5), label(2), label(4));
        RecordingPrompter p = table.restoreAnswers(presented);

        CeremonyResult result = table.runFollowUp(CeremonyTable.shippedEc("backup-restore.yaml", dir), p,
                dir.resolve("restore"));

        assertThat(result.outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(facts(dir.resolve("restore"), "3.1")).contains("validShares=3", "shareNumbers=[5, 2, 4]");
        assertThat(stepEnds(dir.resolve("restore"))).anyMatch(f -> f.contains("signatureVerified=true"));
        try (HsmToken target = table.world.module().openByLabel(table.hsm2.label()); Pin pin = table.hsm2.pin()) {
            target.login(pin);
            assertThat(target.findObjects(ObjectClass.PRIVATE_KEY, null, null)).as("keys in the new HSM")
                    .anySatisfy(k -> assertThat(k.label()).isEqualTo(table.script.policy().key().orElseThrow().label()));
        }
    }

    @Test
    @Order(4)
    void rotationWritesTheNewSetAndErasesEveryOldShareFromTheCards() throws Exception {
        RecordingPrompter p = table.rotationAnswers(List.of(label(1), label(2), label(3)),
                List.of(label(1), label(4), label(5)), List.of(label(1), label(2), label(3), label(4), label(5)));

        CeremonyResult result = table.runFollowUp(CeremonyTable.shippedEc("share-rotation.yaml", dir), p,
                dir.resolve("rotation"));

        assertThat(result.outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(facts(dir.resolve("rotation"), "4.1")).contains("oldCardsErased=5", "oldSharesNotErased=[]");
        // what the cards hold now, read object by object through OpenSC (a half-erased object would not decode)
        Map<Integer, Integer> newShareOnCard = Map.of(1, 1, 4, 2, 5, 3);
        List<ShareEnvelope> newShares = new ArrayList<>();
        try {
            for (int i = 1; i <= 5; i++) {
                List<ShareEnvelope> onCard = shares(table.cards.get(i - 1));
                newShares.addAll(onCard);
                assertThat(onCard).as("card %d: shares of the root ceremony's set", i)
                        .noneMatch(e -> e.setId().equals(rootSet));
                Integer expected = newShareOnCard.get(i);
                if (expected != null) {
                    assertThat(onCard).as("card %d", i).singleElement()
                            .satisfies(e -> assertThat(e.number()).isEqualTo(expected))
                            .satisfies(e -> assertThat(e.m()).isEqualTo(2));
                } else {
                    assertThat(onCard).as("card %d (no new custodian)", i).isEmpty();
                }
            }
            assertThat(newShares).extracting(ShareEnvelope::setId).containsOnly(newShares.get(0).setId());
            try (SecretBytes kwk = Shamir.combine(2, List.of(newShares.get(0).toShare(), newShares.get(2).toShare()),
                    newShares.get(0).checkValue())) {
                assertThat(newShares.get(0).checkValue().matches(kwk)).as("shares 1 and 3 rebuild the new key").isTrue();
            }
        } finally {
            newShares.forEach(ShareEnvelope::close);
        }
    }

    private static String label(int custodian) {
        return cards.card(custodian).tokenLabel();
    }

    /** The facts of step {@code step}'s end in the event log of {@code out}, as text. */
    private static String facts(Path out, String step) throws Exception {
        return EventLogVerifier.verify(out.resolve("events.jsonl")).events().stream()
                .filter(e -> e.type().equals("step-end") && e.step().equals(step)).reduce((a, b) -> b)
                .map(e -> String.valueOf(e.data().get("facts"))).orElseThrow(() -> new AssertionError("no end of " + step));
    }

    private static List<String> stepEnds(Path out) throws Exception {
        return EventLogVerifier.verify(out.resolve("events.jsonl")).events().stream()
                .filter(e -> e.type().equals("step-end")).map(e -> String.valueOf(e.data().get("facts"))).toList();
    }

    /** The card's KeyCeremony objects, read through OpenSC after the custodian's login (invisible before it). */
    private static List<ShareEnvelope> shares(TestToken card) throws Exception {
        Pkcs11Module opensc = Pkcs11Module.open(PcscWorld.OPENSC);
        try (HsmToken t = opensc.openByLabel(card.label())) {
            assertThat(t.findDataObjects(CustodianCards.APPLICATION)).as("objects seen before login").isEmpty();
            try (Pin pin = card.pin()) {
                t.login(pin);
            }
            List<ShareEnvelope> result = new ArrayList<>();
            for (DataObject o : t.findDataObjects(CustodianCards.APPLICATION)) {
                byte[] value = t.readDataObject(o);
                try {
                    result.add(ShareEnvelopeCodec.decode(value));
                } finally {
                    java.util.Arrays.fill(value, (byte) 0);
                }
            }
            return result;
        }
    }
}
