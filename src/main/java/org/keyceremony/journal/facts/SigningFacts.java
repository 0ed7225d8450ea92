package org.keyceremony.journal.facts;

import java.util.List;
import java.util.Optional;

/** The facts of {@code sign-transcript}: they follow the signed transcript in the log, never inside it. */
public final class SigningFacts {
    private SigningFacts() {
    }

    /** The transcript signed (or, on resume, found signed and checked). */
    public record SignedTranscript(String transcript, String sha256, long eventsCovered, String finalHash,
                                   String signedBy, String rootSha256, Optional<Boolean> signedBeforeInterruption) {
    }

    /**
     * What became of the transcript-signing private key: destroyed (or already absent on resume),
     * or, if the destruction failed, the error and what to delete by hand.
     */
    public record SigningKeyDestruction(String signingKeyLabel, String signingKeyId, boolean signingKeyDestroyed,
                                        Optional<Boolean> signingKeyAlreadyAbsent, Optional<String> signingKeyError,
                                        Optional<String> signingKeyAction) {
    }

    /**
     * {@code sign-transcript}. {@code completionRecord} and the key's destruction are absent from
     * logs of ceremonies before they were recorded.
     */
    public record SignTranscript(@Inline SignedTranscript signed, Optional<String> completionRecord,
                                 @Inline Optional<SigningKeyDestruction> signingKey, List<String> loggedOut)
            implements StepFacts {
    }
}
