package org.keyceremony.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.script.TestScripts.rootWith;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One broken script per validation rule, each with the exact messages it must produce:
 * field path, wording and line. The list is complete: no extra error may appear.
 */
class BrokenScriptsTest {

    private static final String KEYS_STEP = "  - {id: \"2.%d\", title: T, text: Read., actor: administrator, confirmer: witness, action: %s}";

    private static String step(int n, String action) {
        return String.format(KEYS_STEP, n, action);
    }

    /** A step of act 2 acted by the security officer (wrap-root-key). */
    private static String soStep(int n, String action) {
        return step(n, action).replace("actor: administrator", "actor: security-officer");
    }

    private static final String VALIDITY_DAYS = "must be between 2922 and 9131: a root is valid 2922 to 9132 days, "
            + "notBefore through notAfter inclusive (CA/B Forum BR 7.1.2.1.1); ";
    private static final String ORDER = "the order is C, ST, L, O, CN (CA/B Forum BR 7.1.4.2), which RFC 4514 writes "
            + "backwards: 'CN=…, O=…, C=…' (line 9)";

    static Stream<Arguments> brokenScripts() {
        return Stream.of(
                broken("unknown action", rootWith("action: write-share}", "action: write-shares}"),
                        "acts[2].steps[9].action: unknown action 'write-shares'; did you mean 'write-share'? (line 29)"),
                broken("unknown top-level key", TestScripts.ROOT + "extras: 1\n",
                        "extras: unknown key; allowed here: script, policy, roles, acts (line 36)"),
                broken("unknown key with a control character, shown printable (found by ScriptFuzzTest)",
                        rootWith("confirmer: witness, action: write-share}", "confirmer\t;: witness, action: write-share}"),
                        "acts[2].steps[9].'confirmer?;': unknown key; did you mean 'confirmer'? (line 29)",
                        "acts[2].steps[9].confirmer: required but missing (line 29)"),
                broken("misspelt key gets a suggestion", rootWith("threshold: 2", "treshold: 2"),
                        "policy.sharing.treshold: unknown key; did you mean 'threshold'? (line 8)",
                        "policy.sharing.threshold: required but missing (line 8)"),
                broken("duplicate key", rootWith("  name: test-root\n", "  name: test-root\n  name: again\n"),
                        "script.name: duplicate key; first given at line 2 (line 3)"),
                broken("missing required field", rootWith("  objectives: Test the parser.\n", ""),
                        "script.objectives: required but missing (line 2)"),
                broken("empty required field", rootWith("  objectives: Test the parser.", "  objectives:"),
                        "script.objectives: required but empty (line 5)"),
                broken("text where a number belongs", rootWith("size: 3072", "size: big"),
                        "policy.key.size: expected a whole number, found 'big' (line 7)"),
                broken("quoted number", rootWith("threshold: 2", "threshold: \"2\""),
                        "policy.sharing.threshold: expected a whole number, found quoted text '2' (line 8)"),
                broken("mapping where text belongs", rootWith("  name: test-root", "  name: {a: b}"),
                        "script.name: expected text, found a mapping (line 2)"),
                broken("yes is not a boolean", rootWith("require-air-gap: true", "require-air-gap: yes"),
                        "policy.require-air-gap: expected true or false, found 'yes' (line 10)"),
                broken("unknown kind", rootWith("kind: root-key-generation", "kind: root"),
                        "script.kind: unknown value 'root'; allowed: root-key-generation, backup-restore, "
                                + "share-rotation, card-check, crl-signing, subordinate-signing, cross-signing (line 4)"),
                broken("empty file", "", "the file is empty; a script is a mapping with the keys script, policy, roles and acts (line 1)"),
                broken("only a comment", "# nothing here\n",
                        "the file is empty; a script is a mapping with the keys script, policy, roles and acts (line 1)"),
                broken("a list, not a mapping", "- a\n- b\n",
                        "a script is a mapping with the keys script, policy, roles and acts; found a list (line 1)"),
                broken("second document", TestScripts.ROOT + "---\nscript: {}\n",
                        "a second YAML document starts here; a script is exactly one document (line 36)"),
                broken("anchor", rootWith("roles: {", "roles: &r {"),
                        "anchor &r is not allowed; a reviewed script is written out in full (line 12)"),
                broken("alias", rootWith("custodian: 3", "custodian: *three"),
                        "alias *three is not allowed; write the value out in full, as reviewers read it (line 12)"),
                broken("explicit tag", rootWith("size: 3072", "size: !!int 2048"),
                        "explicit tag 'tag:yaml.org,2002:int' is not allowed; write plain values (line 7)"),
                broken("YAML syntax error", rootWith("  name: test-root", "  name: test: root"),
                        "YAML syntax: mapping values are not allowed here (line 2)"),
                broken("deep nesting", "a: " + "[".repeat(100) + "]".repeat(100) + "\n",
                        "nested more than 16 levels deep; this is not a ceremony script (line 1)"),
                broken("threshold above shares", rootWith("threshold: 2", "threshold: 4"),
                        "policy.sharing.threshold: 4 is more than policy.sharing.shares (3); the KWK could never be rebuilt (line 8)"),
                broken("threshold of one", rootWith("threshold: 2", "threshold: 1"),
                        "policy.sharing.threshold: must be at least 2; one card alone must never rebuild the KWK (line 8)"),
                broken("more than 255 shares", rootWith("shares: 3", "shares: 300"),
                        "policy.sharing.shares: must be at most 255 (share indices are one byte); found 300 (line 8)",
                        "roles.custodian: 3 custodians cannot hold 300 shares (policy.sharing.shares) (line 12)"),
                broken("too few custodians", rootWith("custodian: 3", "custodian: 2"),
                        "roles.custodian: 2 custodians cannot hold 3 shares (policy.sharing.shares) (line 12)"),
                broken("RSA-1024", rootWith("size: 3072", "size: 1024"),
                        "policy.key.size: RSA size must be 3072 or 4096 (2048 is below a root key's strength); found 1024 (line 7)"),
                broken("RSA without size", rootWith("size: 3072, ", ""),
                        "policy.key.size: required for RSA: 3072 or 4096 (2048 is below a root key's strength) (line 7)"),
                broken("unsupported curve", rootWith("algorithm: RSA, size: 3072", "algorithm: EC, curve: P-192"),
                        "policy.key.curve: unknown curve 'P-192'; allowed: P-256, P-384, P-521 (line 7)"),
                broken("curve and digest mismatch", rootWith("algorithm: RSA, size: 3072", "algorithm: EC, curve: P-384"),
                        "policy.certificate.digest: P-384 signs with SHA-384 (CA/B Forum BR 7.1.3.2); found SHA-256 (line 9)"),
                broken("blank key label", rootWith("label: test-root", "label: \" \""),
                        "policy.key.label: must not be blank (line 7)"),
                broken("odd-length key id", rootWith("id: \"01\"", "id: \"012\""),
                        "policy.key.id: must be hexadecimal, an even number of digits (2 to 64), e.g. '01'; found '012' (line 7)"),
                broken("validity over 25 years", rootWith("validity-days: 3650", "validity-days: 9132"),
                        "policy.certificate.validity-days: " + VALIDITY_DAYS + "found 9132 (line 9)"),
                // Issue 20: the rules of a root profile, each with its BR section (BR 2.x numbering).
                broken("validity of one day", rootWith("validity-days: 3650", "validity-days: 1"),
                        "policy.certificate.validity-days: " + VALIDITY_DAYS + "found 1 (line 9)"),
                broken("subject with OU", rootWith("CN=Test Root, O=Test", "CN=Test Root, OU=Ops, O=Test"),
                        "policy.certificate.subject: a root's subject must not have OU (CA/B Forum BR 7.1.2.10.2) (line 9)"),
                broken("second O", rootWith("CN=Test Root, O=Test", "CN=Test Root, O=Test, O=Other"),
                        "policy.certificate.subject: has O more than once; a name holds each attribute once "
                                + "(CA/B Forum BR 7.1.4.1) (line 9)"),
                broken("CN first in the encoded order", rootWith("CN=Test Root, O=Test, C=NL", "C=NL, O=Test, CN=Test Root"),
                        "policy.certificate.subject: O is encoded after CN; " + ORDER),
                broken("multi-valued RDN", rootWith("CN=Test Root, O=Test", "CN=Test Root+O=Test"),
                        "policy.certificate.subject: joins attributes with '+' into one RDN; each RDN holds exactly one "
                                + "attribute (CA/B Forum BR 7.1.4.1) (line 9)"),
                broken("validity-days with not-before", rootWith("validity-days: 3650", "validity-days: 3650, "
                                + "not-before: 2020-09-04T00:00:00Z, not-after: 2040-09-17T16:00:00Z"),
                        "policy.certificate.validity-days: give either validity-days or not-before and not-after, not both (line 9)"),
                broken("not-before without not-after", rootWith("validity-days: 3650", "not-before: 2020-09-04T00:00:00Z"),
                        "policy.certificate.not-after: required when not-before is given: a fixed validity names both ends (line 9)"),
                broken("neither validity-days nor dates", rootWith("validity-days: 3650, ", ""),
                        "policy.certificate.validity-days: required: give validity-days, or not-before and not-after (line 9)"),
                broken("not-before not in UTC", rootWith("validity-days: 3650", "not-before: \"2020-09-04T02:00:00+02:00\", "
                                + "not-after: 2040-09-17T16:00:00Z"),
                        "policy.certificate.not-before: must be an RFC 3339 time in UTC with whole seconds between 1950 and "
                                + "9999, e.g. 2020-09-04T00:00:00Z; found '2020-09-04T02:00:00+02:00' (line 9)"),
                broken("not-after before not-before", rootWith("validity-days: 3650", "not-before: 2040-09-17T16:00:00Z, "
                                + "not-after: 2020-09-04T00:00:00Z"),
                        "policy.certificate.not-after: 2020-09-04T00:00:00Z is not after not-before (2040-09-17T16:00:00Z) (line 9)"),
                broken("dates one second over 9132 days", rootWith("validity-days: 3650", "not-before: 2020-01-01T00:00:00Z, "
                                + "not-after: 2045-01-01T00:00:00Z"),
                        "policy.certificate.not-after: gives a validity of 9132 days and 1 seconds; a root is valid 2922 to "
                                + "9132 days, not-before through not-after inclusive (CA/B Forum BR 7.1.2.1.1) (line 9)"),
                broken("key-usage without cRLSign", rootWith("digest: SHA-256}", "digest: SHA-256, key-usage: [keyCertSign]}"),
                        "policy.certificate.key-usage: a root needs cRLSign (CA/B Forum BR 7.1.2.10.7: keyCertSign and "
                                + "cRLSign are required, digitalSignature is allowed) (line 9)"),
                broken("key-usage with keyEncipherment", rootWith("digest: SHA-256}",
                                "digest: SHA-256, key-usage: [keyCertSign, cRLSign, keyEncipherment]}"),
                        "policy.certificate.key-usage: keyEncipherment is not allowed in a root (CA/B Forum BR 7.1.2.10.7): "
                                + "a root key never encrypts keys (line 9)"),
                broken("key-usage with nonRepudiation", rootWith("digest: SHA-256}",
                                "digest: SHA-256, key-usage: [keyCertSign, cRLSign, nonRepudiation]}"),
                        "policy.certificate.key-usage: nonRepudiation is not allowed in a root (CA/B Forum BR 7.1.2.10.7): "
                                + "a root signs certificates and CRLs, not statements a person is bound to (line 9)"),
                broken("key-usage misspelt", rootWith("digest: SHA-256}", "digest: SHA-256, key-usage: [keyCertSign, crlSign]}"),
                        "policy.certificate.key-usage[2]: unknown key usage 'crlSign'; did you mean 'cRLSign'? (line 9)"),
                broken("weak digest", rootWith("digest: SHA-256", "digest: SHA-1"),
                        "policy.certificate.digest: unknown digest 'SHA-1'; allowed: SHA-256, SHA-384, SHA-512 (line 9)"),
                broken("subject with an empty RDN", rootWith("CN=Test Root, O=Test, C=NL", "CN=Test Root,, O=Test, C=NL"),
                        "policy.certificate.subject: not a distinguished name (RFC 4514), e.g. 'CN=Example Root CA, "
                                + "O=Example Ltd, C=NL' (line 9)"),
                broken("subject without organisation", rootWith("CN=Test Root, O=Test, C=NL", "CN=Test Root, C=NL"),
                        "policy.certificate.subject: a root's subject needs O (CA/B Forum BR 7.1.2.10.2: C, O and CN) (line 9)"),
                broken("certificate missing for a root", rootWith("  certificate: {subject: \"CN=Test Root, O=Test, C=NL\", "
                                + "validity-days: 3650, digest: SHA-256}\n", ""),
                        "policy.certificate: required for a root-key-generation ceremony (line 7)"),
                broken("write-share before split-kwk",
                        rootWith(step(8, "split-kwk"), step(8, "verify-quorum"))
                                .replace(step(10, "verify-quorum"), step(10, "split-kwk")),
                        "acts[2].steps[8].action: 'verify-quorum' needs an earlier 'write-share' (line 28)",
                        "acts[2].steps[9].action: 'write-share' needs an earlier 'split-kwk' (line 29)"),
                broken("wrap before generate-root-key", rootWith(step(3, "generate-root-key"), soStep(3, "wrap-root-key"))
                                .replace(soStep(7, "wrap-root-key"), step(7, "generate-root-key")),
                        "acts[2].steps[3].action: 'wrap-root-key' needs an earlier 'generate-kwk' (line 23)",
                        "acts[2].steps[3].action: 'wrap-root-key' must come after 'generate-root-key' (step 2.7) (line 23)",
                        "acts[2].steps[4].action: 'self-sign-certificate' needs an earlier 'generate-root-key' (line 24)"),
                broken("sign-transcript not last", rootWith(step(14, "zeroize"), step(14, "sign-transcript"))
                                .replace(step(15, "sign-transcript"), step(15, "zeroize")),
                        "acts[2].steps[14].action: 'sign-transcript' must be the last step; it closes the event log (line 34)"),
                broken("HSM used after logout", rootWith(step(14, "zeroize"), step(14, "hsm-logout")),
                        "acts: a root-key-generation ceremony needs a step with 'zeroize' (line 14)",
                        "acts[2].steps[15].action: 'sign-transcript' needs token 'hsm' logged in, but step 2.14 "
                                + "logged it out (line 35)"),
                broken("HSM used before login", rootWith(step(1, "hsm-login"), step(1, "manual")),
                        "acts[2].steps[2].action: 'check-key-protection' needs token 'hsm' logged in; no earlier 'hsm-login' of it (line 22)",
                        "acts[2].steps[3].action: 'generate-root-key' needs token 'hsm' logged in; no earlier 'hsm-login' of it (line 23)",
                        "acts[2].steps[4].action: 'self-sign-certificate' needs token 'hsm' logged in; no earlier 'hsm-login' of it (line 24)",
                        "acts[2].steps[5].action: 'issue-transcript-certificate' needs token 'hsm' logged in; no earlier 'hsm-login' of it (line 25)",
                        "acts[2].steps[6].action: 'generate-kwk' needs token 'hsm' logged in; no earlier 'hsm-login' of it (line 26)",
                        "acts[2].steps[7].action: 'wrap-root-key' needs token 'hsm' logged in; no earlier 'hsm-login' of it (line 27)",
                        "acts[2].steps[12].action: 'verify-backup-restores' needs token 'hsm' logged in; no earlier 'hsm-login' of it (line 32)",
                        "acts[2].steps[13].action: 'seal-root-key' needs token 'hsm' logged in; no earlier 'hsm-login' of it (line 33)",
                        "acts[2].steps[15].action: 'sign-transcript' needs token 'hsm' logged in; no earlier 'hsm-login' of it (line 35)"),
                broken("KWK used after zeroize", rootWith(step(12, "verify-backup-restores"), step(12, "zeroize"))
                                .replace(step(14, "zeroize"), step(14, "verify-backup-restores")),
                        "acts[2].steps[13].action: 'seal-root-key' must come after 'verify-backup-restores' (step 2.14) (line 33)",
                        "acts[2].steps[14].action: 'verify-backup-restores' needs what step 2.6 (generate-kwk) holds in memory, "
                                + "but step 2.12 (zeroize) wiped it (line 34)"),
                broken("second login while logged in", TestScripts.rootWithKeySteps(List.of("hsm-login",
                                "check-key-protection", "generate-root-key", "self-sign-certificate",
                                "issue-transcript-certificate", "hsm-login", "generate-kwk", "wrap-root-key", "split-kwk",
                                "write-share", "verify-quorum", "write-backup", "verify-backup-restores", "seal-root-key",
                                "zeroize", "sign-transcript")),
                        "acts[2].steps[6].action: token 'hsm' is still logged in since step 2.1 (line 26)"),
                broken("actor role with nobody", rootWith(step(10, "verify-quorum"),
                                step(10, "verify-quorum").replace("actor: administrator", "actor: auditor")),
                        "acts[2].steps[10].actor: role 'auditor' has nobody (roles.auditor is 0) (line 30)"),
                broken("confirming one's own step", rootWith(step(10, "verify-quorum"),
                                step(10, "verify-quorum").replace("confirmer: witness", "confirmer: administrator")),
                        "acts[2].steps[10].confirmer: must be another role than the actor (administrator); nobody confirms "
                                + "their own step (line 30)"),
                broken("wrap-root-key acted by the administrator", rootWith(soStep(7, "wrap-root-key"),
                                step(7, "wrap-root-key")),
                        "acts[2].steps[7].actor: 'wrap-root-key' is the security officer's step (actor: security-officer): "
                                + "only the HSM's SO can make the key-wrapping key trusted; found administrator (line 27)"),
                broken("nobody holds the SO PIN", rootWith("security-officer: 1, ", ""),
                        "acts[2].steps[7].actor: role 'security-officer' has nobody (roles.security-officer is 0) (line 27)"),
                broken("root key made before the HSM proved its key protection",
                        rootWith(step(2, "check-key-protection"), step(2, "manual")),
                        "acts: a root-key-generation ceremony needs a step with 'check-key-protection' (line 14)",
                        "acts[2].steps[3].action: 'generate-root-key' needs an earlier 'check-key-protection' of token 'hsm' (line 23)",
                        "acts[2].steps[7].action: 'wrap-root-key' needs an earlier 'check-key-protection' of token 'hsm' (line 27)"),
                broken("root key sealed before its backup is proven",
                        rootWith(step(12, "verify-backup-restores"), step(12, "seal-root-key"))
                                .replace(step(13, "seal-root-key"), step(13, "verify-backup-restores")),
                        "acts[2].steps[12].action: 'seal-root-key' must come after 'verify-backup-restores' (step 2.13) (line 32)"),
                broken("root key never sealed", rootWith(step(13, "seal-root-key"), step(13, "manual")),
                        "acts: a root-key-generation ceremony needs a step with 'seal-root-key' (line 14)"),
                broken("misnumbered step", rootWith("id: \"2.3\"", "id: \"2.4\""),
                        "acts[2].steps[3].id: expected '2.3', found '2.4'; steps are numbered <act>.<step> in order, from 1 (line 23)"),
                broken("custodian index outside 1..N", rootWith("action: write-share}", "action: {write-share: {custodian: 4}}}"),
                        "acts[2].steps[9].action.write-share.custodian: custodian 4 is outside 1..3 (policy.sharing.shares) (line 29)",
                        "acts[2].steps[10].action: comes before the shares of custodians 1, 2, 3 are written (line 30)"),
                broken("quorum verified before every share is written",
                        rootWith("action: write-share}", "action: {write-share: {custodian: 2}}}"),
                        "acts[2].steps[10].action: comes before the shares of custodians 1, 3 are written (line 30)"),
                broken("unknown action parameter", rootWith("action: write-share}", "action: {write-share: {custodians: 2}}}"),
                        "acts[2].steps[9].action.write-share.custodians: unknown key; did you mean 'custodian'? (line 29)",
                        "acts[2].steps[9].action.write-share.custodian: required but missing (line 29)"),
                broken("parameters on a parameterless action", rootWith("action: zeroize}", "action: {zeroize: {now: true}}}"),
                        "acts[2].steps[14].action.zeroize: 'zeroize' takes no parameters; write it as a plain name "
                                + "(action: zeroize) (line 34)"),
                broken("action from another kind", rootWith("action: zeroize}", "action: erase-share}"),
                        "acts: a root-key-generation ceremony needs a step with 'zeroize' (line 14)",
                        "acts[2].steps[14].action: 'erase-share' is not part of a root-key-generation ceremony (line 34)"),
                broken("target HSM outside a restore", rootWith("action: identify-hsm}", "action: {identify-hsm: {token: target-hsm}}}"),
                        "acts[1].steps[3].action: token 'target-hsm' exists only in a backup-restore ceremony (line 18)",
                        "acts[2].steps[1].action: 'hsm-login' needs an earlier 'identify-hsm' of token 'hsm' (line 21)"),
                broken("air gap required but never checked", rootWith("action: check-air-gap}", "action: confirm-time}"),
                        "policy.require-air-gap: is true, but no step has the action 'check-air-gap' (line 10)"),
                broken("one backup destination", rootWith("backup-destinations: 2", "backup-destinations: 1"),
                        "policy.backup-destinations: must be at least 2 when the script writes a backup; found 1 (line 11)"),
                broken("resume point that needs lost memory", rootWith(step(8, "split-kwk"),
                                step(8, "split-kwk").replace("action:", "resume-point: true, action:")),
                        "acts[2].steps[8].resume-point: not a safe resume point: step 2.8 (split-kwk) needs what step 2.6 "
                                + "(generate-kwk) holds only in memory, which an interruption loses (line 28)"),
                broken("action twice", rootWith(step(4, "self-sign-certificate"), step(4, "generate-root-key")),
                        "acts: a root-key-generation ceremony needs a step with 'self-sign-certificate' (line 14)",
                        "acts[2].steps[4].action: 'generate-root-key' may appear only once; step 2.3 already has it (line 24)"),
                broken("no acts", rootWith(TestScripts.ROOT.substring(TestScripts.ROOT.indexOf("acts:")), "acts: []\n"),
                        "acts: a script needs at least one act (line 13)"),
                broken("not UTF-8 safe control character", rootWith("Test the parser.", "Test\u0007 the parser."),
                        "character U+0007 is not allowed in a script (line 5)"),
                // Issue 16, case 6: a 12,000-character CN passed and the transcript's signature did not fit.
                broken("12,000-character CN", rootWith("CN=Test Root", "CN=" + "x".repeat(12_000)),
                        "policy.certificate.subject: is 12017 characters long; at most 1024 are allowed (line 9)"),
                broken("CN longer than RFC 5280 allows", rootWith("CN=Test Root", "CN=" + "x".repeat(65)),
                        "policy.certificate.subject: CN is 65 characters long; at most 64 are allowed (CA/B Forum BR 7.1.4.2) (line 9)"),
                broken("locality longer than BR 7.1.4.2 allows", rootWith("O=Test,", "O=Test, L=" + "x".repeat(129) + ","),
                        "policy.certificate.subject: L is 129 characters long; at most 128 are allowed (CA/B Forum BR 7.1.4.2) (line 9)"),
                broken("eleven attributes in the subject", rootWith("O=Test,",
                                "O=Test, STREET=1, STREET=2, STREET=3, STREET=4, STREET=5, STREET=6, STREET=7, STREET=8,"),
                        "policy.certificate.subject: has 11 attributes; a root's subject needs a few (CN, O, C), at most 10 (line 9)"),
                // Issue 16, case 8: ESC [2J in a step title cleared the screen of whoever checked the script.
                broken("terminal escape in a step title", rootWith("{id: \"1.1\", title: T,", "{id: \"1.1\", title: \"\\e[2JT\","),
                        "acts[1].steps[1].title: character U+001B (ESCAPE) at position 1 is not allowed: a control character "
                                + "(a terminal would act on it, and it prints as nothing) (line 16)"),
                // Issue 16, case 9: a right-to-left override shows 1ac-toor for root-ca1.
                broken("right-to-left override in the key label", rootWith("label: test-root", "label: \"root\\u202Eac1\""),
                        "policy.key.label: character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 5 is not allowed: a "
                                + "bidirectional control reorders what is shown, so reviewers and the transcript would not "
                                + "read what is stored (line 7)"),
                broken("right-to-left override in the subject", rootWith("CN=Test Root", "CN=Test\u202E Root"),
                        "policy.certificate.subject: character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 8 is not allowed: "
                                + "a bidirectional control reorders what is shown, so reviewers and the transcript would not "
                                + "read what is stored (line 9)"),
                // RFC 4514 escapes and hex values are decoded into the certificate: checked as decoded.
                broken("right-to-left override written as an RFC 4514 escape", rootWith("CN=Test Root",
                                "CN=Test\\\\E2\\\\80\\\\AE Root"),
                        "policy.certificate.subject: CN character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 5 is not "
                                + "allowed: a bidirectional control reorders what is shown, so reviewers and the transcript "
                                + "would not read what is stored (line 9)"),
                broken("terminal escape written as an RFC 4514 escape", rootWith("CN=Test Root", "CN=Test\\\\1B[2J Root"),
                        "policy.certificate.subject: CN character U+001B (ESCAPE) at position 5 is not allowed: a control "
                                + "character (a terminal would act on it, and it prints as nothing) (line 9)"),
                broken("a value in hex", rootWith("CN=Test Root", "CN=#0C051B5B324A41"),
                        "policy.certificate.subject: CN is given in hex (#…); write the value as text (line 9)"),
                broken("an over-long attribute in a multi-valued RDN", rootWith("CN=Test Root", "CN=Test Root+OU="
                                + "x".repeat(900)),
                        "policy.certificate.subject: joins attributes with '+' into one RDN; each RDN holds exactly one "
                                + "attribute (CA/B Forum BR 7.1.4.1) (line 9)",
                        "policy.certificate.subject: OU is 900 characters long; at most 64 are allowed (CA/B Forum BR "
                                + "7.1.4.2) (line 9)",
                        "policy.certificate.subject: a root's subject must not have OU (CA/B Forum BR 7.1.2.10.2) (line 9)"),
                broken("eleven attributes in multi-valued RDNs", rootWith("CN=Test Root", "CN=Test Root+OU=1+OU=2+OU=3"
                                + "+OU=4+OU=5+OU=6+OU=7+OU=8"),
                        "policy.certificate.subject: has 11 attributes; a root's subject needs a few (CN, O, C), at most "
                                + "10 (line 9)",
                        "policy.certificate.subject: joins attributes with '+' into one RDN; each RDN holds exactly one "
                                + "attribute (CA/B Forum BR 7.1.4.1) (line 9)",
                        "policy.certificate.subject: has OU more than once; a name holds each attribute once (CA/B Forum "
                                + "BR 7.1.4.1) (line 9)",
                        "policy.certificate.subject: a root's subject must not have OU (CA/B Forum BR 7.1.2.10.2) (line 9)"));
    }

