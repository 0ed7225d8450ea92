package org.keyceremony.ceremony.actions.transcript;

import org.keyceremony.journal.facts.SigningFacts;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.base.Digests;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.transcript.Attachment;
import org.keyceremony.transcript.EmbeddedFiles;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.EventType;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The sign-transcript step found this ceremony's transcript already on disk: the process died
 * (or the step was repeated) after the signed file was written. It is accepted only if it is
 * this ceremony's own signed transcript, so the step finishes with it (and destroys the key)
 * instead of signing a second one: it verifies with the auditor's checks under this root, the
 * event log it embeds is a prefix of this ceremony's log file, byte for byte, and that log
 * ends with this step's begin event. Anything else is refused and the key is kept.
 */
final class ExistingTranscript {
    private ExistingTranscript() {
    }

    /** The step facts of the transcript at {@code file}, checked as above. */
    static SigningFacts.SignedTranscript check(StepContext ctx, Path file, X509Certificate root, X509Certificate signer)
            throws KeyCeremonyException {
        String keep = " The transcript-signing key was kept. Move the file away as evidence, record an exception, "
                + "and retry the step (it then signs a new transcript).";
        byte[] pdf;
        byte[] logNow;
        Path logFile = ctx.ceremony().outputDirectory().resolve(EventLog.FILE_NAME);
        try {
            pdf = Files.readAllBytes(file);
            logNow = Files.readAllBytes(logFile);
        } catch (IOException e) {
            throw new KeyCeremonyException("The transcript " + file + " already exists but cannot be read together "
                    + "with the event log (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")." + keep, e);
        }
        String rootSha = Digests.sha256Hex(KeyActions.encoded(root));
        VerificationReport report = TranscriptVerifier.verify(file.getFileName().toString(), pdf, rootSha);
        if (!report.valid()) {
            throw new KeyCeremonyException("The transcript " + file + " already exists but does not verify: "
                    + report.failures().stream().map(c -> c.name() + ": " + c.reason())
                    .collect(Collectors.joining("; ")) + "." + keep);
        }
        byte[] embedded = embeddedLog(pdf).orElseThrow(() -> new KeyCeremonyException("The transcript " + file
                + " already exists but embeds no event log." + keep));
        if (embedded.length > logNow.length || !Arrays.equals(embedded, 0, embedded.length, logNow, 0, embedded.length)) {
            throw new KeyCeremonyException("The transcript " + file + " already exists and verifies, but the event "
                    + "log it embeds is not the beginning of this ceremony's log " + logFile + "." + keep);
        }
        EventLogVerifier.Result covered = EventLogVerifier.verify(embedded);
        Event last = covered.events().get(covered.events().size() - 1);
        if (!last.is(EventType.STEP_BEGIN) || !last.step().equals(ctx.step().id())) {
            throw new KeyCeremonyException("The transcript " + file + " already exists, but the log it covers does "
                    + "not end where this step signs (it ends with event " + last.seq() + ", " + last.type() + ")."
                    + keep);
        }
        return new SigningFacts.SignedTranscript(file.toString(), Digests.sha256Hex(pdf), covered.events().size(),
                covered.finalHash(), signer.getSubjectX500Principal().toString(), rootSha, Optional.of(true));
    }

    private static Optional<byte[]> embeddedLog(byte[] pdf) throws KeyCeremonyException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return EmbeddedFiles.read(doc, Attachment.EVENT_LOG, EventLogVerifier.MAX_FILE_BYTES);
        } catch (IOException e) {
            throw new KeyCeremonyException("The existing transcript cannot be opened to read its event log ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }
}
