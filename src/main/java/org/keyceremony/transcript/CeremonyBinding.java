package org.keyceremony.transcript;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Ties the signature to the ceremony its embedded log records. A valid chain to the right
 * root only says that <em>some</em> transcript-signing key of that root signed; every
 * ceremony under the same root (generation, restore, rotation) gets its own such key, and
 * the key stays in the HSM after its ceremony. Without this, the key of ceremony A could
 * sign the record of ceremony B (or of a ceremony that never happened) and pass. So the
 * signer must be the certificate the log says this ceremony issued, its subject must name
 * this ceremony, the root must be the one the log records, and the claimed signing time must
 * fall where the product signs: right after the last event of the log it signs.
 */
final class CeremonyBinding {
    /**
     * Longest accepted time between the last event of the signed log and the signing time.
     * The product signs within seconds of that event (the sign-transcript step's begin, or
     * {@code ceremony-end}); an hour leaves room for a slow HSM and a large rendering.
     */
    static final Duration MAX_SIGNING_DELAY = Duration.ofHours(1);

    private CeremonyBinding() {
    }

    /** What the log records about the ceremony's identity and certificates. */
    private record Recorded(String ceremonyId, Map<String, Facts> factsByAction) {
        Facts of(String action) {
            return factsByAction.getOrDefault(action, Facts.EMPTY);
        }
    }

    /** The first ceremony id, and per action the facts of its last step that did not fail. */
    private static Recorded recorded(List<Event> events) {
        String id = null;
        Map<String, String> actionOfStep = new HashMap<>();
        Map<String, Facts> facts = new HashMap<>();
        for (Event e : events) {
            Facts data = Facts.of(e.data());
            switch (e.type()) {
                case "ceremony-start" -> id = id == null ? data.text("ceremonyId") : id;
                case "step-begin" -> actionOfStep.put(e.step(), data.text("action"));
                case "step-end" -> {
                    if (!"failed".equals(data.text("outcome"))) {
                        String action = data.text("action").isEmpty()
                                ? actionOfStep.getOrDefault(e.step(), "") : data.text("action");
                        facts.put(action, data.object("facts"));
                    }
                }
                default -> { }
            }
        }
        return new Recorded(id == null ? "" : id, facts);
    }

    /**
     * Check {@code signer-of-ceremony}: the signer's certificate is the one the log's
     * issue-transcript-certificate step recorded, its subject serialNumber is the log's
     * ceremony id, and the root is the one the log records (self-signed in this ceremony, or
     * loaded from the backup package).
     *
     * @param found the signature that verified, or null
     * @param root  the root of a chain that held, or null
     * @param log   the embedded log when it verified, or null
     */
    static void signer(SignatureChecks.Found found, X509Certificate root, EventLogVerifier.Result log, List<Check> out) {
        if (found == null || log == null) {
            out.add(Check.fail("signer-of-ceremony", "not compared: " + (found == null
                    ? "no signature verified" : "the embedded event log did not verify")));
            return;
        }
        Recorded r = recorded(log.events());
        List<String> problems = new ArrayList<>();
        X509Certificate signer = found.signer();
        String recordedSigner = r.of("issue-transcript-certificate").text("sha256");
        String signerSha = sha256(signer);
        if (recordedSigner.isEmpty()) {
            problems.add("the log records no transcript-signing certificate (issue-transcript-certificate), so the "
                    + "signer cannot be tied to this ceremony");
        } else if (!recordedSigner.equalsIgnoreCase(signerSha)) {
            problems.add("the signer's certificate (SHA-256 " + signerSha + ") is not the transcript-signing "
                    + "certificate this ceremony issued (SHA-256 " + recordedSigner + "): signed with a key that is "
                    + "not this ceremony's");
        }
        String named = serialNumberOf(signer);
        if (r.ceremonyId().isEmpty()) {
            problems.add("the log names no ceremony id");
        } else if (named == null) {
            problems.add("the signer's certificate names no ceremony (no serialNumber in its subject)");
        } else if (!named.equals(r.ceremonyId())) {
            problems.add("the signer's certificate belongs to ceremony " + named + ", but the log is of ceremony "
                    + r.ceremonyId());
        }
        if (root != null) {
            String rootSha = sha256(root);
            String selfSigned = r.of("self-sign-certificate").text("sha256");
            String fromBackup = r.of("load-backup").text("rootCertificateSha256");
            if (selfSigned.isEmpty() && fromBackup.isEmpty()) {
                problems.add("the log records no root certificate (self-sign-certificate or load-backup)");
            } else if (!rootSha.equalsIgnoreCase(selfSigned) && !rootSha.equalsIgnoreCase(fromBackup)) {
                problems.add("the signature's root (SHA-256 " + rootSha + ") is not the root this ceremony's log "
                        + "records (SHA-256 " + (selfSigned.isEmpty() ? fromBackup : selfSigned) + ")");
            }
        }
        if (!problems.isEmpty()) {
            out.add(Check.fail("signer-of-ceremony", String.join("; ", problems)));
            return;
        }
        out.add(Check.pass("signer-of-ceremony", "the signer is the transcript-signing certificate issued in ceremony "
                + r.ceremonyId() + (root == null ? "" : ", under the root its log records")));
    }

