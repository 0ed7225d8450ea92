package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signer's certificate must be a document-signing end-entity of the embedded root. */
class ChainChecksTest {
    @TempDir
    Path dir;

    private VerificationReport signedWith(TestPki pki) throws Exception {
        SyntheticCeremony ceremony = SyntheticCeremony.rootKeyGeneration(pki);
        byte[] unsigned = TranscriptRenderer.render(TranscriptFacts.fromEvents(ceremony.events(), ""),
                ceremony.attachments(pki), java.time.Instant.now());
        byte[] signed = TranscriptSigner.withKey(pki.signerKey().getPrivate(), null, pki.signer(), pki.root())
                .sign(unsigned, ceremony.signingTime(), "t", "t");
        return TranscriptVerifier.verify("t", signed, (String) null);
    }

    @Test
    void aSignerWithoutDocumentSigningEkuIsRefused() throws Exception {
        VerificationReport r = signedWith(TestPki.create("No EKU Root", false, true));
        assertThat(r.valid()).isFalse();
        assertThat(r.check("chain").orElseThrow().reason()).contains("id-kp-documentSigning");
    }

    @Test
    void aSignerWithoutDigitalSignatureIsRefused() throws Exception {
        VerificationReport r = signedWith(TestPki.create("No KU Root", true, false));
        assertThat(r.valid()).isFalse();
        assertThat(r.check("chain").orElseThrow().reason()).contains("digitalSignature");
    }

    @Test
    void fingerprintsAreComparedWithoutColonsAndCase() {
        assertThat(ChainChecks.normalise("AB:cd:EF")).isEqualTo("abcdef");
    }
}
