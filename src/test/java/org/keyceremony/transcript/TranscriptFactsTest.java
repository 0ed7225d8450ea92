package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyceremony.journal.Event;

class TranscriptFactsTest {
    private static final TestPki PKI = GenuineTranscript.PKI;
    private final List<Event> events = SyntheticCeremony.rootKeyGeneration(PKI).events();
    private final TranscriptContent content = TranscriptFacts.fromEvents(events, "script");

    @Test
    void coverComesFromCeremonyStartAndEnd() {
        assertThat(content.cover().ceremonyId()).isEqualTo("RKG-TEST-1");
        assertThat(content.cover().kind()).isEqualTo("root-key-generation");
        assertThat(content.cover().timeZone()).isEqualTo("Europe/Amsterdam");
        assertThat(content.cover().start()).isEqualTo("10:00:07"); // 09:00:07 UTC in Amsterdam
        assertThat(content.cover().outcome()).isEqualTo("completed");
        assertThat(content.cover().rehearsal()).isTrue();
        assertThat(content.finalLogHash()).isEqualTo(events.get(events.size() - 1).hash());
    }

    @Test
    void stepsShowOutcomePeopleAndFailedAttempts() {
        TranscriptContent.StepRecord share2 = content.steps().stream().filter(s -> s.number().equals("3.3"))
                .findFirst().orElseThrow();
        assertThat(share2.outcome()).isEqualTo("completed");
        assertThat(share2.actor()).isEqualTo("Alice Admin (administrator)");
        assertThat(share2.confirmer()).isEqualTo("Walter Witness (WW)");
        assertThat(share2.notes()).isEqualTo("1 failed attempt: no token with label card-2 is present");
        assertThat(content.deviations()).singleElement().satisfies(d -> {
            assertThat(d.step()).isEqualTo("3.3");
            assertThat(d.initials()).isEqualTo("AA, WW, DC");
        });
    }

    @Test
    void shareTableKeysAndInventoryComeFromTheActionsFacts() {
        assertThat(content.shares().threshold()).isEqualTo("2");
        assertThat(content.shares().total()).isEqualTo("3");
        assertThat(content.shares().rows()).extracting(TranscriptContent.ShareRecord::commitment)
                .containsExactly("1".repeat(64), "2".repeat(64), "3".repeat(64));
        assertThat(content.keys()).extracting(TranscriptContent.KeyDetails::spkiSha256)
                .containsExactly(SyntheticCeremony.spki(PKI.root()), SyntheticCeremony.spki(PKI.signer()));
        assertThat(content.inventory()).extracting(TranscriptContent.InventoryItem::identifier)
                .contains("a1b2c3d4e5f60718", "88120442", "0e1a2b3c4d5e6f71");
        assertThat(content.backups()).hasSize(2);
        assertThat(content.zeroization().items()).containsExactly("kwk", "shares");
        assertThat(content.airGap().result()).startsWith("passed");
    }

    @Test
    void aLogWithoutClosingEventIsPrintedAsInterrupted() {
        TranscriptContent cut = TranscriptFacts.fromEvents(events.subList(0, 20), "");
        assertThat(cut.cover().outcome()).startsWith("interrupted");
        assertThat(cut.cover().end()).isEmpty();
    }

    @Test
    void printedFactsFollowTheRenderedOrder() {
        List<TranscriptFacts.PrintedFact> facts = TranscriptFacts.printedFacts(content);
        assertThat(facts.get(0).text()).isEqualTo("RKG-TEST-1");
        assertThat(facts).extracting(TranscriptFacts.PrintedFact::what)
                .contains("commitment of share 2", "KWK check value", "outcome of step 3.3");
    }
}
