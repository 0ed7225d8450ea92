package org.keyceremony.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.hsm.ReturnCode;
import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.PublishedShareSet;
import org.keyceremony.sharing.ShareSet;
import org.keyceremony.testing.Seeded;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.pcsc.PcscWorld;

/**
 * What real cards do that SoftHSM2 cannot, met through pcscd and OpenSC's PKCS#11 module
 * ({@link PcscWorld}): a card pulled in the middle of a write, a PIN typed wrong until the card
 * locks, a card that belongs to another custodian, and the cards as {@code ceremony hsm list}
 * shows them. Each test uses its own card of the world.
 */
class SmartCardFaultsIT {
    private static final SecureRandom RANDOM = Seeded.random(2401);
    private static final byte[] KWK = HexFormat.of()
            .parseHex("5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
    private static PcscWorld world;
    private static CustodianCards cards;

    @BeforeAll
    static void startCards() throws Exception {
        world = PcscWorld.start(4);
        cards = new CustodianCards(Pkcs11Module.open(PcscWorld.OPENSC));
    }

    @AfterAll
    static void stopCards() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aCardPulledDuringTheWriteLeavesNoShareSaysSoAndTheWriteCanBeRedone() throws Exception {
        PcscWorld.Card card = world.card(1);
        try (ShareSet set = ShareSet.split(SecretBytes.copyOf(KWK), 3, 5, RANDOM)) {
            CountDownLatch pulled;
            try (CardSession session = cards.insert(CardRef.byLabel(card.tokenLabel())); Pin pin = pin(card)) {
                session.logIn(pin);
                // the first UPDATE BINARY of the write is the share's own file: pulled before it lands
                pulled = card.card().pullBefore(apdu -> (apdu[1] & 0xFF) == 0xD6);
                assertThatThrownBy(() -> session.write(set.envelope(1)))
                        .isInstanceOf(HsmException.class)
                        .hasMessageContaining(card.tokenLabel())
                        // OpenSC reports the write cut short as CKR_GENERAL_ERROR, and pcscd notices
                        // the removal a poll later: "removed" once the middleware knows, else the
                        // failure with what to check; a retry is offered either way
                        .message().satisfiesAnyOf(
                                m -> assertThat(m).contains("was removed while share object 'keyceremony-share ")
                                        .contains("Insert the card again and repeat the step"),
                                m -> assertThat(m).contains("Check that it is connected and working, then repeat "
                                        + "the step"));
            }
            assertThat(pulled.getCount()).as("the card was pulled").isZero();
            world.awaitCards(world.cards().size() - 1); // the custodian takes the card out, then back in

            card.card().insert();
            world.awaitCards(world.cards().size());
            try (CardSession again = cards.insert(CardRef.byLabel(card.tokenLabel())); Pin pin = pin(card)) {
                again.logIn(pin);
                CardContents contents = again.contents();
                assertThat(contents.shares()).as("shares after the pull").isEmpty();
                assertThat(contents.unreadable()).as("half-written objects after the pull").isEmpty();
                again.write(set.envelope(1));
                try (CardShare share = again.readVerified(PublishedShareSet.of(set))) {
                    assertThat(share.envelope().number()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aWrongPinTypedUntilTheCardLocksIsCountedDownThenRefusedAsLocked() throws Exception {
        PcscWorld.Card card = world.card(2);
        for (int attempt = 1; attempt <= 3; attempt++) {
            try (CardSession session = cards.insert(CardRef.byLabel(card.tokenLabel()));
                 Pin wrong = Pin.copyOf("99999999".toCharArray())) {
                assertThatThrownBy(() -> session.logIn(wrong))
                        .isInstanceOf(HsmException.class)
                        .satisfies(e -> assertThat(((HsmException) e).returnCode()).contains(ReturnCode.PIN_INCORRECT))
                        .hasMessageContaining("was not accepted")
                        .hasMessageNotContaining("99999999");
            }
        }
        try (CardSession session = cards.insert(CardRef.byLabel(card.tokenLabel())); Pin right = pin(card)) {
            assertThatThrownBy(() -> session.logIn(right))
                    .isInstanceOf(HsmException.class)
                    .satisfies(e -> assertThat(((HsmException) e).returnCode()).contains(ReturnCode.PIN_LOCKED))
                    .hasMessageContaining("is locked")
                    .hasMessageNotContaining(card.pin());
        }
    }

    @Test
    void aCardThatHoldsAnotherCustodiansShareIsNamedAndNothingIsWritten() throws Exception {
        PcscWorld.Card card = world.card(3);
        try (ShareSet set = ShareSet.split(SecretBytes.copyOf(KWK), 2, 3, RANDOM)) {
            try (CardSession session = cards.insert(CardRef.byLabel(card.tokenLabel())); Pin pin = pin(card)) {
                session.logIn(pin);
                session.write(set.envelope(1));
                assertThatThrownBy(() -> session.write(set.envelope(2)))
                        .isInstanceOf(CardException.class)
                        .hasMessageContaining("already holds share #1");
                assertThat(session.contents().shares()).hasSize(1);
            }
        }
    }

    @Test
    void theCardsAreListedWithTheLabelsAndSerialsPkcs15InitGaveThem() throws Exception {
        List<TokenInfo> tokens = Pkcs11Module.open(PcscWorld.OPENSC).tokens();
        for (PcscWorld.Card card : world.cards()) {
            assertThat(tokens).anySatisfy(t -> {
                assertThat(t.label()).isEqualTo(card.tokenLabel());
                assertThat(t.serial()).isEqualTo(card.serial());
                assertThat(t.flags().initialized()).isTrue();
            });
        }
        String listed = SoftHsmWorld.run(System.getProperty("keyceremony.test.dist") + "/bin/ceremony", "hsm", "list",
                "--module", PcscWorld.OPENSC.toString());
        for (PcscWorld.Card card : world.cards()) {
            assertThat(listed).contains(card.tokenLabel()).contains(card.serial());
        }
    }

    private static Pin pin(PcscWorld.Card card) {
        return Pin.copyOf(card.pin().toCharArray());
    }
}
