package org.keyceremony.journal.facts;

import java.util.List;
import java.util.Optional;

/** The facts of the actions that make the backup: the KWK, the wrap, the shares and the package. */
public final class BackupFacts {
    private BackupFacts() {
    }

    /** {@code generate-kwk}: how the key-wrapping key was made (never the key). */
    public record GenerateKwk(String algorithm, List<String> sources, String derivation, boolean storedOnlyInMemory)
            implements StepFacts {
    }

    /**
     * {@code wrap-root-key}: the wrapped key's mechanism, length and SHA-256. {@code source},
     * {@code wrappingKey} and the two logins are absent from logs of ceremonies before the trusted
     * wrap; {@code temporaryCopyDestroyed} is a share rotation's.
     */
    public record WrapRootKey(String mechanism, String format, long wrappedLength, String wrappedSha256,
                              Optional<String> source, Optional<String> wrappingKey,
                              Optional<Boolean> securityOfficerLoggedIn, Optional<Boolean> administratorLoggedInAgain,
                              boolean kwkSessionObjectDestroyed, Optional<Boolean> temporaryCopyDestroyed)
            implements StepFacts {
    }

    /** {@code split-kwk}: M and N (as text), the new share set, the KWK check value, each share's commitment. */
    public record SplitKwk(String threshold, String shares, String shareSetId, String kwkCheckValue,
                           List<String> commitments) implements StepFacts {
    }

    /** {@code write-share}: one card written in the step, or every custodian's in turn. */
    public sealed interface WriteShare extends StepFacts {
        /** The shares written, one per card. */
        List<ShareWritten> written();
    }

    /** One share on its card, read back and compared; {@code shareNumber} is x as text. */
    public record ShareWritten(String custodian, long custodianNumber, String cardLabel, String cardSerial,
                               String shareNumber, String commitment, boolean readBackVerified) implements WriteShare {
        public List<ShareWritten> written() {
            return List.of(this);
        }
    }

    /** Several shares written in one step; {@code written} is how many. */
    public record SharesWritten(List<ShareWritten> shares, @JsonKey("written") long count) implements WriteShare {
        public List<ShareWritten> written() {
            return shares;
        }
    }

    /**
     * {@code verify-quorum}: every M-subset rebuilt the KWK from the shares as read from the cards
     * ({@code readFromCards}, absent from logs of ceremonies that recombined the copies in memory).
     */
    public record VerifyQuorum(long threshold, Optional<List<ShareRead>> readFromCards, long subsetsChecked,
                               List<String> subsets, boolean allRebuildTheKwk) implements StepFacts {
    }

    /** A share read from its card again in the quorum check. */
    public record ShareRead(long custodianNumber, String cardLabel, String cardSerial, String commitment) {
    }

    /** {@code write-backup}: each copy, their common SHA-256, and who signed the package. */
    public record WriteBackup(List<BackupCopy> copies, String sha256, boolean identical, String signedBy)
            implements StepFacts {
    }

    /** One copy of the backup package; {@code fileIdentity} is absent from logs of ceremonies before it was recorded. */
    public record BackupCopy(String destination, String path, String sha256, long bytes, Optional<String> fileIdentity) {
    }

    /** {@code verify-backup-restores}: the package read back, opened with M shares and proven to sign. */
    public record VerifyBackupRestores(List<String> copiesRead, boolean packageSignatureValid, List<String> sharesUsed,
                                       String kwkCheckValue, boolean unwrappedAsSessionObject,
                                       boolean challengeSignatureVerified, boolean sessionObjectsDestroyed)
            implements StepFacts {
    }
}
