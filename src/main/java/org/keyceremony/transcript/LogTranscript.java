package org.keyceremony.transcript;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.EventType;

/**
 * A ceremony's transcript made from its event log: the one way every transcript is made, signed
 * in the HSM (the {@code sign-transcript} step) or unsigned (a ceremony without an HSM, at its
 * end). The log is verified before anything else; the content is derived from its events alone
 * (the pages are the log); the log and the script are embedded as the sources, then {@code extra}.
 */
public final class LogTranscript {
    private final EventLogVerifier.Result log;
    private final TranscriptContent content;
    private final List<Attachment> attachments;

    private LogTranscript(EventLogVerifier.Result log, TranscriptContent content, List<Attachment> attachments) {
        this.log = log;
        this.content = content;
        this.attachments = List.copyOf(attachments);
    }

    /**
     * Verifies {@code eventLog} and derives the transcript from it; a log that does not verify is refused.
     *
     * @param eventLog   the bytes of the event log file: closed (ending with {@code ceremony-end}), or
     *                   ending at the signing step's begin when the signing step makes the transcript
     * @param scriptText the script as it was hashed at the start
     * @param extra      files embedded after the log and the script (the certificates)
     */
    public static LogTranscript of(byte[] eventLog, String scriptText, List<Attachment> extra)
            throws KeyCeremonyException {
        return of(EventLogVerifier.verify(eventLog), eventLog, scriptText, extra);
    }

    /**
     * As {@link #of(byte[], String, List)}, with {@code log} the verification of exactly {@code eventLog}
     * (the verifier's, of the same embedded file): a log is verified once per check of a transcript.
     */
    static LogTranscript of(EventLogVerifier.Result log, byte[] eventLog, String scriptText, List<Attachment> extra)
            throws KeyCeremonyException {
        if (log.valid() && log.verifiedBytes() != eventLog.length) {
            throw new IllegalArgumentException("the verification handed over is not of these log bytes");
        }
        if (!log.valid()) {
            throw new KeyCeremonyException("The event log does not verify (" + log.problem() + "); no transcript "
                    + "is made from it. Keep the ceremony directory as it is and investigate the log; "
                    + "'ceremony recover' on it resumes or aborts the ceremony.");
        }
        boolean closed = !log.events().isEmpty()
                && log.events().get(log.events().size() - 1).is(EventType.CEREMONY_END);
        List<Attachment> attachments = new ArrayList<>();
        // A log still open is the one the signing step signs: it ends at that step's begin event.
        attachments.add(new Attachment(Attachment.EVENT_LOG, "application/jsonl", "Hash-chained event log of the "
                + "ceremony (" + (closed ? "final hash " + log.finalHash() : "up to the signing step") + ")",
                Attachment.Relationship.SOURCE, eventLog));
        attachments.add(new Attachment(Attachment.SCRIPT, "application/yaml", "The ceremony script that was followed",
                Attachment.Relationship.SOURCE, scriptText.getBytes(StandardCharsets.UTF_8)));
        attachments.addAll(extra);
        return new LogTranscript(log, TranscriptFacts.fromEvents(log.events(), scriptText), attachments);
    }

    /**
     * The transcript of a signing step: the log and the script, then the root and the
     * transcript-signing certificates ({@link Attachment#certificates}).
     */
    public static LogTranscript signed(byte[] eventLog, String scriptText, X509Certificate root, X509Certificate signer)
            throws KeyCeremonyException {
        return signed(eventLog, scriptText, SigningChain.of(signer, root));
    }

    /** As {@link #signed(byte[], String, X509Certificate, X509Certificate)}, with the certificates of {@code chain}. */
    public static LogTranscript signed(byte[] eventLog, String scriptText, SigningChain chain) throws KeyCeremonyException {
        return signed(EventLogVerifier.verify(eventLog), eventLog, scriptText, chain);
    }

    /** As {@link #signed(byte[], String, SigningChain)}, with {@code log} the verification of {@code eventLog}. */
    static LogTranscript signed(EventLogVerifier.Result log, byte[] eventLog, String scriptText, SigningChain chain)
            throws KeyCeremonyException {
        try {
            return of(log, eventLog, scriptText, Attachment.certificates(chain));
        } catch (CertificateEncodingException e) {
            throw new KeyCeremonyException("A certificate to embed in the transcript cannot be encoded; no transcript "
                    + "was made. Check the certificate files in the ceremony folder.", e);
        }
    }

    /**
     * The moment the transcript is dated and signed: the last event it covers, to the second. Taken
     * from the log, not a clock, so that the same log always renders the same file ({@link Reproduction}).
     */
    public Instant renderedAt() {
        return log.events().isEmpty() ? Instant.EPOCH
                : log.events().get(log.events().size() - 1).time().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The unsigned PDF as the signing step renders it ({@code unsigned}: with the UNSIGNED banner). */
    byte[] render(boolean unsigned) throws KeyCeremonyException {
        return rendering(unsigned).pdf();
    }

    /** As {@link #render}, with the text drawn on each page. */
    TranscriptRenderer.Rendering rendering(boolean unsigned) throws KeyCeremonyException {
        return TranscriptRenderer.render(content, attachments, renderedAt(), unsigned);
    }

    TranscriptContent content() {
        return content;
    }

    List<Attachment> attachments() {
        return attachments;
    }

    /** How many events of the log the transcript covers. */
    public long eventsCovered() {
        return log.events().size();
    }

    /** The hash of the last event covered, printed in every page footer. */
    public String finalHash() {
        return log.finalHash();
    }

    /**
     * Renders, signs, verifies with the auditor's checks (the root's fingerprint included) and only
     * then writes {@code target} ({@link TranscriptWriter#write}); returns that verification's report.
     */
    public VerificationReport writeSigned(Path target, TranscriptSigner signer, X509Certificate root)
            throws KeyCeremonyException {
        return TranscriptWriter.write(target, content, attachments, signer, root, renderedAt());
    }

    /**
     * Writes the transcript UNSIGNED, saying so in a banner on every page; {@code CREATE_NEW},
     * fsynced, read back. {@code ceremony verify} reports such a file as not signed.
     */
    public void writeUnsigned(Path target) throws KeyCeremonyException {
        if (Files.exists(target)) {
            throw new KeyCeremonyException("The transcript " + target + " already exists; a transcript is never "
                    + "overwritten. Choose another output directory.");
        }
        TranscriptWriter.writeNew(target, render(true));
    }
}
