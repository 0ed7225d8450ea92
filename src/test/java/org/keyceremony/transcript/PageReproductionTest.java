package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.journal.Event;

/**
 * The rule that the pages are exactly what the embedded log renders, the signing revision
 * exactly what the signer writes, and that "completed" is in the verdict. Each forgery here is
 * signed properly by the ceremony's own transcript key (an insider): only the new checks can
 * refuse it. {@code InsiderForgeryTest} has the long list.
 */
class PageReproductionTest {
    private static final TestPki PKI = GenuineTranscript.PKI;

    @TempDir
    Path dir;

    private static VerificationReport verify(byte[] pdf, Expectations expected) {
        return TranscriptVerifier.verify("t.pdf", pdf, expected);
    }

    private static VerificationReport verify(byte[] pdf) {
        return verify(pdf, Expectations.fingerprint(GenuineTranscript.rootFingerprint()));
    }

    private static List<String> failed(VerificationReport r) {
        return r.failures().stream().map(Check::name).toList();
    }

    private static String reason(VerificationReport r, String check) {
        return r.check(check).orElseThrow().reason();
    }

    /** The synthetic ceremony's events, re-chained after {@code edit}; the log verifies as a chain. */
    private static byte[] rechained(List<Event> events) {
        StringBuilder jsonl = new StringBuilder();
        String prev = Event.GENESIS;
        int seq = 1;
        for (Event e : events) {
            Event next = Event.next(seq++, e.time(), e.type(), e.step(), e.actor(), e.data(), prev);
            prev = next.hash();
            jsonl.append(next.toJsonLine()).append('\n');
        }
        return jsonl.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<Event> events() {
        return SyntheticCeremony.rootKeyGeneration(PKI).events();
    }

    @Test
    void theGenuineTranscriptIsWhatItsLogRendersAndItsSigningRevisionWhatTheSignerWrites() throws Exception {
        VerificationReport r = verify(GenuineTranscript.bytes());
        assertThat(r.failures()).isEmpty();
        assertThat(reason(r, "pages-reproduced")).contains("byte for byte what the embedded log renders");
        assertThat(reason(r, "signing-revision")).contains("holds the signature and nothing else");
        assertThat(reason(r, "ceremony-complete")).contains("completed");
        assertThat(reason(r, "attachments")).contains("the embedded script is the one the log records");
    }

    @Test
    void anExtraPageSignedByTheCeremonysOwnKeyIsNotWhatTheLogRenders() throws Exception {
        byte[] genuine = GenuineTranscript.bytes();
        byte[] unsigned;
        try (PDDocument doc = Loader.loadPDF(java.util.Arrays.copyOf(genuine, TamperCorpus.firstRevisionEnd(genuine)))) {
            doc.addPage(new PDPage());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            unsigned = out.toByteArray();
        }
        SyntheticCeremony c = SyntheticCeremony.rootKeyGeneration(PKI);
        byte[] forged = TranscriptSigner.withKey(PKI.signerKey().getPrivate(), null, PKI.signer(), PKI.root())
                .sign(unsigned, c.signingTime(), "KeyCeremony rehearsal transcript signer",
                        "Transcript of ceremony " + SyntheticCeremony.CEREMONY_ID);
        VerificationReport r = verify(forged);
        assertThat(r.valid()).isFalse();
        assertThat(failed(r)).contains("pages-reproduced");
        assertThat(reason(r, "pages-reproduced")).contains("is not what its embedded log renders")
                .containsPattern("differs at byte \\d+");
        // the older checks find nothing wrong with it: the signature, binding and printed facts all hold
        assertThat(r.check("signature").orElseThrow().passed()).isTrue();
        assertThat(r.check("signer-of-ceremony").orElseThrow().passed()).isTrue();
        assertThat(r.check("printed-facts").orElseThrow().passed()).isTrue();
    }

    @Test
    void aSigningRevisionThatIsNotTheSignersIsRefusedEvenWhenThePagesAreGenuine() throws Exception {
        SyntheticCeremony c = SyntheticCeremony.rootKeyGeneration(PKI);
        LogTranscript t = LogTranscript.signed(c.jsonl(), SyntheticCeremony.SCRIPT, PKI.root(), PKI.signer());
        byte[] forged = TranscriptSigner.withKey(PKI.signerKey().getPrivate(), null, PKI.signer(), PKI.root())
                .sign(t.render(false), t.renderedAt(), "Somebody Else", "approved by the board");
        VerificationReport r = verify(forged);
        assertThat(failed(r)).containsExactly("signing-revision");
        assertThat(reason(r, "signing-revision")).contains("is not what the signer writes");
    }

    @Test
    void aLogCutBeforeTheBackupIsRenderedFaithfullyYetRefusedAsNotCompleted() throws Exception {
        List<Event> all = events();
        int backup = 0;
        while (!"3.5".equals(all.get(backup).step())) {
            backup++;
        }
        List<Event> cut = all.subList(0, backup);
        Instant last = cut.get(cut.size() - 1).time();
        VerificationReport r = verify(HostileTranscripts.signed(rechained(cut), PKI, last));
        assertThat(failed(r)).containsExactly("ceremony-complete");
        assertThat(reason(r, "ceremony-complete")).contains("the ceremony did not complete");
        assertThat(r.check("pages-reproduced").orElseThrow().passed()).as("its pages are its log").isTrue();
    }

    @Test
    void anAbortedCeremonyIsNotCompletedWhateverItsPagesSay() throws Exception {
        List<Event> events = new ArrayList<>(events());
        Event end = events.remove(events.size() - 1);
        events.add(Event.next(0, end.time(), "abort", "", "engine", Map.of(), ""));
        events.add(end);
        VerificationReport r = verify(HostileTranscripts.signed(rechained(events), PKI, end.time()));
        assertThat(failed(r)).contains("ceremony-complete");
        assertThat(reason(r, "ceremony-complete")).contains("aborted");
    }

    @Test
    void aLogThatNamesNoLayoutPredatesRenderingAgainAndSaysSo() throws Exception {
        List<Event> events = new ArrayList<>();
        for (Event e : events()) {
            Map<String, Object> data = new LinkedHashMap<>(e.data());
            data.remove("transcriptLayout");
            events.add(Event.next(0, e.time(), e.type(), e.step(), e.actor(), data, ""));
        }
        Instant last = events.get(events.size() - 1).time();
        VerificationReport r = verify(HostileTranscripts.signed(rechained(events), PKI, last));
        assertThat(failed(r)).containsExactly("pages-reproduced");
        assertThat(reason(r, "pages-reproduced")).contains("names no transcript layout")
                .contains("verify it with the version that made it");
    }

    @Test
    void theFinalHashAndCeremonyWrittenInTheRoomPickOutTheTranscriptSignedThere() throws Exception {
        byte[] genuine = GenuineTranscript.bytes();
        String finalHash = verify(genuine).check("footer-hash").orElseThrow().reason().replaceAll(".* ", "");
        String root = GenuineTranscript.rootFingerprint();

        VerificationReport right = verify(genuine, new Expectations(root, finalHash.toUpperCase(java.util.Locale.ROOT),
                SyntheticCeremony.CEREMONY_ID));
        assertThat(right.failures()).isEmpty();
        assertThat(reason(right, "expected-final-hash")).contains(finalHash);
        assertThat(right.check("expected-ceremony").orElseThrow().passed()).isTrue();

        // another genuine transcript of the same root and ceremony id, of a rewritten log (one more
        // manual value): it passes every check of the file itself, and only the hash from the room tells
        List<Event> events = new ArrayList<>();
        for (Event e : events()) {
            Map<String, Object> data = e.data();
            if (data.toString().contains("88120442")) {
                data = deepReplace(data, "88120442", "88120443");
            }
            events.add(Event.next(0, e.time(), e.type(), e.step(), e.actor(), data, ""));
        }
        byte[] rewritten = HostileTranscripts.signed(rechained(events), PKI, events.get(events.size() - 1).time());
        VerificationReport alone = verify(rewritten);
        assertThat(alone.failures()).as("the file alone").isEmpty();
        VerificationReport pinned = verify(rewritten, new Expectations(root, finalHash, SyntheticCeremony.CEREMONY_ID));
        assertThat(failed(pinned)).containsExactly("expected-final-hash");
        assertThat(reason(pinned, "expected-final-hash")).contains("not the transcript signed in the room");

        VerificationReport otherCeremony = verify(genuine, new Expectations(root, null, "RKG-TEST-9"));
        assertThat(failed(otherCeremony)).containsExactly("expected-ceremony");
        assertThat(reason(otherCeremony, "expected-ceremony")).contains("RKG-TEST-1").contains("RKG-TEST-9");
    }

    @Test
    void anUnsignedTranscriptIsWhatItsClosedLogRendersAndComplete() throws Exception {
        Path file = dir.resolve("unsigned.pdf");
        SyntheticCeremony c = SyntheticCeremony.rootKeyGeneration(PKI);
        TranscriptWriter.writeUnsignedFromLog(file, c.jsonl(), SyntheticCeremony.SCRIPT);
        VerificationReport r = TranscriptVerifier.verify(file, (String) null);
        assertThat(failed(r)).containsExactly("one-signature");
        Predicate<String> passed = name -> r.check(name).orElseThrow().passed();
        assertThat(passed.test("pages-reproduced")).isTrue();
        assertThat(passed.test("ceremony-complete")).isTrue();
        assertThat(passed.test("attachments")).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepReplace(Map<String, Object> map, String from, String to) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s) {
                v = s.replace(from, to);
            } else if (v instanceof Map<?, ?> m) {
                v = deepReplace((Map<String, Object>) m, from, to);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }
}
