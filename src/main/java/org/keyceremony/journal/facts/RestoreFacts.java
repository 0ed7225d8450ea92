package org.keyceremony.journal.facts;

import java.util.List;
import java.util.Optional;

/** The facts of a restore, a share rotation and a card check: the package, the cards, the key put back. */
public final class RestoreFacts {
    private RestoreFacts() {
    }

    /**
     * {@code load-backup}: the package found and checked, what its metadata says, (when the
     * HSM holds the key) where the root certificate was written, and the transcript of the ceremony
     * that wrote the package when it was found beside this ceremony's output folder ({@link BuildsOn}).
     */
    public record LoadBackup(Optional<List<String>> rootCertificateFiles, Optional<String> rootCertificateSha256,
                             @JsonKey("package") String packageFile, String sha256,
                             String sha256FromOriginalTranscript, boolean sha256Compared,
                             Optional<Boolean> reloadedAfterInterruption, long packagesOnMedia, boolean signatureValid,
                             String originalCeremonyId, String createdAt, String keyLabel, String keyId,
                             String algorithm, String spkiSha256, String threshold, String shares, String shareSetId,
                             String kwkCheckValue, List<ShareRecord> shareRecords,
                             Optional<Boolean> targetHoldsNoSuchKey, Optional<String> previousTranscript,
                             Optional<String> previousTranscriptSha256) implements BuildsOn {
    }

    /** A share as the backup metadata records it; {@code shareNumber} as text. */
    public record ShareRecord(String shareNumber, String custodian, String cardLabel, String cardSerial,
                              String commitment) {
    }

    /** {@code read-share}: every card presented until M valid shares were read. */
    public record ReadShare(long threshold, long validShares, List<String> shareNumbers, List<CardRead> cards)
            implements StepFacts {
    }

    /** One card presented to {@code read-share}: what was read and {@code result} ({@code refused: …} for a refused one). */
    public record CardRead(String card, Optional<String> cardSerial, Optional<String> shareNumber,
                           Optional<String> custodianOfRecord, Optional<String> commitment, String result) {
    }

    /** {@code combine-kwk}: the shares combined and the check value confirmed (never the key). */
    public record CombineKwk(List<String> sharesUsed, String kwkCheckValue, boolean checkValueConfirmed,
                             boolean storedOnlyInMemory) implements StepFacts {
    }

    /** {@code unwrap-into-hsm}: the key restored into the token, as read back, and how. */
    public record UnwrapIntoHsm(String tokenSerial, String tokenLabel, @Inline KeyFacts.Key key, String mechanism,
                                String format, long durationMs, boolean certificateStored, boolean foundAgainById,
                                boolean kwkSessionObjectDestroyed) implements StepFacts {
    }

    /** {@code verify-restored-key}: a fresh challenge signed by the restored key verifies with the root certificate. */
    public record VerifyRestoredKey(String tokenSerial, String foundById, String challengeSha256,
                                    String signatureAlgorithm, String verifiedWithCertificate,
                                    boolean signatureVerified) implements StepFacts {
    }

    /** {@code check-card}: every card presented, checked against the backup; nothing is combined. */
    public record CheckCard(String shareSetId, String threshold, String shares, List<CardChecked> cards,
                            long cardsChecked, long cardsWithProblems, List<String> sharesNotConfirmed,
                            boolean combined, boolean allCardsGood) implements StepFacts {
    }

    /** One card presented to {@code check-card}; {@code result} starts {@code OK: } or {@code PROBLEM: }. */
    public record CardChecked(String card, Optional<String> cardSerial, Optional<String> shareNumber,
                              Optional<String> commitment, Optional<String> custodianOfRecord, String result) {
    }

    /** {@code erase-share}: the old cards presented and erased, the old shares left, the package superseded. */
    public record EraseShare(String oldShareSetId, List<CardErased> cards, long oldCardsErased,
                             List<String> oldSharesNotErased, Optional<String> note, String supersededPackage,
                             String supersededPackageSha256, String supersededBy) implements StepFacts {
    }

    /** One old card presented to {@code erase-share}: the objects erased and those kept. */
    public record CardErased(String card, Optional<String> cardSerial, Optional<List<String>> erased, String result,
                             Optional<List<String>> kept) {
    }
}
