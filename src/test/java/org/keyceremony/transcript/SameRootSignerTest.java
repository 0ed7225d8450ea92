package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyceremony.transcript.HostileTranscripts.reason;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.journal.Event;

/**
 * Attack: two ceremonies under the same root each have their own transcript-signing key, and
 * both keys stay in the HSM. Whoever can use ceremony A's key signs ceremony B's record (or a
 * record of a B that never happened). The chain to the root and the root's fingerprint hold;
 * only the tie between signer, ceremony id and root in the log can tell.
 */
class SameRootSignerTest {
    private static final TestPki A = GenuineTranscript.PKI;
    private static final String B_ID = "RKG-TEST-2";

    @TempDir
    Path dir;

    @Test
    void ceremonyBsRecordSignedWithCeremonyAsKeyIsRefused() throws Exception {
        TestPki b = HostileTranscripts.signerOf(A, B_ID);
        SyntheticCeremony ceremonyB = SyntheticCeremony.rootKeyGeneration(b, B_ID);
        byte[] genuineB = HostileTranscripts.signed(ceremonyB, b, ceremonyB.signingTime());
        assertThat(GenuineTranscript.verifyHostile(genuineB).failures()).as("ceremony B's own transcript").isEmpty();
        assertThat(GenuineTranscript.verifyHostile(GenuineTranscript.bytes()).failures()).as("ceremony A's own transcript").isEmpty();

        // B's record, rendered as the product does and signed by A's transcript key (its certificates embedded)
        byte[] hostile = HostileTranscripts.signed(ceremonyB, A, ceremonyB.signingTime());

        VerificationReport r = GenuineTranscript.verifyHostile(hostile);
        assertThat(r.valid()).isFalse();
        assertThat(r.failures()).extracting(Check::name).containsExactly("signer-of-ceremony");
        assertThat(reason(r, "signer-of-ceremony"))
                .contains("is not the transcript-signing certificate this ceremony issued")
                .contains("belongs to ceremony " + SyntheticCeremony.CEREMONY_ID + ", but the log is of ceremony " + B_ID);
        assertThat(r.check("root-fingerprint").orElseThrow().passed()).as("same root").isTrue();
        // An independent judge sees a valid signature under the same root: only the log can tell.
        assertThat(IndependentJudges.pdfsigVerdict(java.nio.file.Files.write(dir.resolve("h.pdf"), hostile)))
                .isEqualTo("Signature is Valid.");
    }

    @Test
    void aForgedLogOfCeremonyBThatRecordsCeremonyAsSignerIsRefused() throws Exception {
        // The forger writes ceremony B's log with A's certificate in its issue step, so the hashes match.
        SyntheticCeremony forgedB = SyntheticCeremony.rootKeyGeneration(A, B_ID);
        VerificationReport r = GenuineTranscript.verifyHostile(HostileTranscripts.signed(forgedB, A, forgedB.signingTime()));
        assertThat(r.valid()).isFalse();
        assertThat(r.failures()).extracting(Check::name).containsExactly("signer-of-ceremony");
        assertThat(reason(r, "signer-of-ceremony"))
                .isEqualTo("the signer's certificate belongs to ceremony " + SyntheticCeremony.CEREMONY_ID
                        + ", but the log is of ceremony " + B_ID);
    }

    @Test
    void aForgedLogThatNamesCeremonyAFirstAndCeremonyBOnTheCoverIsRefused() throws Exception {
        // A second ceremony-start: the signer matches the first id, the cover prints the last one.
        List<Event> forged = new ArrayList<>();
        String prev = Event.GENESIS;
        for (Event e : SyntheticCeremony.rootKeyGeneration(A).events()) {
            List<Map<String, Object>> data = new ArrayList<>(List.of(e.data()));
            if ("ceremony-start".equals(e.type())) {
                Map<String, Object> b = new LinkedHashMap<>(e.data());
                b.put("ceremonyId", B_ID);
                data.add(b);
            }
            for (Map<String, Object> d : data) {
                Event next = Event.next(forged.size() + 1, e.time(), e.type(), e.step(), e.actor(), d, prev);
                forged.add(next);
                prev = next.hash();
            }
        }
        StringBuilder jsonl = new StringBuilder();
        forged.forEach(e -> jsonl.append(e.toJsonLine()).append('\n'));
        TranscriptContent content = TranscriptFacts.fromEvents(forged, SyntheticCeremony.SCRIPT);
        assertThat(content.cover().ceremonyId()).isEqualTo(B_ID);
        Instant at = forged.get(forged.size() - 1).time();
        byte[] hostile = HostileTranscripts.signed(jsonl.toString().getBytes(StandardCharsets.UTF_8), A, at);

        VerificationReport r = GenuineTranscript.verifyHostile(hostile);
        assertThat(r.valid()).isFalse();
        assertThat(r.failures()).extracting(Check::name).containsExactly("signer-of-ceremony");
        assertThat(reason(r, "signer-of-ceremony")).contains("the log names more than one ceremony ("
                + SyntheticCeremony.CEREMONY_ID + ", " + B_ID + ")");
    }

    @Test
    void aLogThatRecordsAnotherRootThanTheSignaturesIsRefused() throws Exception {
        // The log (and so the pages) name Mallory's root; the signature chains to the real one.
        TestPki mallory = TestPki.create("Mallory Root");
        TestPki mixed = new TestPki(mallory.rootKey(), mallory.root(), A.signerKey(), A.signer());
        SyntheticCeremony ceremony = SyntheticCeremony.rootKeyGeneration(mixed);
        VerificationReport r = GenuineTranscript.verifyHostile(HostileTranscripts.signed(ceremony, A, ceremony.signingTime()));
        assertThat(r.valid()).isFalse();
        assertThat(r.failures()).extracting(Check::name).containsExactly("signer-of-ceremony");
        assertThat(reason(r, "signer-of-ceremony")).contains("the signature's root (SHA-256 "
                + GenuineTranscript.rootFingerprint() + ") is not the root this ceremony's log records (SHA-256 "
                + SyntheticCeremony.sha(mallory.root()) + ")");
    }

    @Test
    void aSignerWhoseCertificateNamesNoCeremonyIsRefused() throws Exception {
        java.security.KeyPair key = TestPki.ecKey();
        TestPki anonymous = A.withSigner(key, A.issueDocumentSigning(key.getPublic(), "CN=Some document signer",
                TestPki.NOT_BEFORE, java.time.Instant.now().plus(java.time.Duration.ofDays(365))));
        SyntheticCeremony ceremony = SyntheticCeremony.rootKeyGeneration(anonymous);
        VerificationReport r = GenuineTranscript.verifyHostile(HostileTranscripts.signed(ceremony, anonymous, ceremony.signingTime()));
        assertThat(r.failures()).extracting(Check::name).containsExactly("signer-of-ceremony");
        assertThat(reason(r, "signer-of-ceremony")).contains("names no ceremony (no serialNumber in its subject)");
    }
}
