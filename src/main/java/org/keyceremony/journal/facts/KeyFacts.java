package org.keyceremony.journal.facts;

import java.util.List;
import java.util.Optional;

/** The facts of the actions that make keys and certificates in the HSM. */
public final class KeyFacts {
    private KeyFacts() {
    }

    static void requireSizeOrCurve(Optional<String> size, Optional<String> curve) {
        if (size.isPresent() == curve.isPresent()) {
            throw new IllegalArgumentException("a key has either a size (RSA) or a curve (EC)");
        }
    }

    /** A key pair: label, hex CKA_ID, algorithm, RSA size or EC curve, SPKI SHA-256, attributes as read back. */
    public record Key(String label, String id, String algorithm, Optional<String> size, Optional<String> curve,
                      String spkiSha256, List<String> attributes) {
        public Key {
            requireSizeOrCurve(size, curve);
        }

        /** The size (RSA) or the curve (EC). */
        public String sizeOrCurve() {
            return size.orElseGet(curve::orElseThrow);
        }
    }

    /** A certificate as printed: names, hex serial, validity, SHA-256 of the DER, extensions, PEM. */
    public record Certificate(String subject, String issuer, String serial, String notBefore, String notAfter,
                              String sha256, String signatureAlgorithm, List<String> extensions, String pem) {
    }

    /**
     * {@code generate-root-key}: the key, until when it stays extractable (absent from logs of
     * ceremonies before sealing), the token, how long the generation took, and that it signed.
     */
    public record GenerateRootKey(@Inline Key key, Optional<String> extractableUntil, String tokenSerial,
                                  long durationMs, boolean provenBySignature) implements StepFacts {
    }

    /** {@code self-sign-certificate}: the root certificate, the files written and the token that stores it. */
    public record SelfSignCertificate(@Inline Certificate certificate, List<String> files, String storedOnToken)
            implements StepFacts {
    }

    /** {@code issue-transcript-certificate}: either a new key and certificate, or those of an interrupted run. */
    public sealed interface IssueTranscriptCertificate extends StepFacts {
        String keyLabel();

        String keyId();

        Certificate certificate();

        /** The ceremony CA that issued the certificate, when the script asks for one; absent when the root did. */
        Optional<CeremonyCa> ceremonyCa();
    }

    /**
     * The ceremony CA ({@code policy.transcript-signer: issued-by-ceremony-ca}): a CA certificate
     * the root issued for this ceremony alone, whose key certified the transcript-signing key and
     * was destroyed at once ({@code keyDestroyed}).
     */
    public record CeremonyCa(String keyLabel, String keyId, Certificate certificate, boolean keyDestroyed,
                             List<String> files) {
    }

    /** A transcript-signing key (EC P-384) generated and certified in this step. */
    public record TranscriptKeyIssued(String keyLabel, String keyId, String algorithm, String curve,
                                      String spkiSha256, List<String> attributes, @Inline Certificate certificate,
                                      List<String> files, Optional<CeremonyCa> ceremonyCa)
            implements IssueTranscriptCertificate {
    }

    /** The key and certificate an interrupted run of the step made, found and used again. */
    public record TranscriptKeyReused(String keyLabel, String keyId, boolean reusedAfterInterruption,
                                      @Inline Certificate certificate, Optional<CeremonyCa> ceremonyCa)
            implements IssueTranscriptCertificate {
    }
}
