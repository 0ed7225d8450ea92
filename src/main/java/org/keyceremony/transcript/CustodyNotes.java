package org.keyceremony.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.keyceremony.journal.facts.RestoreFacts;
import org.keyceremony.journal.facts.StepFacts;

/**
 * The notes printed under the steps of a restore, share rotation or card check: which backup
 * package was loaded and whether its SHA-256 was compared, the result for every card presented,
 * the check value confirmed, the old shares left and the package superseded. An auditor reads
 * them on the page; the facts themselves stay in the embedded event log. Each is read from the
 * step's facts as its action's record ({@code journal.facts}), so a missing fact is never a blank.
 */
final class CustodyNotes {
    private CustodyNotes() {
    }

    static List<String> of(StepFacts facts) {
        List<String> notes = new ArrayList<>();
        if (facts instanceof RestoreFacts.LoadBackup f) {
            notes.add("backup package " + f.packageFile() + ", SHA-256 " + f.sha256() + " ("
                    + (f.sha256Compared() ? "equal to the one given from the original transcript"
                    : "not compared: no SHA-256 from the original transcript was given") + ")");
            notes.add("key '" + f.keyLabel() + "' (ID " + f.keyId() + ", " + f.algorithm() + "), " + f.threshold()
                    + "-of-" + f.shares() + ", share set " + f.shareSetId() + ", KWK check value " + f.kwkCheckValue());
        } else if (facts instanceof RestoreFacts.ReadShare f) {
            f.cards().forEach(c -> notes.add(card(c.card(), c.cardSerial(), c.result())));
        } else if (facts instanceof RestoreFacts.CheckCard f) {
            f.cards().forEach(c -> notes.add(card(c.card(), c.cardSerial(), c.result())));
            if (!f.sharesNotConfirmed().isEmpty()) {
                notes.add("shares not confirmed by a card: " + String.join("; ", f.sharesNotConfirmed()));
            }
            notes.add(f.allCardsGood() ? "every share of the set was confirmed by its card; nothing was combined"
                    : "PROBLEMS FOUND: " + f.cardsWithProblems() + " card(s); nothing was combined");
        } else if (facts instanceof RestoreFacts.EraseShare f) {
            f.cards().forEach(c -> notes.add(card(c.card(), c.cardSerial(), c.result())));
            if (!f.oldSharesNotErased().isEmpty()) {
                notes.add("old shares NOT erased (their cards were not presented; they open only the superseded package): "
                        + String.join("; ", f.oldSharesNotErased()));
            }
            if (!f.supersededPackage().isEmpty()) {
                notes.add("backup package " + f.supersededPackage() + " (SHA-256 " + f.supersededPackageSha256()
                        + ") is SUPERSEDED by " + f.supersededBy());
            }
        } else if (facts instanceof RestoreFacts.CombineKwk f) {
            notes.add("shares " + String.join(", ", f.sharesUsed()) + " combined; KWK check value "
                    + f.kwkCheckValue() + " confirmed against the backup package");
        } else if (facts instanceof RestoreFacts.UnwrapIntoHsm f) {
            notes.add("restored into token " + f.tokenLabel() + " (serial " + f.tokenSerial() + ") as '"
                    + f.key().label() + "' (ID " + f.key().id() + "), " + String.join(", ", f.key().attributes())
                    + "; KWK session object destroyed");
        } else if (facts instanceof RestoreFacts.VerifyRestoredKey f) {
            notes.add("found by ID " + f.foundById() + "; a fresh challenge (SHA-256 " + f.challengeSha256()
                    + ") signed with " + f.signatureAlgorithm() + " verifies with the root certificate");
        }
        return notes;
    }

    /** "card-2 (serial 1a2b): OK: …"; a card whose serial could not be read is named by its label only. */
    private static String card(String card, Optional<String> serial, String result) {
        return card + serial.filter(s -> !s.isEmpty()).map(s -> " (serial " + s + ")").orElse("") + ": " + result;
    }
}
