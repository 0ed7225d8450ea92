package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.hsm.EcCurve;
import org.keyceremony.hsm.GeneratedKeyPair;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.KeyPairSpec;
import org.keyceremony.secret.Pin;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;

/** The transcript signed in a real SoftHSM2 token by a non-extractable EC P-384 key. */
@ExtendWith(SoftHsmExtension.class)
class TranscriptSigningIT {
    @TempDir
    Path dir;

    @Test
    void aTranscriptSignedInTheHsmVerifiesForUsAndForPdfsig(SoftHsmWorld world) throws Exception {
        TestPki pki = GenuineTranscript.PKI;
        TestToken hsm = world.createToken("transcript");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            GeneratedKeyPair kp = t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P384), "transcript-signing",
                    new byte[] {0x54}, false);
            X509Certificate cert = pki.issueDocumentSigning(kp.publicKey(), "Example Root R1 Transcript Signing (HSM)");
            TranscriptSigner signer = TranscriptSigner.withKey(kp.privateKey(), t.signingProvider(), cert, pki.root());

            // The log records the certificate that signs: this HSM key's.
            SyntheticCeremony ceremony = SyntheticCeremony.rootKeyGeneration(pki.withSigner(null, cert));
            Path file = dir.resolve("transcript.pdf");
            VerificationReport written = LogTranscript.signed(ceremony.jsonl(), SyntheticCeremony.SCRIPT, pki.root(), cert)
                    .writeSigned(file, signer, pki.root());

            assertThat(written.valid()).isTrue();
            VerificationReport again = TranscriptVerifier.verify(file, SyntheticCeremony.sha(pki.root()));
            assertThat(again.failures()).isEmpty();
            assertThat(again.check("signature").orElseThrow().reason()).contains("(HSM)");
            assertThat(IndependentJudges.pdfsigVerdict(file)).isEqualTo("Signature is Valid.");
            assertThat(IndependentJudges.qpdfCheck(file).exit()).isZero();
            assertThat(Files.size(file)).isGreaterThan(10_000);
        }
    }
}
