package org.keyceremony.script;

import java.util.Map;

/**
 * Who certifies the ceremony's transcript-signing key ({@code policy.transcript-signer}).
 * The root directly (an end-entity certificate under the root, BR 6.1.7's "infrastructure
 * purposes"), or, for roots whose root programme or policy forbids end-entity certificates
 * directly under the root, a ceremony CA: a CA certificate the root issues for this ceremony
 * alone (pathLenConstraint 0, constrained to document signing), whose key certifies the
 * transcript-signing key and is destroyed at once. See docs/threat-model.md.
 */
public enum TranscriptSignerIssuer {
    ROOT("issued-by-root"),
    CEREMONY_CA("issued-by-ceremony-ca");

    /** The script's spelling of each value. */
    public static final Map<String, TranscriptSignerIssuer> NAMES = Map.of(ROOT.yamlName, ROOT,
            CEREMONY_CA.yamlName, CEREMONY_CA);

    private final String yamlName;

    TranscriptSignerIssuer(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
