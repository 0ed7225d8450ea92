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
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.ShareCommitments;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareSet;
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

    @Test
    void writesReadsAndVerifiesAThreeOfFiveSplitOnFiveCards() throws Exception {
        try (ShareSet set = split(3, 5)) {
            ShareCommitments published = ShareCommitments.of(set);
            for (int x = 1; x <= 5; x++) {
                TestToken card = fiveCards.get(x - 1);
                CardRef ref = x % 2 == 0 ? CardRef.bySerial(card.serial()) : CardRef.byLabel(card.label());
                try (Pin pin = card.pin()) {
                    ShareWritten written = cards.write(ref, pin, set.envelope(x));
                    assertThat(written.card().label()).isEqualTo(card.label());
                    assertThat(written.card().serial()).isEqualTo(card.serial());
                    assertThat(written.share().objectLabel())
                            .isEqualTo("keyceremony-share " + set.id().shortHex() + " #" + x);
                    assertThat(written.share().commitment()).isEqualTo(published.byNumber().get(x - 1));
                    assertThat(written.othersKept()).isEmpty();
                }
            }
            List<ShareEnvelope> readBack = new ArrayList<>();
            for (int x : new int[] {5, 2, 4}) {
                TestToken card = fiveCards.get(x - 1);
                try (Pin pin = card.pin()) {
                    CardShare share = cards.readVerified(CardRef.byLabel(card.label()), pin, published, x);
                    assertThat(share.card().serial()).isEqualTo(card.serial());
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
    void aShareReadFromTheWrongCustodiansCardIsRecognisedByItsCommitment() throws Exception {
        TestToken first = world.createToken("custodian");
        TestToken second = world.createToken("custodian");
        try (ShareSet set = split(2, 3); Pin p1 = first.pin(); Pin p2 = second.pin()) {
            cards.write(CardRef.byLabel(first.label()), p1, set.envelope(1));
            cards.write(CardRef.byLabel(second.label()), p2, set.envelope(2));
            ShareCommitments published = ShareCommitments.of(set);
            assertThatThrownBy(() -> cards.readVerified(CardRef.byLabel(second.label()), p2, published, 1))
                    .isInstanceOf(CardException.class)
                    .hasMessage("card '" + second.label() + "' (serial " + second.serial() + "): This card holds share #2"
                            + " of set " + set.id().shortHex() + ", not share #1 of set " + set.id().shortHex()
                            + ": it belongs to another custodian. Return it and use the right card.");
            try (CardShare right = cards.readVerified(CardRef.byLabel(first.label()), p1, published, 1)) {
                assertThat(right.envelope().number()).isEqualTo(1);
            }
        }
    }

    @Test
    void aWrongPinLeavesTheCardUntouched() throws Exception {
        try (ShareSet old = split(2, 3); ShareSet fresh = split(2, 3); Pin pin = spare.pin(); Pin wrong = spare.wrongPin()) {
            cards.write(CardRef.byLabel(spare.label()), pin, old.envelope(1));
            CardContents before = cards.list(CardRef.byLabel(spare.label()), pin);

            assertThatThrownBy(() -> cards.write(CardRef.byLabel(spare.label()), wrong, fresh.envelope(1)))
                    .isInstanceOf(HsmException.class).has(returnCode(ReturnCode.PIN_INCORRECT))
                    .hasMessageContaining(spare.serial())
                    .hasMessageNotContaining(spare.userPin());
            assertThatThrownBy(() -> cards.erase(CardRef.byLabel(spare.label()), wrong, old.id(),
                    CustodianCards.erasureConfirmation(old.id()))).isInstanceOf(HsmException.class)
                    .has(returnCode(ReturnCode.PIN_INCORRECT));
            assertThatThrownBy(() -> cards.read(CardRef.byLabel(spare.label()), wrong, old.id()))
                    .isInstanceOf(HsmException.class).has(returnCode(ReturnCode.PIN_INCORRECT));

            CardContents after = cards.list(CardRef.byLabel(spare.label()), pin);
            assertThat(after).isEqualTo(before);
            assertThat(after.shares()).singleElement()
                    .satisfies(s -> assertThat(s.commitment()).isEqualTo(old.envelope(1).commitment()));
        }
    }

    @Test
    void aSecondShareOfTheSameSetIsRefusedAndAShareOfAnotherSetIsReportedAndKept() throws Exception {
        CardRef ref = CardRef.byLabel(rotation.label());
        try (ShareSet old = split(2, 3); ShareSet fresh = split(3, 4); Pin pin = rotation.pin()) {
            cards.write(ref, pin, old.envelope(1));
            assertThatThrownBy(() -> cards.write(ref, pin, old.envelope(2)))
                    .isInstanceOf(CardException.class)
                    .hasMessage("card '" + rotation.label() + "' (serial " + rotation.serial() + ") already holds share #1"
                            + " of set " + old.id().shortHex() + " (2-of-3). A card holds at most one share of a set:"
                            + " nothing was written. Use another card.");

            ShareWritten written = cards.write(ref, pin, fresh.envelope(4));
            assertThat(written.othersKept()).singleElement().satisfies(s -> {
                assertThat(s.setId()).isEqualTo(old.id());
                assertThat(s.number()).isEqualTo(1);
                assertThat(s.describe()).isEqualTo("share #1 of set " + old.id().shortHex() + " (2-of-3)");
            });

            assertThatThrownBy(() -> cards.erase(ref, pin, old.id(), "yes"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("Erasing a share cannot be undone: confirm with exactly 'erase share set "
                            + old.id().shortHex() + "'. Nothing was erased.");
            assertThat(cards.list(ref, pin).shares()).hasSize(2);

            ShareErased erased = cards.erase(ref, pin, old.id(), CustodianCards.erasureConfirmation(old.id()));
            assertThat(erased.card().serial()).isEqualTo(rotation.serial());
            assertThat(erased.objectLabels()).containsExactly("keyceremony-share " + old.id().shortHex() + " #1");
            assertThat(cards.list(ref, pin).shares()).singleElement()
                    .satisfies(s -> assertThat(s.setId()).isEqualTo(fresh.id()));
            assertThatThrownBy(() -> cards.read(ref, pin, old.id()))
                    .hasMessageStartingWith("card '" + rotation.label() + "' (serial " + rotation.serial()
                            + ") holds no share of set " + old.id().shortHex());
        }
    }

    @Test
    void aCorruptedObjectValueIsDetected() throws Exception {
        CardRef ref = CardRef.byLabel(corrupted.label());
        try (ShareSet set = split(2, 3); ShareSet other = split(2, 3); Pin pin = corrupted.pin()) {
            cards.write(ref, pin, set.envelope(3));
            // Objects are unmodifiable: replace it, through the hsm layer, by one with a flipped byte.
            try (HsmToken token = world.module().openByLabel(corrupted.label())) {
                token.login(pin);
                DataObject original = token.findDataObjects(CustodianCards.APPLICATION).get(0);
                byte[] value = token.readDataObject(original);
                value[50] ^= 0x04;
                token.destroyObject(original.handle());
                token.createDataObject(CustodianCards.APPLICATION, original.label(), value);
            }
            assertThatThrownBy(() -> cards.read(ref, pin, set.id()))
                    .isInstanceOf(CardException.class)
                    .hasMessage("card '" + corrupted.label() + "' (serial " + corrupted.serial() + "): share object '"
                            + CustodianCards.objectLabel(set.envelope(3)) + "' is damaged: Share envelope checksum mismatch:"
                            + " the stored bytes are damaged. Do not use this share; try the other cards.");
            CardContents contents = cards.list(ref, pin);
            assertThat(contents.shares()).isEmpty();
            assertThat(contents.unreadable()).singleElement()
                    .satisfies(u -> assertThat(u.reason()).startsWith("Share envelope checksum mismatch"));
            assertThatThrownBy(() -> cards.write(ref, pin, other.envelope(1)))
                    .hasMessageContaining("holds a damaged KeyCeremony object");
            // The damaged object can still be erased deliberately (found by its label), then the card reused.
            cards.erase(ref, pin, set.id(), CustodianCards.erasureConfirmation(set.id()));
            assertThat(cards.write(ref, pin, other.envelope(1)).othersKept()).isEmpty();
        }
    }

    @Test
    void shareObjectsAreInvisibleWithoutLogin() throws Exception {
        try (ShareSet set = split(2, 3); Pin pin = hidden.pin()) {
            cards.write(CardRef.byLabel(hidden.label()), pin, set.envelope(2));
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
