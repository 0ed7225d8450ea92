package org.keyceremony.ui.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

import org.keyceremony.transcript.Attachment;
import org.keyceremony.transcript.EmbeddedFiles;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.transcript.TranscriptContent;
import org.keyceremony.transcript.TranscriptFacts;

/**
 * The facts the review screen shows beside the checklist (keys, certificates, shares,
 * timeline, exceptions), derived the same way the transcript's pages were: from the
 * embedded event log, and only if that log's hash chain verifies. Whether the log is the
 * one that was signed is the checklist's business ({@code no-changes-after-signing},
 * {@code printed-facts}); the screen says so next to the facts.
 */
final class TranscriptReading {
    private static final long MAX_ATTACHMENT = EventLogVerifier.MAX_FILE_BYTES;

    private TranscriptReading() {
    }

    /** The content, or empty if the file has no readable, chain-valid event log. */
    static Optional<TranscriptContent> read(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            Optional<byte[]> log = attachment(doc, Attachment.EVENT_LOG);
            if (log.isEmpty()) {
                return Optional.empty();
            }
            EventLogVerifier.Result r = EventLogVerifier.verify(log.get());
            if (!r.valid()) {
                return Optional.empty();
            }
            String script = attachment(doc, Attachment.SCRIPT).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
            return Optional.of(TranscriptFacts.fromEvents(r.events(), script));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> attachment(PDDocument doc, String name) throws IOException {
        return EmbeddedFiles.read(doc, name, MAX_ATTACHMENT);
    }
}
