package org.keyceremony.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * What a hostile party makes with the product's own renderer and signer: transcripts whose
 * log and signer, or signing time, do not belong together. The {@link TestPki} keys stand in
 * for transcript-signing keys an insider can use in the HSM after their ceremony.
 */
final class HostileTranscripts {
    private HostileTranscripts() {
    }

    /**
     * The transcript of {@code ceremony} as the product renders it (the log records the root and
     * signer of the PKI it was made with), signed by {@code signing}'s key at {@code at}.
     */
    static byte[] signed(SyntheticCeremony ceremony, TestPki signing, Instant at) throws Exception {
        return signed(ceremony.jsonl(), signing, at);
    }

    /** The transcript of the log {@code jsonl}, rendered as the product does, signed by {@code signing}'s key at {@code at}. */
    static byte[] signed(byte[] jsonl, TestPki signing, Instant at) throws Exception {
        // embeds the certificates that sign, as the product does: only the binding to the log tells them apart
        LogTranscript transcript = LogTranscript.signed(jsonl, SyntheticCeremony.SCRIPT, signing.root(), signing.signer());
        byte[] unsigned = TranscriptRenderer.render(transcript.content(), transcript.attachments(), at);
        return TranscriptSigner.withKey(signing.signerKey().getPrivate(), null, signing.signer(), signing.root())
                .sign(unsigned, at, TranscriptWriter.signerName(transcript.content().cover()),
                        TranscriptWriter.reason(transcript.content().cover()));
    }

    /** A genuine transcript's unsigned revision signed again by {@code signing} (its time kept). */
    static byte[] resigned(byte[] genuine, TestPki signing) throws Exception {
        Instant when;
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(genuine)) {
            when = doc.getLastSignatureDictionary().getSignDate().toInstant();
        }
        byte[] unsigned = Arrays.copyOf(genuine, TamperCorpus.firstRevisionEnd(genuine));
        return TranscriptSigner.withKey(signing.signerKey().getPrivate(), null, signing.signer(), signing.root())
                .sign(unsigned, when, "KeyCeremony transcript signer", "forged");
    }

    /** {@code pki}'s root with a new transcript-signing key whose certificate names {@code ceremonyId}. */
    static TestPki signerOf(TestPki pki, String ceremonyId, Instant notBefore, Instant notAfter) throws Exception {
        java.security.KeyPair key = TestPki.ecKey();
        X509Certificate cert = pki.issueDocumentSigning(key.getPublic(),
                "CN=KeyCeremony transcript signer,SERIALNUMBER=" + ceremonyId, notBefore, notAfter);
        return pki.withSigner(key, cert);
    }

    static TestPki signerOf(TestPki pki, String ceremonyId) throws Exception {
        return signerOf(pki, ceremonyId, TestPki.NOT_BEFORE, Instant.now().plus(Duration.ofDays(3650)));
    }

    static byte[] incremental(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.saveIncremental(out);
        return out.toByteArray();
    }

    /** pdfsig's whole output on these bytes. */
    static String pdfsig(Path dir, String name, byte[] pdf) throws Exception {
        return IndependentJudges.run("pdfsig", Files.write(dir.resolve(name), pdf).toString()).output();
    }

    static String reason(VerificationReport r, String check) {
        return r.check(check).filter(c -> !c.passed()).map(Check::reason).orElse("(check " + check + " did not fail)");
    }
}