    /**
     * Check {@code signing-time}: the claimed signing time (/M, covered by the signature)
     * lies after the last event of the signed log (PDF dates have whole seconds) and at most
     * {@link #MAX_SIGNING_DELAY} later. The certificates' validity at that time is judged by
     * the chain check; their validity today is not: a transcript stays verifiable after its
     * certificates expire.
     */
    static void signingTime(SignatureChecks.Found found, EventLogVerifier.Result log, List<Check> out) {
        if (found == null || log == null || log.events().isEmpty()) {
            out.add(Check.fail("signing-time", "not compared: " + (found == null
                    ? "no signature verified" : "the embedded event log did not verify")));
            return;
        }
        Instant when = found.claimedSigningTime();
        if (when == null) {
            out.add(Check.fail("signing-time", "the signature carries no signing time (/M)"));
            return;
        }
        Event first = log.events().get(0);
        Event last = log.events().get(log.events().size() - 1);
        Instant lastSecond = last.time().truncatedTo(ChronoUnit.SECONDS);
        if (when.isBefore(lastSecond)) {
            out.add(Check.fail("signing-time", "the signing time " + when + " is before the last event of the log it "
                    + "signs (event " + last.seq() + " at " + last.time() + (when.isBefore(first.time())
                    ? "; even before the ceremony began at " + first.time() : "")
                    + "): the transcript was not signed at the end of its ceremony"));
            return;
        }
        if (when.isAfter(last.time().plus(MAX_SIGNING_DELAY))) {
            out.add(Check.fail("signing-time", "the signing time " + when + " is more than "
                    + MAX_SIGNING_DELAY.toMinutes() + " minutes after the last event of the log it signs (event "
                    + last.seq() + " at " + last.time() + "): the transcript was not signed at the end of its "
                    + "ceremony, but later"));
            return;
        }
        out.add(Check.pass("signing-time", "signed at " + when + ", right after the log's last event (" + last.time()
                + ")"));
    }

    /** The subject's serialNumber attribute (the product puts the ceremony id there), or null. */
    private static String serialNumberOf(X509Certificate cert) {
        try {
            RDN[] rdns = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.SERIALNUMBER);
            if (rdns.length != 1 || rdns[0].isMultiValued()
                    || !(rdns[0].getFirst().getValue() instanceof ASN1String value)) {
                return null;
            }
            return value.getString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String sha256(X509Certificate cert) {
        try {
            return SignatureChecks.sha256Hex(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            return "(cannot be encoded)";
        }
    }
}
