package org.keyceremony.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The report in words, as sections of lines: printed by {@code ceremony status} and laid out on the
 * pages of {@code --pdf}, so the terminal and the paper say the same.
 */
public final class LedgerText {
    private LedgerText() {
    }

    /** A titled group of lines. */
    public record Section(String title, List<String> lines) {
        public Section {
            lines = List.copyOf(lines);
        }
    }

    public static List<Section> of(LedgerReport r) {
        List<Section> out = new ArrayList<>();
        List<String> head = new ArrayList<>();
        head.add("As of " + r.asOf() + " (UTC); archive: " + String.join(", ", r.folders()));
        head.add("Policy: cards and backups proven within " + r.policy().cardProofMonths() + " / "
                + r.policy().backupProofMonths() + " months, quorum M + " + r.policy().quorumMargin()
                + ", CRL nextUpdate " + r.policy().crlNextUpdateDays() + " days, certificates "
                + r.policy().certificateExpiryDays() + " days ahead; roster: " + (r.rosterGiven()
                ? r.roster().custodians().size() + " custodians listed" : "none given"));
        head.add("Root fingerprints below are as the transcripts record them: compare each with the one obtained "
                + "out of band.");
        head.add(r.warnings().isEmpty() ? "Result: no warning." : "Result: " + r.warnings().size() + " warning"
                + (r.warnings().size() == 1 ? "" : "s") + " (listed below).");
        out.add(new Section("Key ledger", head));
        List<String> files = new ArrayList<>();
        for (Archive.TranscriptFile t : r.archive().transcripts()) {
            files.add(t.verdict().name() + "  " + t.file() + ": " + t.reason());
        }
        for (Archive.PackageFile p : r.archive().packages()) {
            files.add("PACKAGE  " + p.file() + ": SHA-256 " + p.sha256());
        }
        for (String o : r.archive().otherPdfs()) {
            files.add("IGNORED  " + o + ": not named transcript-*.pdf, not read");
        }
        if (files.isEmpty()) {
            files.add("no transcript (transcript-*.pdf) in the archive");
        }
        out.add(new Section("Archive", files));
        for (KeyStatus k : r.ledger().keys()) {
            out.add(new Section("Key " + (k.label().isEmpty() ? "(no label recorded)" : k.label()), key(k)));
        }
        List<String> gaps = new ArrayList<>();
        for (Gap g : r.ledger().gaps()) {
            gaps.add(g.ceremony() + ": " + g.description() + (g.referencedBy().isEmpty() ? ""
                    : " (built on by " + g.referencedBy() + ")"));
        }
        out.add(new Section("Gaps", gaps.isEmpty() ? List.of("none: every ceremony built on is in the archive") : gaps));
        List<String> warnings = new ArrayList<>();
        for (Warning w : r.warnings()) {
            warnings.add("WARNING " + w.code() + ": " + w.message());
        }
        out.add(new Section("Warnings", warnings.isEmpty() ? List.of("none") : warnings));
        return out;
    }

    private static List<String> key(KeyStatus k) {
        List<String> l = new ArrayList<>();
        l.add("root certificate SHA-256 " + k.rootFingerprint());
        k.spkiSha256().ifPresent(s -> l.add("public key (SPKI) SHA-256 " + s));
        for (KeyStatus.HsmHolding h : k.hsms()) {
            l.add("HSM serial " + h.serial() + (h.tokenLabel().isEmpty() ? "" : " (" + h.tokenLabel() + ")") + ": "
                    + h.how() + " by " + h.sinceCeremony() + "; last used by " + h.lastCeremony());
        }
        Optional<KeyStatus.ShareSet> live = k.liveSet();
        for (KeyStatus.ShareSet s : k.shareSets()) {
            l.add((s.live() ? "LIVE share set " : "old share set ") + s.setId() + ": " + s.threshold() + " of "
                    + s.shares() + ", made by " + s.madeBy().orElse("(unknown)")
                    + (s.live() ? "" : s.erasure().map(e -> "; erased by " + e.ceremony() + " (" + e.cardsErased()
                    + " cards" + (e.notErased().isEmpty() ? "" : ", not erased: " + String.join(", ", e.notErased()))
                    + ")").orElse("; erasure NOT recorded")));
            if (s.live()) {
                for (KeyStatus.Share h : s.holders()) {
                    l.add("  share #" + h.shareNumber() + ": " + h.custodian() + ", card " + h.cardSerial()
                            + (h.cardLabel().isEmpty() ? "" : " (" + h.cardLabel() + ")") + ", last proven "
                            + h.lastProof().map(p -> LedgerDates.day(p.time()) + " by " + p.ceremony() + " (" + p.how()
                            + ")").orElse("never"));
                }
            }
        }
        if (live.isEmpty()) {
            l.add("no share set recorded for this key in the archive");
        }
        for (KeyStatus.Backup b : k.backups()) {
            l.add("backup package " + b.sha256() + " (set " + b.setId() + "), made by " + b.madeBy().orElse("(unknown)")
                    + "; last proven to restore " + b.lastProof().map(p -> LedgerDates.day(p.time()) + " by "
                    + p.ceremony() + " (" + p.how() + ")").orElse("never")
                    + b.supersededBy().map(s -> "; SUPERSEDED by " + s).orElse("")
                    + (b.inArchive().isEmpty() ? "; no copy in the archive" : "; " + b.inArchive().size()
                    + " cop" + (b.inArchive().size() == 1 ? "y" : "ies") + " in the archive"));
        }
        for (KeyStatus.Certificate c : k.certificates()) {
            l.add("certificate (" + c.what() + ") " + c.subject() + ", serial " + c.serial() + ", expires "
                    + c.notAfter());
        }
        for (KeyStatus.Crl c : k.crls()) {
            l.add("CRL number " + c.crlNumber() + ", thisUpdate " + c.thisUpdate() + ", nextUpdate " + c.nextUpdate());
        }
        for (KeyStatus.HistoryEntry h : k.history()) {
            l.add("history: " + LedgerDates.day(h.time()) + " " + h.kind() + " " + h.ceremonyId()
                    + (h.signed() ? "" : " (UNSIGNED)") + ", linked by " + h.linkedBy()
                    + (h.buildsOn().isEmpty() ? "" : "; builds on " + String.join("; ", h.buildsOn())));
        }
        return l;
    }
}
