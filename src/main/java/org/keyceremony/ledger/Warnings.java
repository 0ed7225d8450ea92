package org.keyceremony.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's warning rules (docs/ledger.md, "Warnings"), evaluated at one moment with the
 * policy's thresholds and the roster's statuses. Pure: the same keys, policy, roster and moment give
 * the same warnings.
 */
public final class Warnings {
    private Warnings() {
    }

    /** Every warning about the archive and its keys at {@code asOf}. */
    public static List<Warning> evaluate(Archive.Contents archive, Ledger.Result ledger, Policy policy, Roster roster,
                                         Instant asOf) {
        List<Warning> out = new ArrayList<>();
        for (Archive.TranscriptFile t : archive.transcripts()) {
            if (t.verdict() == Archive.Verdict.FAILED) {
                out.add(new Warning("transcript-fails-verification", "", t.file() + " fails verification ("
                        + t.reason() + "); it contributes nothing to the ledger. Find the genuine copy on another medium "
                        + "and check it with 'ceremony verify'."));
            }
        }
        for (Gap g : ledger.gaps()) {
            out.add(new Warning("missing-ceremony", "", "gap: " + g.description()
                    + (g.referencedBy().isEmpty() ? "" : "; " + g.referencedBy() + " builds on it")
                    + ". Add that transcript to the archive."));
        }
        for (KeyStatus k : ledger.keys()) {
            out.addAll(ofKey(k, policy, roster, asOf));
        }
        return out;
    }

    /** The warnings about one key. */
    public static List<Warning> ofKey(KeyStatus k, Policy policy, Roster roster, Instant asOf) {
        List<Warning> out = new ArrayList<>();
        String key = k.rootFingerprint();
        Optional<KeyStatus.ShareSet> live = k.liveSet();
        if (live.isPresent()) {
            KeyStatus.ShareSet set = live.get();
            int proven = 0;
            for (KeyStatus.Share s : set.holders()) {
                String card = "card " + s.cardSerial() + " (" + s.custodian() + ", share #" + s.shareNumber() + " of set "
                        + set.setId() + ")";
                if (cardProven(s, policy, asOf)) {
                    proven++;
                } else {
                    out.add(new Warning("card-not-proven", key, card + (s.lastProof().isPresent()
                            ? " was last proven readable on " + LedgerDates.day(s.lastProof().get().time()) + " by "
                            + s.lastProof().get().ceremony() + ", more than " + policy.cardProofMonths()
                            + " months before " + LedgerDates.day(asOf)
                            : " was never proven readable in an archived ceremony") + ". Run a card check with this card."));
                }
                Optional<Roster.Entry> left = roster.leftBy(s.custodian(), asOf);
                if (left.isPresent()) {
                    out.add(new Warning("custodian-left", key, s.custodian() + " is " + left.get().status().word()
                            + " since " + left.get().since() + " (roster) and still holds share #" + s.shareNumber()
                            + " of the live set " + set.setId() + " on card " + s.cardSerial()
                            + ". Plan a share rotation that replaces this custodian."));
                }
            }
            int needed = set.threshold() + policy.quorumMargin();
            if (proven < needed) {
                out.add(new Warning("quorum-at-risk", key, "only " + proven + " of the " + set.holders().size()
                        + " cards of the live set " + set.setId() + " (" + set.threshold() + "-of-" + set.shares()
                        + ") were proven within " + policy.cardProofMonths() + " months; the policy wants at least "
                        + needed + " (M + " + policy.quorumMargin() + "). Run a card check with every custodian."));
            }
            for (KeyStatus.Backup b : k.backups()) {
                if (!b.setId().equals(set.setId()) || b.supersededBy().isPresent()) {
                    continue;
                }
                if (!backupProven(b, policy, asOf)) {
                    out.add(new Warning("backup-not-proven", key, "backup package " + b.sha256() + (b.lastProof()
                            .isPresent() ? " was last proven to restore on " + LedgerDates.day(b.lastProof().get().time())
                            + " by " + b.lastProof().get().ceremony() + ", more than " + policy.backupProofMonths()
                            + " months before " + LedgerDates.day(asOf) : " was never proven to restore in an archived "
                            + "ceremony") + ". Rehearse or perform a restore from it."));
                }
            }
        }
        for (KeyStatus.ShareSet s : k.shareSets()) {
            if (!s.live() && s.erasure().isEmpty()) {
                out.add(new Warning("old-set-not-erased", key, "share set " + s.setId() + " (" + s.threshold() + "-of-"
                        + s.shares() + ") was superseded, but no archived ceremony records erasing its shares. Erase "
                        + "them (the share rotation's erase step) or archive the transcript that did."));
            }
        }
        k.crls().stream().max(Comparator.comparingLong(c -> number(c.crlNumber()))).ifPresent(crl ->
                LedgerDates.instant(crl.nextUpdate()).ifPresent(next -> {
                    if (!next.isAfter(asOf.plus(Duration.ofDays(policy.crlNextUpdateDays())))) {
                        out.add(new Warning("crl-next-update", key, "the newest CRL (number " + crl.crlNumber()
                                + ") has nextUpdate " + crl.nextUpdate() + (next.isAfter(asOf) ? ", within "
                                + policy.crlNextUpdateDays() + " days of " : ", already past on ")
                                + LedgerDates.day(asOf) + ". Hold a crl-signing ceremony."));
                    }
                }));
        for (KeyStatus.Certificate c : k.certificates()) {
            Optional<Instant> notAfter = LedgerDates.instant(c.notAfter());
            if (notAfter.isPresent() && !notAfter.get().isAfter(asOf.plus(Duration.ofDays(policy.certificateExpiryDays())))) {
                out.add(new Warning("certificate-expiry", key, "the " + c.what() + " certificate " + c.subject()
                        + " (serial " + c.serial() + ") " + (notAfter.get().isAfter(asOf) ? "expires" : "expired")
                        + " on " + c.notAfter() + (notAfter.get().isAfter(asOf) ? ", within "
                        + policy.certificateExpiryDays() + " days of " + LedgerDates.day(asOf) : "")
                        + ". Plan its renewal."));
            }
        }
        return out;
    }

    /**
     * True when the share's card was proven readable and matching within the policy's
     * {@code card-proof-months} before {@code asOf}: the rule of {@code card-not-proven}, for a screen
     * that marks each card.
     */
    public static boolean cardProven(KeyStatus.Share share, Policy policy, Instant asOf) {
        return within(share.lastProof(), LedgerDates.minusMonths(asOf, policy.cardProofMonths()));
    }

    /** True when the package was proven to restore within {@code backup-proof-months}: the rule of {@code backup-not-proven}. */
    public static boolean backupProven(KeyStatus.Backup backup, Policy policy, Instant asOf) {
        return within(backup.lastProof(), LedgerDates.minusMonths(asOf, policy.backupProofMonths()));
    }

    private static boolean within(Optional<KeyStatus.Proof> proof, Instant windowStart) {
        return proof.isPresent() && !proof.get().time().isBefore(windowStart);
    }

    private static long number(String n) {
        try {
            return Long.parseLong(n.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
