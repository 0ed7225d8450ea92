package org.keyceremony.transcript;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyceremony.base.Digests;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;

/**
 * A root key generation recorded as the engine would record it (docs/events.md), with
 * software keys standing in for the HSM: the input of the renderer and the verifier tests.
 */
final class SyntheticCeremony {
    static final String SCRIPT = """
            metadata:
              name: root-key-generation
              version: "1.0"
              kind: root-key-generation
            # (synthetic script text for the transcript tests)
            """;

    /** The ceremony id of the synthetic root key generation (and of {@link TestPki}'s signer). */
    static final String CEREMONY_ID = "RKG-TEST-1";

    private final List<Event> events = new ArrayList<>();
    private Instant clock = Instant.parse("2026-11-26T09:00:00Z");

    private String ceremonyId = CEREMONY_ID;

    static SyntheticCeremony rootKeyGeneration(TestPki pki) {
        return rootKeyGeneration(pki, CEREMONY_ID);
    }

    /** The same ceremony under another id; {@code pki}'s signer is the transcript-signing certificate it records. */
    static SyntheticCeremony rootKeyGeneration(TestPki pki, String ceremonyId) {
        SyntheticCeremony c = new SyntheticCeremony();
        c.ceremonyId = ceremonyId;
        c.record(pki);
        return c;
    }

