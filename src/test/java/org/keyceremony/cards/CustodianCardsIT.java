package org.keyceremony.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.hsm.HsmFailures.returnCode;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.hsm.DataObject;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.ReturnCode;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.KwkCheckValue;
import org.keyceremony.sharing.PublishedShareSet;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareSet;
import org.keyceremony.testing.FaultInjector;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import org.keyceremony.testing.Seeded;

/** Custodian cards on real SoftHSM2 tokens. */
@ExtendWith(SoftHsmExtension.class)
class CustodianCardsIT {
    private static final SecureRandom RANDOM = Seeded.random(106);
    private static final byte[] KWK = HexFormat.of()
            .parseHex("d7ec354d9769af99e68dd9c9336b14cc52f87149f1cb042d4a02649f3dc580e2");

    private static SoftHsmWorld world;
    private static List<TestToken> fiveCards;
    private static TestToken spare;
    private static TestToken rotation;
    private static TestToken corrupted;
    private static TestToken hidden;
    private static CustodianCards cards;

    @BeforeAll
    static void makeCards(SoftHsmWorld w) {
        world = w;
        // Every token is made before any session opens: making one re-initialises the library.
        fiveCards = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fiveCards.add(world.createToken("card"));
        }
        spare = world.createToken("spare");
        rotation = world.createToken("rotation");
        corrupted = world.createToken("corrupted");
        hidden = world.createToken("hidden");
        cards = new CustodianCards(world.module());
    }

    private static ShareSet split(int m, int n) throws InvalidInputException {
        return ShareSet.split(SecretBytes.copyOf(KWK), m, n, RANDOM);
    }

    /** One insertion of {@code card}, logged in with its PIN; the caller closes it. */
    private static CardSession inserted(CardRef ref, TestToken card) throws Exception {
        CardSession session = cards.insert(ref);
        try (Pin pin = card.pin()) {
            session.logIn(pin);
        } catch (Exception e) {
            session.close();
            throw e;
        }
        return session;
    }

    @Test
    void theCeremonysHsmIsNeverACardAndAMissingCardNamesOnlyTheCardsPresent() throws Exception {
        TestToken hsm = spare; // stands for the ceremony's HSM on the same library, as in a rehearsal
        CustodianCards guarded = new CustodianCards(world.module(), java.util.Set.of(hsm.serial()));
        assertThatThrownBy(() -> guarded.insert(CardRef.byLabel(hsm.label())))
                .isInstanceOf(CardNotPresentException.class)
                .hasMessageContaining("is this ceremony's HSM, not a custodian card")
                .hasMessageContaining("Cards present: ").hasMessageContaining(describe(fiveCards.get(0)))
                .satisfies(e -> assertThat(e.getMessage().substring(e.getMessage().indexOf("Cards present:")))
                        .as("the HSM is not offered as a card").doesNotContain(hsm.serial()));
        assertThatThrownBy(() -> guarded.insert(CardRef.bySerial(hsm.serial())))
                .isInstanceOf(CardNotPresentException.class).hasMessageContaining("this ceremony's HSM");
        assertThatThrownBy(() -> guarded.insert(CardRef.byLabel("crad-1")))
                .isInstanceOf(CardNotPresentException.class)
                .hasMessageStartingWith("There is no card labelled 'crad-1'. Cards present: ")
                .hasMessageNotContaining(hsm.serial());
        try (CardSession ok = guarded.insert(CardRef.bySerial(fiveCards.get(0).serial()))) {
            assertThat(ok).isNotNull();
        }
    }

    private static String describe(TestToken card) {
        return "card '" + card.label() + "' (serial " + card.serial() + ")";
    }

    private static CardSession inserted(TestToken card) throws Exception {
        return inserted(CardRef.byLabel(card.label()), card);
    }

    @Test
    void writesReadsAndVerifiesAThreeOfFiveSplitOnFiveCards() throws Exception {
        try (ShareSet set = split(3, 5)) {
            PublishedShareSet published = PublishedShareSet.of(set);
            for (int x = 1; x <= 5; x++) {
                TestToken card = fiveCards.get(x - 1);
                CardRef ref = x % 2 == 0 ? CardRef.bySerial(card.serial()) : CardRef.byLabel(card.label());
                try (CardSession session = inserted(ref, card)) {
                    ShareWritten written = session.write(set.envelope(x));
                    assertThat(written.card().label()).isEqualTo(card.label());
                    assertThat(written.card().serial()).isEqualTo(card.serial());
                    assertThat(written.share().objectLabel())
                            .isEqualTo("keyceremony-share " + set.id().shortHex() + " #" + x);
                    assertThat(written.share().commitment()).isEqualTo(set.commitments().get(x - 1));
                    assertThat(written.othersKept()).isEmpty();
                }
            }
            List<ShareEnvelope> readBack = new ArrayList<>();
            for (int x : new int[] {5, 2, 4}) {
                TestToken card = fiveCards.get(x - 1);
                try (CardSession session = inserted(card)) {
                    CardShare share = session.readVerified(published);
                    assertThat(share.card().serial()).isEqualTo(card.serial());
                    assertThat(share.envelope().number()).isEqualTo(x);
                    assertThat(share.toString()).doesNotContain(HexFormat.of().formatHex(share.envelope().share().reveal()));
                    readBack.add(share.envelope());
                }
            }
            try (SecretBytes kwk = ShareSet.combine(readBack)) {
                assertThat(kwk.reveal()).isEqualTo(KWK);
            }
        }
    }

    @Test
    void oneInsertionIsOneSessionAndOneLoginForTheWholeTurn() throws Exception {
        TestToken card = world.createToken("turn");
        FaultInjector calls = new FaultInjector();
        CustodianCards counted = new CustodianCards(Pkcs11Module.open(SoftHsmWorld.LIBRARY, calls));
        try (ShareSet set = split(2, 3); Pin pin = card.pin()) {
            try (CardSession session = counted.insert(CardRef.byLabel(card.label()))) {
                assertThat(session.currentInfo().flags().userPinLocked()).isFalse();
                assertThat(calls.calls("C_Login")).as("PIN counters are read before any login").isZero();
                session.logIn(pin);
                assertThat(session.contents().shares()).isEmpty();
                session.write(set.envelope(2));
                try (CardShare share = session.readVerified(PublishedShareSet.of(set))) {
                    assertThat(share.envelope().number()).isEqualTo(2);
                }
                session.erase(set.id(), CustodianCards.erasureConfirmation(set.id()));
                assertThatThrownBy(() -> session.logIn(pin)).isInstanceOf(HsmException.class).has(returnCode(ReturnCode.USER_ALREADY_LOGGED_IN));
            }
            assertThat(calls.calls("C_OpenSession")).isEqualTo(1);
            assertThat(calls.calls("C_Login")).as("the second login was refused before reaching the card").isEqualTo(1);
            assertThat(calls.calls("C_Logout")).isEqualTo(1);
            assertThat(calls.calls("C_CloseSession")).isEqualTo(1);
        }
    }

    @Test
    void aShareIsReadAsTheShareItIsAndAnAlteredOrForeignOneIsRefused() throws Exception {
        TestToken first = world.createToken("custodian");
        TestToken second = world.createToken("custodian");
        TestToken altered = world.createToken("altered");
        TestToken otherParameters = world.createToken("parameters");
        try (ShareSet set = split(2, 3); ShareSet other = split(2, 3)) {
            PublishedShareSet published = PublishedShareSet.of(set);
            byte[] bytes = set.envelope(2).share().reveal();
            bytes[3] ^= 1;
            try (ShareEnvelope tampered = new ShareEnvelope(set.id(), 2, 2, 3, set.checkValue(), SecretBytes.adopt(bytes));
                 ShareEnvelope foreignCheckValue = new ShareEnvelope(set.id(), 3, 2, 3,
                         KwkCheckValue.fromHex("0011223344556677"),
                         SecretBytes.copyOf(set.envelope(3).share().reveal()))) {
                try (CardSession s1 = inserted(first); CardSession s2 = inserted(second);
                     CardSession s3 = inserted(altered); CardSession s4 = inserted(otherParameters)) {
                    s1.write(set.envelope(1));
                    s2.write(set.envelope(2));
                    s3.write(tampered);
                    s4.write(foreignCheckValue);
                }
            }
            try (CardSession s = inserted(second); CardShare share = s.readVerified(published)) {
                assertThat(share.envelope().number()).as("another custodian's card says which share it holds")
                        .isEqualTo(2);
            }
            try (CardSession s = inserted(altered)) {
                assertThatThrownBy(() -> s.readVerified(published))
                        .isInstanceOf(CardException.class)
                        .hasMessageStartingWith(describe(altered) + " holds a corrupt share: it claims to be share #2"
                                + " of set " + set.id().shortHex() + " (2-of-3) but its commitment ")
                        .hasMessageEndingWith(" matches none published for set " + set.id().shortHex() + ": the share"
                                + " was altered or replaced. Do not use this card; record an exception.");
            }
            try (CardSession s = inserted(otherParameters)) {
                assertThatThrownBy(() -> s.readVerified(published))
                        .isInstanceOf(CardException.class)
                        .hasMessageStartingWith(describe(otherParameters) + " holds a corrupt share: ");
            }
            try (CardSession s = inserted(first)) {
                assertThatThrownBy(() -> s.readVerified(PublishedShareSet.of(other)))
                        .isInstanceOf(CardException.class)
                        .hasMessage(describe(first) + " holds no share of set " + other.id().shortHex() + " (it holds '"
                                + CustodianCards.objectLabel(set.envelope(1)) + "'). Check that this is the right"
                                + " custodian's card.");
            }
        }
    }

    @Test
    void aWrongPinLeavesTheCardUntouched() throws Exception {
        try (ShareSet old = split(2, 3); ShareSet fresh = split(2, 3); Pin wrong = spare.wrongPin()) {
            CardContents before;
            try (CardSession s = inserted(spare)) {
                s.write(old.envelope(1));
                before = s.contents();
            }

            try (CardSession s = cards.insert(CardRef.byLabel(spare.label()))) {
                assertThatThrownBy(() -> s.logIn(wrong))
                        .isInstanceOf(HsmException.class).has(returnCode(ReturnCode.PIN_INCORRECT))
                        .hasMessageContaining(spare.serial())
                        .hasMessageNotContaining(spare.userPin());
                assertThatThrownBy(() -> s.write(fresh.envelope(1))).as("nothing is done without the login")
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> s.erase(old.id(), CustodianCards.erasureConfirmation(old.id())))
                        .isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> s.readVerified(PublishedShareSet.of(old)))
                        .isInstanceOf(IllegalStateException.class);
            }

            try (CardSession s = inserted(spare)) {
                CardContents after = s.contents();
                assertThat(after).isEqualTo(before);
                assertThat(after.shares()).singleElement()
                        .satisfies(sh -> assertThat(sh.commitment()).isEqualTo(old.envelope(1).commitment()));
            }
        }
    }

    @Test
    void aSecondShareOfTheSameSetIsRefusedAndAShareOfAnotherSetIsReportedAndKept() throws Exception {
        try (ShareSet old = split(2, 3); ShareSet fresh = split(3, 4); CardSession s = inserted(rotation)) {
            s.write(old.envelope(1));
            assertThatThrownBy(() -> s.write(old.envelope(2)))
                    .isInstanceOf(CardException.class)
                    .hasMessage("card '" + rotation.label() + "' (serial " + rotation.serial() + ") already holds share #1"
                            + " of set " + old.id().shortHex() + " (2-of-3). A card holds at most one share of a set:"
                            + " nothing was written. Use another card.");

            ShareWritten written = s.write(fresh.envelope(4));
            assertThat(written.othersKept()).singleElement().satisfies(sh -> {
                assertThat(sh.setId()).isEqualTo(old.id());
                assertThat(sh.number()).isEqualTo(1);
                assertThat(sh.describe()).isEqualTo("share #1 of set " + old.id().shortHex() + " (2-of-3)");
            });

            assertThatThrownBy(() -> s.erase(old.id(), "yes"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("Erasing a share cannot be undone: confirm with exactly 'erase share set "
                            + old.id().shortHex() + "'. Nothing was erased.");
            assertThat(s.contents().shares()).hasSize(2);

            ShareErased erased = s.erase(old.id(), CustodianCards.erasureConfirmation(old.id()));
            assertThat(erased.card().serial()).isEqualTo(rotation.serial());
            assertThat(erased.objectLabels()).containsExactly("keyceremony-share " + old.id().shortHex() + " #1");
            assertThat(s.contents().shares()).singleElement()
                    .satisfies(sh -> assertThat(sh.setId()).isEqualTo(fresh.id()));
            assertThatThrownBy(() -> s.readVerified(PublishedShareSet.of(old)))
                    .hasMessageStartingWith("card '" + rotation.label() + "' (serial " + rotation.serial()
                            + ") holds no share of set " + old.id().shortHex());
        }
    }

    @Test
    void aCorruptedObjectValueIsDetected() throws Exception {
        try (ShareSet set = split(2, 3); ShareSet other = split(2, 3); Pin pin = corrupted.pin()) {
            try (CardSession s = inserted(corrupted)) {
                s.write(set.envelope(3));
            }
            // Objects are unmodifiable: replace it, through the hsm layer, by one with a flipped byte.
            try (HsmToken token = world.module().openByLabel(corrupted.label())) {
                token.login(pin);
                DataObject original = token.findDataObjects(CustodianCards.APPLICATION).get(0);
                byte[] value = token.readDataObject(original);
                value[50] ^= 0x04;
                token.destroyObject(original.handle());
                token.createDataObject(CustodianCards.APPLICATION, original.label(), value);
            }
            try (CardSession s = inserted(corrupted)) {
                assertThatThrownBy(() -> s.readVerified(PublishedShareSet.of(set)))
                        .isInstanceOf(CardException.class)
                        .hasMessage("card '" + corrupted.label() + "' (serial " + corrupted.serial() + "): share object '"
                                + CustodianCards.objectLabel(set.envelope(3)) + "' is damaged: Share envelope checksum"
                                + " mismatch: the stored bytes are damaged. Do not use this share; try the other cards.");
                CardContents contents = s.contents();
                assertThat(contents.shares()).isEmpty();
                assertThat(contents.unreadable()).singleElement()
                        .satisfies(u -> assertThat(u.reason()).startsWith("Share envelope checksum mismatch"));
                assertThatThrownBy(() -> s.write(other.envelope(1)))
                        .hasMessageContaining("holds a damaged KeyCeremony object");
                // The damaged object can still be erased deliberately (found by its label), then the card reused.
                s.erase(set.id(), CustodianCards.erasureConfirmation(set.id()));
                assertThat(s.write(other.envelope(1)).othersKept()).isEmpty();
            }
        }
    }

    @Test
    void shareObjectsAreInvisibleWithoutLogin() throws Exception {
        try (ShareSet set = split(2, 3); CardSession s = inserted(hidden)) {
            s.write(set.envelope(2));
            String anonymous = SoftHsmWorld.run("pkcs11-tool", "--module", SoftHsmWorld.LIBRARY.toString(),
                    "--list-objects", "--token-label", hidden.label());
            assertThat(anonymous).doesNotContain("Data object").doesNotContain("keyceremony");
            String loggedIn = SoftHsmWorld.run("pkcs11-tool", "--module", SoftHsmWorld.LIBRARY.toString(),
                    "--list-objects", "--token-label", hidden.label(), "--login", "--pin", hidden.userPin());
            assertThat(loggedIn).contains("Data object")
                    .contains("keyceremony-share " + set.id().shortHex() + " #2")
                    .contains("private");
        }
    }
}
