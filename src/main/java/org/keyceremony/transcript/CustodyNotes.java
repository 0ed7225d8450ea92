package org.keyceremony.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * The notes printed under the steps of a restore, share rotation or card check: which backup
 * package was loaded and whether its SHA-256 was compared, the result for every card presented,
 * the check value confirmed, the old shares left and the package superseded. An auditor reads
 * them on the page; the facts themselves stay in the embedded event log.
 */
final class CustodyNotes {
    private CustodyNotes() {
    }

    static List<String> of(String action, Facts f) {
        List<String> notes = new ArrayList<>();
        switch (action) {
            case "load-backup" -> {
                notes.add("backup package " + f.text("package") + ", SHA-256 " + f.text("sha256") + " ("
                        + (f.flag("sha256Compared") ? "equal to the one given from the original transcript"
                        : "not compared: no SHA-256 from the original transcript was given") + ")");
                notes.add("key '" + f.text("keyLabel") + "' (ID " + f.text("keyId") + ", " + f.text("algorithm")
                        + "), " + f.text("threshold") + "-of-" + f.text("shares") + ", share set "
                        + f.text("shareSetId") + ", KWK check value " + f.text("kwkCheckValue"));
            }
            case "read-share", "check-card", "erase-share" -> {
                for (Facts c : f.objects("cards")) {
                    notes.add(c.text("card") + (c.text("cardSerial").isEmpty() ? "" : " (serial " + c.text("cardSerial")
                            + ")") + ": " + c.text("result"));
                }
                if (f.has("sharesNotConfirmed") && !f.strings("sharesNotConfirmed").isEmpty()) {
                    notes.add("shares not confirmed by a card: " + String.join("; ", f.strings("sharesNotConfirmed")));
                }
                if (f.has("oldSharesNotErased") && !f.strings("oldSharesNotErased").isEmpty()) {
                    notes.add("old shares NOT erased (their cards were not presented; worthless now, the KWK changed): "
                            + String.join("; ", f.strings("oldSharesNotErased")));
                }
                if (!f.text("supersededPackage").isEmpty()) {
                    notes.add("backup package " + f.text("supersededPackage") + " (SHA-256 "
                            + f.text("supersededPackageSha256") + ") is SUPERSEDED by " + f.text("supersededBy"));
                }
                if ("check-card".equals(action)) {
                    notes.add(f.flag("allCardsGood") ? "every share of the set was confirmed by its card; nothing was combined"
                            : "PROBLEMS FOUND: " + f.text("cardsWithProblems") + " card(s); nothing was combined");
                }
            }
            case "combine-kwk" -> notes.add("shares " + String.join(", ", f.strings("sharesUsed"))
                    + " combined; KWK check value " + f.text("kwkCheckValue") + " confirmed against the backup package");
            case "unwrap-into-hsm" -> notes.add("restored into token " + f.text("tokenLabel") + " (serial "
                    + f.text("tokenSerial") + ") as '" + f.text("label") + "' (ID " + f.text("id") + "), "
                    + String.join(", ", f.strings("attributes")) + "; KWK session object destroyed");
            case "verify-restored-key" -> notes.add("found by ID " + f.text("foundById") + "; a fresh challenge (SHA-256 "
                    + f.text("challengeSha256") + ") signed with " + f.text("signatureAlgorithm")
                    + " verifies with the root certificate");
            default -> { }
        }
        return notes;
    }
}
