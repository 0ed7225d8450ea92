package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.cards.CustodianCards;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Engine;
import org.keyceremony.ceremony.actions.RootCeremonyActions;
import org.keyceremony.hsm.DataObject;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.KwkCheckValue;
import org.keyceremony.sharing.Shamir;
import org.keyceremony.sharing.Share;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareEnvelopeCodec;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import org.keyceremony.testing.pcsc.PcscWorld;

/**
 * The ceremonies with real smart-card middleware: the HSM on SoftHSM2, the five custodian
 * cards virtual PKCS#15 cards behind pcscd, reached through OpenSC's PKCS#11 module as real
 * cards are ({@link PcscWorld}). One root ceremony for the class; the later tests build on it
 * (restore, card check, rotation), so they run in order.
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

    @Test
    @Order(1)
    void rootCeremonyWritesOneShareToEachCardAndEveryThreeCardsRebuildTheKey() throws Exception {
        RecordingPrompter p = table.answers(Map.of(), Map.of(), "abort");
        CeremonyResult result = table.run(api -> api, p);

        assertThat(result.outcome()).as("failures %s", p.failures).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        List<ShareEnvelope> envelopes = new ArrayList<>();
        try {
            for (TestToken card : table.cards) {
                List<ShareEnvelope> onCard = shares(card);
                assertThat(onCard).as("shares on %s", card.label()).hasSize(1);
                envelopes.addAll(onCard);
            }
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

    static CeremonyScript shippedEc(String name, Path into) throws Exception {
        String s = Files.readString(Path.of("ceremony-scripts").resolve(name), StandardCharsets.UTF_8)
                .replace("algorithm: RSA\n    size: 4096", "algorithm: EC\n    curve: P-384")
                .replace("digest: SHA-256", "digest: SHA-384");
        Path p = into.resolve("ec-" + name);
        Files.writeString(p, s, StandardCharsets.UTF_8);
        return CeremonyScripts.parse(p);
    }

    static CeremonyResult run(CeremonyScript script, RecordingPrompter p, Path out) throws Exception {
        return new Engine(RootCeremonyActions.registry(table.environment()), p, Clock.systemUTC()).run(script, out,
                true);
    }
}
