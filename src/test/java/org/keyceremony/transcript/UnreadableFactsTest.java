package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyceremony.transcript.HostileTranscripts.reason;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.keyceremony.journal.Event;

/**
 * A step's facts that are not the record of its action (a misspelt or a missing field) are not
 * printed as a blank: the step says they cannot be read, and {@code ceremony verify} fails,
 * naming the field, even when the transcript is signed by the ceremony's own key.
 */
class UnreadableFactsTest {
    private static final TestPki PKI = GenuineTranscript.PKI;

    @Test
    void aMisspeltFieldFailsVerificationNamingIt() throws Exception {
        VerificationReport r = GenuineTranscript.verifyHostile(signedWithFactsOf("3.2", f -> {
            Map<String, Object> m = new LinkedHashMap<>(f);
            m.put("comitment", m.remove("commitment"));
            return m;
        }));

        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "step-facts")).isEqualTo("the facts of step 3.2 (write-share) cannot be read: "
                + "field \"commitment\" is missing");
    }

    @Test
    void aMissingFieldIsNamedOnThePageNotLeftBlank() {
        List<Event> events = withFactsOf("2.1", f -> {
            Map<String, Object> m = new LinkedHashMap<>(f);
            m.remove("spkiSha256");
            return m;
        });

        TranscriptFacts.Derived d = TranscriptFacts.derive(events, "");

        assertThat(d.unreadableFacts()).containsExactly("the facts of step 2.1 (generate-root-key) cannot be read: "
                + "field \"spkiSha256\" is missing");
        assertThat(d.content().keys()).extracting(TranscriptContent.KeyDetails::purpose)
                .containsExactly("Transcript-signing key");
        assertThat(d.content().steps().stream().filter(s -> s.number().equals("2.1")).findFirst().orElseThrow().notes())
                .contains("UNREADABLE: the facts of step 2.1 (generate-root-key) cannot be read: field \"spkiSha256\"");
    }

    @Test
    void aSignerCertificateWhoseFactsCannotBeReadDoesNotBindTheSignature() throws Exception {
        VerificationReport r = GenuineTranscript.verifyHostile(signedWithFactsOf("2.3", f -> {
            Map<String, Object> m = new LinkedHashMap<>(f);
            m.put("sha-256", m.remove("sha256"));
            return m;
        }));

        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "signer-of-ceremony")).startsWith("the facts of step 2.3 (issue-transcript-certificate) "
                + "cannot be read: field \"sha256\" is missing");
    }

    @Test
    void theKeyProtectionSummaryNamesAStepWhoseFactsCannotBeRead() {
        List<Event> events = withFactsOf("2.3", f -> {
            Map<String, Object> m = new LinkedHashMap<>(f);
            m.remove("attributes");
            return m;
        });

        assertThat(ProtectionNotes.summary(events)).contains("UNREADABLE: the facts of step 2.3 "
                + "(issue-transcript-certificate) cannot be read: field \"attributes\" is missing");
    }

    @Test
    void theGenuineSyntheticLogHasNoUnreadableFacts() {
        assertThat(TranscriptFacts.derive(SyntheticCeremony.rootKeyGeneration(PKI).events(), "").unreadableFacts())
                .isEmpty();
    }

    /** The synthetic ceremony's log with the facts of {@code step}'s end replaced, chained again. */
    private static List<Event> withFactsOf(String step, UnaryOperator<Map<String, Object>> change) {
        List<Event> out = new ArrayList<>();
        String prev = Event.GENESIS;
        for (Event e : SyntheticCeremony.rootKeyGeneration(PKI).events()) {
            Map<String, Object> data = e.data();
            if (e.is(org.keyceremony.journal.EventType.STEP_END) && e.step().equals(step)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> facts = (Map<String, Object>) data.get("facts");
                Map<String, Object> d = new LinkedHashMap<>(data);
                d.put("facts", change.apply(facts));
                data = d;
            }
            Event next = Event.next(out.size() + 1, e.time(), e.type(), e.step(), e.actor(), data, prev);
            out.add(next);
            prev = next.hash();
        }
        return out;
    }

    private static byte[] signedWithFactsOf(String step, UnaryOperator<Map<String, Object>> change) throws Exception {
        List<Event> events = withFactsOf(step, change);
        StringBuilder jsonl = new StringBuilder();
        events.forEach(e -> jsonl.append(e.toJsonLine()).append('\n'));
        Instant at = events.get(events.size() - 1).time().plusSeconds(3);
        byte[] unsigned = TranscriptRenderer.render(TranscriptFacts.fromEvents(events, SyntheticCeremony.SCRIPT),
                List.of(new Attachment(Attachment.EVENT_LOG, "application/jsonl", "log", Attachment.Relationship.SOURCE,
                        jsonl.toString().getBytes(StandardCharsets.UTF_8))), at);
        return TranscriptSigner.withKey(PKI.signerKey().getPrivate(), null, PKI.signer(), PKI.root())
                .sign(unsigned, at, "KeyCeremony transcript signer", "test");
    }
}