    /** When the product signs this ceremony's transcript: at its last event, to the second ({@link LogTranscript#renderedAt}). */
    Instant signingTime() {
        return events.get(events.size() - 1).time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    byte[] jsonl() {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            sb.append(e.toJsonLine()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What the signing step embeds: the log, the script, the root and the transcript-signing certificates. */
    List<Attachment> attachments(TestPki pki) {
        try {
            return LogTranscript.signed(jsonl(), SCRIPT, pki.root(), pki.signer()).attachments();
        } catch (KeyCeremonyException e) {
            throw new IllegalStateException(e);
        }
    }

    private void add(String type, String step, String actor, Map<String, ?> data) {
        clock = clock.plus(Duration.ofSeconds(7));
        String prev = events.isEmpty() ? Event.GENESIS : events.get(events.size() - 1).hash();
        events.add(Event.next(events.size() + 1, clock, type, step, actor, data, prev));
    }

    /** A step as the engine records it (ceremony.CeremonyRun): begin, end with facts, confirmation. */
    private void step(String id, String title, String action, Map<String, Object> facts) {
        begin(id, title, action, 1);
        add("step-end", id, "administrator", Map.of("outcome", "ok", "durationMs", 12L, "facts", facts));
        add("step-confirmed", id, "WW", Map.of("initials", "WW", "name", "Walter Witness", "role", "witness"));
    }

    private void finish(String id, Map<String, Object> facts) {
        add("step-end", id, "administrator", Map.of("outcome", "ok", "durationMs", 40L, "facts", facts));
        add("step-confirmed", id, "WW", Map.of("initials", "WW", "name", "Walter Witness", "role", "witness"));
    }

    private void begin(String id, String title, String action, long attempt) {
        add("step-begin", id, "administrator", Map.of("title", title, "action", action, "actorRole", "administrator",
                "confirmerRole", "witness", "attempt", attempt, "resumePoint", false, "memoryOnly", false,
                "text", "The administrator reads aloud: " + title + ". The witness watches the screen and confirms."));
    }

    private void record(TestPki pki) {
        String root = sha(pki.root());
        Map<String, Object> start = new LinkedHashMap<>(Map.of("ceremonyId", ceremonyId,
                "scriptKind", "root-key-generation",
                "objectives", "Generate the root key of Example Root R1; back it up 2-of-3.",
                "approvalReference", "PA-2026-017", "scriptName", "root-key-generation", "scriptVersion", "1.0",
                "scriptSha256", Digests.sha256Hex(SCRIPT.getBytes(StandardCharsets.UTF_8)),
                "location", "Secure room 2, Example Corp", "timeZone", "Europe/Amsterdam", "rehearsal", true));
        start.put("transcriptLayout", (long) TranscriptRenderer.LAYOUT);
        add("ceremony-start", "", "engine", start);
        step("1.1", "Record participants", "record-participants", Map.of("participants", List.of(
                person("Alice Admin", "administrator"), person("Walter Witness", "witness"),
                person("Carol Custodian", "custodian"), person("Dan Custodian", "custodian"),
                person("Erin Custodian", "custodian"), person("Aud Itor", "auditor"))));
        step("1.2", "Check the air gap", "check-air-gap", Map.of("interfacesUp", List.of(), "airGapped", true));
        step("1.3", "Record the software", "record-software", Map.of("application", "KeyCeremony 0.1.0",
                "sha256", "11".repeat(32), "sha256Method", "SHA-256 over the jars' hashes",
                "jars", Map.of("keyceremony.jar", "12".repeat(32)), "java", "17.0.15 (Debian)", "os", "Linux 6.1 amd64"));
        step("1.6", "Confirm the time", "confirm-time", Map.of("laptopClockUtc", "2026-11-26T09:00:40Z",
                "independentTime", "10:00:41 CET (radio clock)"));
        step("1.4", "Identify the HSM", "identify-hsm", Map.of("tokenLabel", "rehearsal-hsm",
                "manufacturer", "SoftHSM project", "model", "SoftHSM v2", "serial", "a1b2c3d4e5f60718",
                "firmware", "2.6", "role", "hsm", "library", "/usr/lib/softhsm/libsofthsm2.so",
                "librarySha256", "22".repeat(32), "flags", "token initialized"));
        step("1.5", "Seal check of the HSM bag", "manual", Map.of("field", "Tamper-evident bag number",
                "value", "88120442"));
        step("2.1", "Generate the root key", "generate-root-key", Map.of("label", "root-r1", "id", "01",
                "algorithm", "EC", "curve", "P-384", "spkiSha256", spki(pki.root()),
                "attributes", List.of("CKA_TOKEN", "CKA_PRIVATE", "CKA_SENSITIVE", "CKA_EXTRACTABLE (wrap only)"),
                "tokenSerial", "a1b2c3d4e5f60718", "durationMs", 15L, "provenBySignature", true));
        step("2.2", "Self-sign the root certificate", "self-sign-certificate", with(Map.of(
                "subject", pki.root().getSubjectX500Principal().getName(),
                "issuer", pki.root().getIssuerX500Principal().getName(),
                "serial", pki.root().getSerialNumber().toString(16), "notBefore", pki.root().getNotBefore().toInstant().toString(),
                "notAfter", pki.root().getNotAfter().toInstant().toString(), "sha256", root,
                "extensions", List.of("basicConstraints: CA (critical)", "keyUsage: keyCertSign, cRLSign (critical)"),
                "pem", pem(pki.root()), "signatureAlgorithm", "SHA384withECDSA",
                "files", List.of("/out/root-r1.pem", "/out/root-r1.der")), "storedOnToken", "a1b2c3d4e5f60718"));
        Map<String, Object> transcriptCert = new LinkedHashMap<>();
        transcriptCert.put("keyLabel", "transcript-signing");
        transcriptCert.put("keyId", "02");
        transcriptCert.put("algorithm", "EC");
        transcriptCert.put("curve", "P-384");
        transcriptCert.put("spkiSha256", spki(pki.signer()));
        transcriptCert.put("attributes", List.of("CKA_TOKEN", "CKA_PRIVATE", "CKA_SENSITIVE", "not extractable"));
        transcriptCert.put("subject", pki.signer().getSubjectX500Principal().getName());
        transcriptCert.put("issuer", pki.signer().getIssuerX500Principal().getName());
        transcriptCert.put("serial", pki.signer().getSerialNumber().toString(16));
        transcriptCert.put("notBefore", pki.signer().getNotBefore().toInstant().toString());
        transcriptCert.put("notAfter", pki.signer().getNotAfter().toInstant().toString());
        transcriptCert.put("sha256", sha(pki.signer()));
        transcriptCert.put("extensions", List.of("basicConstraints: CA:FALSE (critical)",
                "keyUsage: digitalSignature, nonRepudiation (critical)", "extKeyUsage: id-kp-documentSigning"));
        transcriptCert.put("pem", pem(pki.signer()));
        transcriptCert.put("signatureAlgorithm", "SHA384withECDSA");
        transcriptCert.put("files", List.of("/out/transcript-signer.pem"));
        step("2.3", "Issue the transcript-signing certificate", "issue-transcript-certificate", transcriptCert);
        step("3.1", "Split the key-wrapping key", "split-kwk", Map.of("threshold", "2", "shares", "3",
                "shareSetId", "3c9ae51f0b7d4e62", "kwkCheckValue", "a1b2c3",
                "commitments", List.of("1".repeat(64), "2".repeat(64), "3".repeat(64))));
        String[] names = {"Carol Custodian", "Dan Custodian", "Erin Custodian"};
        for (int i = 1; i <= 3; i++) {
            if (i == 2) {
                // Share 2's card was not found at first: a failure, an exception record, a retry.
                begin("3.3", "Write share 2", "write-share", 1);
                add("step-failed", "3.3", "administrator", Map.of("attempt", 1L, "durationMs", 3L,
                        "error", "no token with label card-2 is present"));
                add("exception", "3.3", "AA,WW,DC", Map.of("started", "2026-11-26T09:03:00.000Z",
                        "expected", "card-2 is recognised", "happened", "card-2 was not found",
                        "actions", "re-inserted card-2 and retried", "initials", List.of("AA", "WW", "DC")));
                add("retry", "3.3", "administrator", Map.of("attempt", 2L));
                add("step-begin", "3.3", "administrator", Map.of("title", "Write share 2", "action", "write-share",
                        "attempt", 2L));
            } else {
                begin("3." + (i + 1), "Write share " + i, "write-share", 1);
            }
            finish("3." + (i + 1), Map.of("custodian", names[i - 1], "custodianNumber", (long) i,
                    "cardSerial", "0e1a2b3c4d5e6f7" + i, "cardLabel", "card-" + i, "shareNumber", String.valueOf(i),
                    "commitment", String.valueOf(i).repeat(64), "readBackVerified", true));
        }
        step("3.5", "Write the backup package", "write-backup", Map.of("copies", List.of(
                Map.of("destination", "media-1", "path", "/media/usb1/backup-root-r1.kcbackup", "sha256", "ab".repeat(32),
                        "bytes", 2048L),
                Map.of("destination", "media-2", "path", "/media/usb2/backup-root-r1.kcbackup", "sha256", "ab".repeat(32),
                        "bytes", 2048L)),
                "sha256", "ab".repeat(32), "identical", true, "signedBy", "CN=KeyCeremony transcript signer"));
        step("4.1", "Zeroize", "zeroize", Map.of("wiped", List.of("kwk", "shares")));
        add("ceremony-end", "", "engine", Map.of("outcome", "completed", "memoryWiped", List.of()));
    }

    /** {@code facts} and one more (Map.of takes ten at most). */
    private static Map<String, Object> with(Map<String, Object> facts, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(facts);
        m.put(key, value);
        return m;
    }

    private static Map<String, Object> person(String name, String role) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("role", role);
        m.put("initials", String.valueOf(name.charAt(0)) + name.charAt(name.indexOf(' ') + 1));
        return m;
    }

    static String sha(X509Certificate c) {
        try {
            return Digests.sha256Hex(c.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String spki(X509Certificate c) {
        return Digests.sha256Hex(c.getPublicKey().getEncoded());
    }

    static String pem(X509Certificate c) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
