package org.keyceremony.ledger;

/**
 * One warning of the ledger: a stable {@code code} (docs/ledger.md lists them), the root fingerprint
 * of the key it is about (empty for the archive's own), and a sentence that says what to do.
 */
public record Warning(String code, String key, String message) {
}