    private static Arguments broken(String name, String text, String... expected) {
        return Arguments.of(name, text, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenScripts")
    void refusesWithExactMessages(String name, String text, List<String> expected) {
        assertThatThrownBy(() -> CeremonyScripts.parse(text, "test.yaml"))
                .isInstanceOfSatisfying(ScriptException.class, e -> assertThat(
                        e.errors().stream().map(ScriptError::describe).toList()).containsExactlyElementsOf(expected));
    }

    @Test
    void theBaseOfTheseCasesIsValid() throws Exception {
        CeremonyScript script = CeremonyScripts.parse(TestScripts.ROOT, "test.yaml");
        assertThat(script.steps()).hasSize(18);
    }

    @Test
    void collectsErrorsFromAllOverTheFile() {
        String text = rootWith("size: 3072", "size: 1024").replace("threshold: 2", "threshold: 9")
                .replace("action: write-share}", "action: write-shares}");
        assertThatThrownBy(() -> CeremonyScripts.parse(text, "many.yaml"))
                .isInstanceOfSatisfying(ScriptException.class, e -> {
                    assertThat(e.errors()).extracting(ScriptError::line).containsExactly(7, 8, 29);
                    assertThat(e.getMessage()).startsWith("ceremony script many.yaml is not valid (3 errors):")
                            .contains("many.yaml:29: acts[2].steps[9].action: unknown action 'write-shares'");
                });
    }
}
