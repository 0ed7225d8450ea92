package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every tampered transcript fails, each for its own reason; pdfsig agrees where it can judge. */
class TamperedTranscriptTest {
    private static Map<String, byte[]> corpus;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCorpus() throws Exception {
        corpus = TamperCorpus.all(GenuineTranscript.bytes(), TestPki.create("Mallory Root"));
    }

    private VerificationReport verify(String name) {
        VerificationReport r = TranscriptVerifier.verify(name, corpus.get(name), GenuineTranscript.rootFingerprint());
        return r;
    }

    private static String reason(VerificationReport r, String check) {
        return r.check(check).filter(c -> !c.passed()).map(Check::reason).orElse("(check " + check + " did not fail)");
    }

    private String pdfsig(String name) throws Exception {
        return IndependentJudges.pdfsigVerdict(Files.write(dir.resolve(name), corpus.get(name)));
    }

    private String pdfsigOutput(String name) throws Exception {
        return IndependentJudges.run("pdfsig", Files.write(dir.resolve(name), corpus.get(name)).toString()).output();
    }

    @Test
    void flippedContentByteBreaksTheSignature() throws Exception {
        VerificationReport r = verify("flipped-content-byte.pdf");
        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "signature")).contains("modified after signing");
        assertThat(pdfsig("flipped-content-byte.pdf")).isEqualTo("Digest Mismatch.");
    }

    @Test
    void incrementalUpdateThatChangesTextIsNamed() throws Exception {
        VerificationReport r = verify("incremental-text-change.pdf");
        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "byte-range")).contains("appended after the signed range");
        assertThat(reason(r, "no-changes-after-signing")).contains("incremental update")
                .contains("content of page 1 was rewritten");
        assertThat(pdfsigOutput("incremental-text-change.pdf")).contains("Not total document signed");
    }

    @Test
    void replacedEventLogIsNamed() throws Exception {
        VerificationReport r = verify("replaced-event-log.pdf");
        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "no-changes-after-signing")).contains("embedded event log was replaced");
        assertThat(reason(r, "footer-hash")).contains("but the embedded event log ends with");
        assertThat(pdfsigOutput("replaced-event-log.pdf")).contains("Not total document signed");
    }

    @Test
    void removedSignatureIsNamed() throws Exception {
        VerificationReport r = verify("signature-removed.pdf");
        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "one-signature")).contains("not signed");
        assertThat(pdfsigOutput("signature-removed.pdf")).contains("does not contain any signatures");
    }

    @Test
    void signatureUnderAnotherRootFailsTheFingerprintAndTheCeremonyBinding() throws Exception {
        VerificationReport r = verify("signed-by-another-key.pdf");
        assertThat(r.valid()).isFalse();
        // the embedded certificates are the genuine ones, not the signature's: the pages are not compared
        assertThat(r.failures()).extracting(Check::name).containsExactly("root-fingerprint", "signer-of-ceremony",
                "attachments", "pages-reproduced");
        assertThat(reason(r, "root-fingerprint")).contains("signed under another root");
        assertThat(reason(r, "signer-of-ceremony")).contains("not the transcript-signing certificate this ceremony issued")
                .contains("is not the root this ceremony's log records");
        assertThat(pdfsigOutput("signed-by-another-key.pdf")).contains("Mallory Root Transcript Signing");
        // Without the fingerprint the log still names the root and the signer it issued, and they are not these.
        VerificationReport unpinned = TranscriptVerifier.verify("x", corpus.get("signed-by-another-key.pdf"), (String) null);
        assertThat(unpinned.failures()).extracting(Check::name).containsExactly("signer-of-ceremony", "attachments",
                "pages-reproduced");
    }

    @Test
    void truncatedFileIsNamed() throws Exception {
        VerificationReport r = verify("truncated.pdf");
        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "file-complete")).contains("truncated");
        assertThat(pdfsig("truncated.pdf")).isNotEqualTo("Signature is Valid.");
    }

    @Test
    void shadowOverlayIsNamed() throws Exception {
        VerificationReport r = verify("shadow-overlay.pdf");
        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "no-changes-after-signing")).contains("shadow attack: overlay");
        assertThat(pdfsigOutput("shadow-overlay.pdf")).contains("Not total document signed");
    }

    @Test
    void theGenuineTranscriptPassesWithItsFingerprintInAnySpelling() throws Exception {
        String colons = GenuineTranscript.rootFingerprint().toUpperCase().replaceAll("(..)(?!$)", "$1:");
        assertThat(TranscriptVerifier.verify("genuine", GenuineTranscript.bytes(), colons).valid()).isTrue();
    }
}
