package org.keyceremony.transcript;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.journal.facts.RootRecorded;
import org.keyceremony.journal.facts.KeyFacts;
import org.keyceremony.journal.facts.RestoreFacts;
import org.keyceremony.journal.facts.StepFacts;
import org.keyceremony.journal.EventLogVerifier;

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

    /**
     * What the log records about the ceremony's identity and certificates: every ceremony id
     * of a {@code ceremony-start}, and per action the facts of each of its steps that did not
     * fail (each step with its last step-end, as the pages pick it). All steps, not the first or
     * the last: a forged log with two starts or two steps issuing certificates must not let the
     * check look at one while the pages show the other. The facts of the steps that bind (the
     * certificates issued or loaded) are read as their action's record; one that cannot be read
     * is named in {@code unreadable}, and the check fails on it.
     */
    private record Recorded(Set<String> ceremonyIds, List<StepFacts> facts, List<String> unreadable) {
        /** The distinct non-empty values, in lower case, that {@code value} finds in the facts of type {@code type}. */
        <T extends StepFacts> Set<String> values(Class<T> type, Function<T, Optional<String>> value) {
            Set<String> out = new TreeSet<>();
            for (StepFacts f : facts) {
                if (type.isInstance(f)) {
                    value.apply(type.cast(f)).filter(v -> !v.isEmpty()).ifPresent(v -> out.add(v.toLowerCase(Locale.ROOT)));
                }
            }
            return out;
        }
    }

    /** The actions whose facts tie the signature to the ceremony. */
    private static final Set<String> BINDING_ACTIONS = Set.of("issue-transcript-certificate", "self-sign-certificate",
            "load-backup");

    /** A kind (of a module of its own) whose facts name the root the ceremony works under ({@link RootRecorded}). */
    private static boolean recordsRoot(String action) {
        try {
            return ActionFacts.kinds().contains(action) && RootRecorded.class.isAssignableFrom(ActionFacts.typeOf(action));
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * Each step counts with its last step-end ({@link LastStepEnds}): a resumed ceremony's redone key
     * and certificate steps are its own. Two different steps recording certificates still count as
     * two, and are refused.
     */
    private static Recorded recorded(List<Event> events) {
        Set<String> ids = new LinkedHashSet<>();
        for (Event e : events) {
            if (e.is(EventType.CEREMONY_START)) {
                ids.add(Facts.of(e.data()).text("ceremonyId"));
            }
        }
        List<StepFacts> facts = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (LastStepEnds.End end : LastStepEnds.of(events)) {
            String action = end.action();
            if (end.succeeded() && (BINDING_ACTIONS.contains(action) || recordsRoot(action))) {
                try {
                    facts.add(ActionFacts.read(action, end.data().object("facts").map()));
                } catch (InvalidInputException e) {
                    unreadable.add("the facts of step " + end.step() + " (" + action + ") cannot be read: "
                            + e.getMessage());
                }
            }
        }
        return new Recorded(ids, facts, unreadable);
    }

    /**
     * Check {@code signer-of-ceremony}: the signer's certificate is the one the log's
     * issue-transcript-certificate step recorded, its subject serialNumber is the log's
     * ceremony id, and the root is the one the log records (self-signed in this ceremony, or
     * loaded from the backup package); and a ceremony CA in the chain is the one the log says
     * this ceremony's root issued, naming this ceremony, or the log records none and the chain has none.
     *
     * @param found the signature that verified, or null
     * @param chain the chain that held, or null
     * @param log   the embedded log when it verified, or null
     */
    static void signer(SignatureChecks.Found found, SigningChain chain, EventLogVerifier.Result log, List<Check> out) {
        X509Certificate root = chain == null ? null : chain.root();
        if (found == null || log == null) {
            out.add(Check.fail("signer-of-ceremony", "not compared: " + (found == null
                    ? "no signature verified" : "the embedded event log did not verify")));
            return;
        }
        Recorded r = recorded(log.events());
        List<String> problems = new ArrayList<>(r.unreadable());
        X509Certificate signer = found.signer();
        Set<String> recordedSigners = r.values(KeyFacts.IssueTranscriptCertificate.class,
                f -> Optional.of(f.certificate().sha256()));
        String signerSha = sha256(signer);
        if (recordedSigners.isEmpty()) {
            problems.add("the log records no transcript-signing certificate (issue-transcript-certificate), so the "
                    + "signer cannot be tied to this ceremony");
        } else if (recordedSigners.size() > 1) {
            problems.add("the log records more than one transcript-signing certificate (SHA-256 "
                    + String.join(", ", recordedSigners) + ")");
        } else if (!recordedSigners.contains(signerSha)) {
            problems.add("the signer's certificate (SHA-256 " + signerSha + ") is not the transcript-signing "
                    + "certificate this ceremony issued (SHA-256 " + recordedSigners.iterator().next() + "): signed "
                    + "with a key that is not this ceremony's");
        }
        String named = serialNumberOf(signer);
        if (r.ceremonyIds().size() != 1 || r.ceremonyIds().contains("")) {
            problems.add(r.ceremonyIds().size() > 1 ? "the log names more than one ceremony ("
                    + String.join(", ", r.ceremonyIds()) + ")" : "the log names no ceremony id");
        } else if (named == null) {
            problems.add("the signer's certificate names no ceremony (no serialNumber in its subject)");
        } else if (!r.ceremonyIds().contains(named)) {
            problems.add("the signer's certificate belongs to ceremony " + named + ", but the log is of ceremony "
                    + r.ceremonyIds().iterator().next());
        }
        if (chain != null) {
            ceremonyCa(chain, r, problems);
        }
        if (root != null) {
            String rootSha = sha256(root);
            Set<String> recordedRoots = new TreeSet<>(r.values(KeyFacts.SelfSignCertificate.class,
                    f -> Optional.of(f.certificate().sha256())));
            recordedRoots.addAll(r.values(RestoreFacts.LoadBackup.class, RestoreFacts.LoadBackup::rootCertificateSha256));
            recordedRoots.addAll(r.values(RootRecorded.class, f -> Optional.of(f.rootCertificateSha256())));
            if (recordedRoots.isEmpty()) {
                problems.add("the log records no root certificate (self-sign-certificate, load-backup or load-issuer)");
            } else if (recordedRoots.size() > 1) {
                problems.add("the log records more than one root certificate (SHA-256 "
                        + String.join(", ", recordedRoots) + ")");
            } else if (!recordedRoots.contains(rootSha)) {
                problems.add("the signature's root (SHA-256 " + rootSha + ") is not the root this ceremony's log "
                        + "records (SHA-256 " + recordedRoots.iterator().next() + ")");
            }
        }
        if (!problems.isEmpty()) {
            out.add(Check.fail("signer-of-ceremony", String.join("; ", problems)));
            return;
        }
        out.add(Check.pass("signer-of-ceremony", "the signer is the transcript-signing certificate issued in ceremony "
                + r.ceremonyIds().iterator().next() + (root == null ? "" : ", under the root its log records")));
    }

    /** The ceremony CA of {@code chain} against the one the log's issue-transcript-certificate step recorded. */
    private static void ceremonyCa(SigningChain chain, Recorded r, List<String> problems) {
        Set<String> recorded = r.values(KeyFacts.IssueTranscriptCertificate.class,
                f -> f.ceremonyCa().map(c -> c.certificate().sha256()));
        if (chain.ceremonyCa().isEmpty()) {
            if (!recorded.isEmpty()) {
                problems.add("the log records a ceremony CA (SHA-256 " + String.join(", ", recorded) + "), but the "
                        + "signer's certificate was issued by the root directly");
            }
            return;
        }
        X509Certificate ca = chain.ceremonyCa().get();
        String caSha = sha256(ca);
        if (recorded.isEmpty()) {
            problems.add("the signer's certificate was issued by a ceremony CA (SHA-256 " + caSha + "), but the log "
                    + "records none: this ceremony's transcript signer is certified by the root directly");
        } else if (!recorded.equals(Set.of(caSha))) {
            problems.add("the ceremony CA in the signature (SHA-256 " + caSha + ") is not the one this ceremony's log "
                    + "records (SHA-256 " + String.join(", ", recorded) + ")");
        }
        String named = serialNumberOf(ca);
        if (r.ceremonyIds().size() == 1 && !r.ceremonyIds().contains(named)) {
            problems.add("the ceremony CA names ceremony " + named + ", but the log is of ceremony "
                    + r.ceremonyIds().iterator().next());
        }
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
            return Digests.sha256Hex(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            return "(cannot be encoded)";
        }
    }
}
