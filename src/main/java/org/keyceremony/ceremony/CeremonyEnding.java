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

    /** True if the ceremony ended as this call set out to, with nothing left to remove by hand. */
    public boolean asAimed() {
        return result.outcome() == aimedFor && result.rollbacksLeft().isEmpty();
    }
}
