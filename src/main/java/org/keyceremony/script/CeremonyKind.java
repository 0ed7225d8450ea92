package org.keyceremony.script;

/** What a ceremony script is for; the YAML spelling is {@link #yamlName()}. */
public enum CeremonyKind {
    ROOT_KEY_GENERATION("root-key-generation"),
    BACKUP_RESTORE("backup-restore"),
    SHARE_ROTATION("share-rotation"),
    CARD_CHECK("card-check"),
    /** The root (already in the HSM) signs its CRL (ARL): BR 4.9.7, at least every twelve months. */
    CRL_SIGNING("crl-signing"),
    /** The root signs subordinate CA certificates from the requests their operators bring. */
    SUBORDINATE_SIGNING("subordinate-signing"),
    /** The root certifies another CA's existing key and subject: a cross-certificate. */
    CROSS_SIGNING("cross-signing");

    private final String yamlName;

    CeremonyKind(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
