package org.keyceremony.ceremony.actions;

import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.transcript.TranscriptWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The transcript of a ceremony whose script has no {@code sign-transcript} step (a card check,
 * which needs no HSM): made from the complete, closed event log after the ceremony ends, and
 * written UNSIGNED with a banner saying so on every page.
 */
public final class UnsignedTranscripts {
    private UnsignedTranscripts() {
    }

    /** True if {@code script} ends without a signed transcript. */
    public static boolean isUnsigned(CeremonyScript script) {
        return script.steps().stream().noneMatch(s -> s.action() instanceof Action.SignTranscript);
    }

    /**
     * Writes {@code transcript-<id>.pdf} in {@code outDir} when the ceremony completed and its
     * script does not sign; returns the file written, if any.
     */
    public static Optional<Path> writeIfUnsigned(CeremonyScript script, Path outDir, CeremonyResult result)
            throws KeyCeremonyException {
        if (!isUnsigned(script) || result.outcome() != CeremonyResult.Outcome.COMPLETED) {
            return Optional.empty();
        }
        byte[] log;
        try {
            log = Files.readAllBytes(result.log());
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot read the event log " + result.log() + " to make the transcript ("
                    + e.getMessage() + "). The log is the record; make the transcript again from it.", e);
        }
        Path target = outDir.resolve(org.keyceremony.transcript.TranscriptWriter.fileName(result.ceremonyId()));
        TranscriptWriter.writeUnsignedFromLog(target, log, script.sourceText(), List.of(), Instant.now());
        return Optional.of(target);
    }
}
