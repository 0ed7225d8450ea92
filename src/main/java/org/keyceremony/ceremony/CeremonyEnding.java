package org.keyceremony.ceremony;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a ceremony started through {@link Ceremonies} ended, with its transcript.
 *
 * @param result     the engine's account: outcome, log, final hash, what is left or kept
 * @param transcript the transcript in the ceremony's folder, if the ceremony has one: signed by the
 *                   {@code sign-transcript} step, or written unsigned at the end of a completed
 *                   ceremony whose script signs nothing (a card check); empty after an abort, or a
 *                   signed ceremony that stopped before its signing step
 * @param signed     true if the script signs its transcript (with the transcript-signing key in the
 *                   HSM); false for a ceremony without an HSM, whose transcript says UNSIGNED on every page
 * @param aimedFor   what this call set out to do: {@code COMPLETED} for a run or a resume,
 *                   {@code ABORTED} for an abort
 */
public record CeremonyEnding(CeremonyResult result, Optional<Path> transcript, boolean signed,
                             CeremonyResult.Outcome aimedFor) {

    /**
     * The final hash of what the signed transcript covers (the log up to the signing step's begin
     * event, so that event's hash): printed in every page footer, written in ink with the ceremony
     * id on the pages everyone signs, for {@code verify --expect-final-hash}. Empty for an unsigned
     * transcript, or when the log cannot be read or has no signing step.
     */
    public java.util.Optional<String> transcriptFinalHash() {
        if (!signed) {
            return java.util.Optional.empty();
        }
        try {
            String hash = null;
            for (org.keyceremony.journal.Event e : org.keyceremony.journal.EventLogVerifier
                    .verify(java.nio.file.Files.readAllBytes(result.log())).events()) {
                if (e.is(org.keyceremony.journal.EventType.STEP_BEGIN) && "sign-transcript".equals(e.data().get("action"))) {
                    hash = e.hash();
                }
            }
            return java.util.Optional.ofNullable(hash);
        } catch (java.io.IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** True if the ceremony ended as this call set out to, with nothing left to remove by hand. */
    public boolean asAimed() {
        return result.outcome() == aimedFor && result.rollbacksLeft().isEmpty();
    }
}
