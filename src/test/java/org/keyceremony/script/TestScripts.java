package org.keyceremony.script;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A small valid root-key-generation script with one step per line, so that tests can
 * break one thing and name the exact line of the error.
 */
final class TestScripts {
    /** Line numbers are part of the tests' expectations: append, do not insert. */
    static final String ROOT = """
            script:
              name: test-root
              version: "1"
              kind: root-key-generation
              objectives: Test the parser.
            policy:
              key: {algorithm: RSA, size: 3072, label: test-root, id: "01"}
              sharing: {threshold: 2, shares: 3}
              certificate: {subject: "CN=Test Root, O=Test, C=NL", validity-days: 3650, digest: SHA-256}
              require-air-gap: true
              backup-destinations: 2
            roles: {administrator: 1, witness: 1, security-officer: 1, custodian: 3, auditor: 0}
            acts:
              - title: Preflight
                steps:
                  - {id: "1.1", title: T, text: Read., actor: administrator, confirmer: witness, resume-point: true, action: record-participants}
                  - {id: "1.2", title: T, text: Read., actor: administrator, confirmer: witness, action: check-air-gap}
                  - {id: "1.3", title: T, text: Read., actor: administrator, confirmer: witness, action: identify-hsm}
              - title: Keys
                steps:
                  - {id: "2.1", title: T, text: Read., actor: administrator, confirmer: witness, action: hsm-login}
                  - {id: "2.2", title: T, text: Read., actor: administrator, confirmer: witness, action: check-key-protection}
                  - {id: "2.3", title: T, text: Read., actor: administrator, confirmer: witness, action: generate-root-key}
                  - {id: "2.4", title: T, text: Read., actor: administrator, confirmer: witness, action: self-sign-certificate}
                  - {id: "2.5", title: T, text: Read., actor: administrator, confirmer: witness, action: issue-transcript-certificate}
                  - {id: "2.6", title: T, text: Read., actor: administrator, confirmer: witness, action: generate-kwk}
                  - {id: "2.7", title: T, text: Read., actor: security-officer, confirmer: witness, action: wrap-root-key}
                  - {id: "2.8", title: T, text: Read., actor: administrator, confirmer: witness, action: split-kwk}
                  - {id: "2.9", title: T, text: Read., actor: custodian, confirmer: witness, action: write-share}
                  - {id: "2.10", title: T, text: Read., actor: administrator, confirmer: witness, action: verify-quorum}
                  - {id: "2.11", title: T, text: Read., actor: administrator, confirmer: witness, action: write-backup}
                  - {id: "2.12", title: T, text: Read., actor: administrator, confirmer: witness, action: verify-backup-restores}
                  - {id: "2.13", title: T, text: Read., actor: administrator, confirmer: witness, action: seal-root-key}
                  - {id: "2.14", title: T, text: Read., actor: administrator, confirmer: witness, action: zeroize}
                  - {id: "2.15", title: T, text: Read., actor: administrator, confirmer: witness, action: sign-transcript}
            """;

    static final Path SHIPPED = Path.of("ceremony-scripts");

    private TestScripts() {
    }

    /** {@link #ROOT} with {@code old} (which must occur exactly once) replaced. */
    static String rootWith(String old, String replacement) {
        int at = ROOT.indexOf(old);
        if (at < 0 || ROOT.indexOf(old, at + 1) >= 0) {
            throw new IllegalArgumentException("not exactly once in the test script: " + old);
        }
        return ROOT.substring(0, at) + replacement + ROOT.substring(at + old.length());
    }

    /**
     * {@link #ROOT} with the steps of act 2 replaced, numbered 2.1, 2.2, … (write-share steps by a
     * custodian, wrap-root-key by the security officer).
     */
    static String rootWithKeySteps(java.util.List<String> actions) {
        StringBuilder sb = new StringBuilder(ROOT.substring(0, ROOT.indexOf("  - title: Keys")));
        sb.append("  - title: Keys\n    steps:\n");
        for (int i = 0; i < actions.size(); i++) {
            String actor = actions.get(i).contains("write-share") ? "custodian"
                    : actions.get(i).contains("wrap-root-key") ? "security-officer" : "administrator";
            sb.append("      - {id: \"2.").append(i + 1).append("\", title: T, text: Read., actor: ").append(actor)
                    .append(", confirmer: witness, action: ").append(actions.get(i)).append("}\n");
        }
        return sb.toString();
    }

    static Stream<Path> shippedScripts() throws java.io.IOException {
        try (Stream<Path> files = Files.list(SHIPPED)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }
}
