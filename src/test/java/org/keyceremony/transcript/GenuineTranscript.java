package org.keyceremony.transcript;

import java.nio.file.Files;
import java.nio.file.Path;

/** A genuine signed transcript of {@link SyntheticCeremony}, made once per test JVM. */
final class GenuineTranscript {
    static final TestPki PKI = TestPki.create("Example Root R1");
    private static byte[] bytes;

    private GenuineTranscript() {
    }

    static synchronized byte[] bytes() throws Exception {
        if (bytes == null) {
            Path dir = Files.createTempDirectory("genuine-transcript");
            Path file = dir.resolve("transcript.pdf");
            write(file, PKI);
            bytes = Files.readAllBytes(file);
        }
        return bytes.clone();
    }

    /** What {@code ceremony verify --expect-fingerprint} says of {@code pdf}, bytes handed over as "hostile.pdf". */
    static VerificationReport verifyHostile(byte[] pdf) {
        return TranscriptVerifier.verify("hostile.pdf", pdf, rootFingerprint());
    }

    static String rootFingerprint() {
        return SyntheticCeremony.sha(PKI.root());
    }

    static VerificationReport write(Path file, TestPki pki) throws Exception {
        SyntheticCeremony ceremony = SyntheticCeremony.rootKeyGeneration(pki);
        TranscriptSigner signer = TranscriptSigner.withKey(pki.signerKey().getPrivate(), null, pki.signer(), pki.root());
        return LogTranscript.signed(ceremony.jsonl(), SyntheticCeremony.SCRIPT, pki.root(), pki.signer())
                .writeSigned(file, signer, pki.root());
    }
}
