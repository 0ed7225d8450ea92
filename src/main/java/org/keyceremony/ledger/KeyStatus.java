package org.keyceremony.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where one root key stands, as the verified transcripts of the archive record it. The key is
 * named by its root certificate's SHA-256 fingerprint (or, when no transcript in the archive names
 * the certificate, by its public key's SPKI SHA-256).
 */
public record KeyStatus(String rootFingerprint, Optional<String> spkiSha256, String label, List<HsmHolding> hsms,
                        List<ShareSet> shareSets, List<Backup> backups, List<Certificate> certificates,
                        List<Crl> crls, List<HistoryEntry> history) {

    public KeyStatus {
        hsms = List.copyOf(hsms);
        shareSets = List.copyOf(shareSets);
        backups = List.copyOf(backups);
        certificates = List.copyOf(certificates);
        crls = List.copyOf(crls);
        history = List.copyOf(history);
    }

    /** The live share set: the newest one made for the key. */
    public Optional<ShareSet> liveSet() {
        return shareSets.stream().filter(ShareSet::live).findFirst();
    }

    /** A proof, by a ceremony, that something still works (a card read and matched, a package restored). */
    public record Proof(Instant time, String ceremonyId, String ceremony, String how) {
    }

    /** An HSM (by serial) holding the key: how it came to hold it, and when a ceremony last used it there. */
    public record HsmHolding(String serial, String tokenLabel, String how, Instant since, String sinceCeremony,
                             Instant lastSeen, String lastCeremony) {
    }

    /** A share set: M of N, the ceremony that made it, each share's holder, and its erasure once superseded. */
    public record ShareSet(String setId, int threshold, int shares, Optional<String> madeBy, Optional<Instant> madeAt,
                           boolean live, List<Share> holders, Optional<Erasure> erasure) {
        public ShareSet {
            holders = List.copyOf(holders);
        }
    }

    /** One share: its number, custodian of record, card, and the last time the card was proven. */
    public record Share(String shareNumber, String custodian, String cardSerial, String cardLabel,
                        Optional<Proof> lastProof) {
    }

    /** The recorded erasure of a superseded set: when, by which ceremony, and the shares not erased. */
    public record Erasure(Instant time, String ceremonyId, String ceremony, long cardsErased, List<String> notErased) {
        public Erasure {
            notErased = List.copyOf(notErased);
        }
    }

    /**
     * A backup package: its SHA-256 and share set, who made it, the copies the log recorded, the files
     * of that SHA-256 found in the archive, the last proof that it restores, and what superseded it.
     */
    public record Backup(String sha256, String setId, Optional<String> madeBy, Optional<Instant> madeAt,
                         List<String> copies, List<String> inArchive, Optional<Proof> lastProof,
                         Optional<String> supersededBy) {
        public Backup {
            copies = List.copyOf(copies);
            inArchive = List.copyOf(inArchive);
        }
    }

    /** A certificate: the root's own, or one it issued ({@code what} names the profile). */
    public record Certificate(String what, String subject, String serial, String notAfter, String sha256,
                              String ceremonyId) {
    }

    /** A CRL the root issued. */
    public record Crl(String crlNumber, String thisUpdate, String nextUpdate, String sha256, String ceremonyId) {
    }

    /**
     * One ceremony of the key, in time order, with what it builds on and how that link is known:
     * {@code transcript SHA-256} (recorded by the later ceremony: evidence), or {@code root fingerprint},
     * {@code public key} or {@code share set} (inferred from the facts).
     */
    public record HistoryEntry(String ceremonyId, String kind, Instant time, String file, boolean signed,
                               List<String> buildsOn, String linkedBy) {
        public HistoryEntry {
            buildsOn = List.copyOf(buildsOn);
        }
    }
}
