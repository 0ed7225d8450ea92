package org.keyceremony.ledger;

import java.util.List;

/**
 * One warning of the ledger: a stable {@code code} (docs/ledger.md lists them), the root fingerprint
 * of the key it is about (empty for the archive's own), and a sentence that says what to do.
 */
public record Warning(String code, String key, String message) {

    /**
     * The shipped ceremony scripts ({@code ceremony-scripts/<name>.yaml}) whose ceremonies resolve this
     * warning, the first to try first: a card not proven needs a card check; a quorum at risk a card check
     * with every custodian (as its message says) and, for cards lost or failing, a share rotation; a
     * custodian who left, a share rotation; a backup not proven, a restore from it; a CRL's nextUpdate, a
     * CRL signing; an expiring certificate, a signing that issues its successor. A failed transcript, a
     * gap or an old set not erased is resolved by finding a file or by a step, not by a ceremony: none.
     */
    public List<String> resolvingScripts() {
        return switch (code) {
            case "card-not-proven" -> List.of("card-check");
            case "quorum-at-risk" -> List.of("card-check", "share-rotation");
            case "custodian-left" -> List.of("share-rotation");
            case "backup-not-proven" -> List.of("backup-restore");
            case "crl-next-update" -> List.of("crl-signing");
            case "certificate-expiry" -> List.of("subordinate-signing");
            default -> List.of();
        };
    }
}
