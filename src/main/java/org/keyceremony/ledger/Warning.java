package org.keyceremony.ledger;

import java.util.Optional;

/**
 * One warning of the ledger: a stable {@code code} (docs/ledger.md lists them), the root fingerprint
 * of the key it is about (empty for the archive's own), and a sentence that says what to do.
 */
public record Warning(String code, String key, String message) {

    /**
     * The shipped ceremony script ({@code ceremony-scripts/<name>.yaml}) whose ceremony resolves this
     * warning, if one does: a card not proven needs a card check; a quorum at risk or a custodian who
     * left, a share rotation; a backup not proven, a restore from it; a CRL's nextUpdate, a CRL signing;
     * an expiring certificate, a signing that issues its successor. A failed transcript, a gap or an old
     * set not erased is resolved by finding the file or by a step, not by a ceremony of its own.
     */
    public Optional<String> resolvingScript() {
        return Optional.ofNullable(switch (code) {
            case "card-not-proven" -> "card-check";
            case "quorum-at-risk", "custodian-left" -> "share-rotation";
            case "backup-not-proven" -> "backup-restore";
            case "crl-next-update" -> "crl-signing";
            case "certificate-expiry" -> "subordinate-signing";
            default -> null;
        });
    }
}
