package org.keyceremony.ceremony;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What {@link Recovery} found in the log of an interrupted ceremony and what each choice
 * would do. Step indexes count steps of the script from 0.
 *
 * @param events            verified events in the log (a torn last line not counted)
 * @param finalHash         hash of the last verified event
 * @param tornTail          the last line was cut short by a crash (it is set aside, kept, when resuming or aborting)
 * @param lastCompletedStep id of the last confirmed step, "" if none
 * @param interruptedStep   id of the step begun but not confirmed, "" if none
 * @param resumeIndex       the step a resume starts at: the last safe resume point at or before the
 *                          first unfinished step, moved back to the producer of any lost memory-only
 *                          secret still needed; equal to the step count when only the closing event is missing
 * @param lostMemory        memory-only secrets that died with the process and must be produced again
 * @param replaySteps       steps run again on resume only to re-establish sessions (logins)
 * @param redoRemovals      removals carried out before resuming: what the redone steps had created
 *                          (e.g. the dead share set's written shares), in the order they will run
 * @param pendingRemovals   everything an abort would remove, in the order it would run
 * @param abortInProgress   the ceremony was being aborted when it stopped: only abort is offered
 * @param signedTranscript  the ceremony's transcript file, if it was already written (the process died
 *                          in the signing step after writing it; a resume finishes with it), else ""
 */
public record RecoveryPlan(UUID ceremonyId, boolean rehearsal, CeremonySetup setup, String scriptSha256,
                          long events, String finalHash, boolean tornTail,
                          String lastCompletedStep, String interruptedStep, int resumeIndex, String resumeStep,
                          List<String> lostMemory, List<String> replaySteps,
                          List<RegisteredRollback> redoRemovals, List<RegisteredRollback> pendingRemovals,
                          boolean abortInProgress, String signedTranscript) {
    public RecoveryPlan {
        lostMemory = List.copyOf(lostMemory);
        replaySteps = List.copyOf(replaySteps);
        redoRemovals = List.copyOf(redoRemovals);
        pendingRemovals = List.copyOf(pendingRemovals);
    }

    /** This plan, noting that the ceremony's transcript {@code file} was already written. */
    RecoveryPlan withSignedTranscript(String file) {
        return new RecoveryPlan(ceremonyId, rehearsal, setup, scriptSha256, events, finalHash, tornTail,
                lastCompletedStep, interruptedStep, resumeIndex, resumeStep, lostMemory, replaySteps, redoRemovals,
                pendingRemovals, abortInProgress, file);
    }

    public boolean canResume() {
        return !abortInProgress;
    }

    /**
     * False once the signed transcript exists: it records a completed, signed ceremony, and an
     * abort would remove the very key it certifies (an abort already in progress is finished).
     */
    public boolean canAbort() {
        return abortInProgress || signedTranscript.isEmpty();
    }

    /** Several lines for the people deciding: where it stopped and what resume and abort would do. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("Interrupted ceremony ").append(ceremonyId).append(rehearsal ? " (REHEARSAL)" : "").append('\n');
        sb.append("  event log: ").append(events).append(" verified events, last hash ").append(finalHash).append('\n');
        if (tornTail) {
            sb.append("  the last line was cut short by the crash; it will be set aside (kept) and recorded\n");
        }
        sb.append("  last completed step: ").append(lastCompletedStep.isEmpty() ? "none" : lastCompletedStep).append('\n');
        if (!interruptedStep.isEmpty()) {
            sb.append("  interrupted during step: ").append(interruptedStep).append('\n');
        }
        if (abortInProgress) {
            sb.append("  the ceremony was being aborted: only abort can be completed\n");
        } else if (resumeStep.isEmpty()) {
            sb.append("  resume: every step is done; resuming only closes the ceremony\n");
        } else {
            sb.append("  resume from step: ").append(resumeStep).append(" (last safe resume point)\n");
            if (!lostMemory.isEmpty()) {
                sb.append("  lost with the process (held only in memory): ").append(String.join(", ", lostMemory))
                        .append(" - the steps from ").append(resumeStep).append(" on are redone\n");
            }
            if (!replaySteps.isEmpty()) {
                sb.append("  run again first to log in: ").append(String.join(", ", replaySteps)).append('\n');
            }
            if (!redoRemovals.isEmpty()) {
                sb.append("  removed before resuming: ").append(list(redoRemovals)).append('\n');
            }
        }
        if (!signedTranscript.isEmpty()) {
            sb.append("  the signed transcript was already written: ").append(signedTranscript).append('\n')
                    .append("  resume finishes with it (checks it, then destroys its signing key); no second "
                            + "transcript is signed.\n");
        }
        if (!canAbort()) {
            sb.append("  abort is not possible: the signed transcript records the ceremony as completed, and an abort "
                    + "would remove the key it certifies; resume");
        } else {
            sb.append("  abort would remove: ").append(pendingRemovals.isEmpty() ? "nothing" : list(pendingRemovals));
        }
        return sb.toString();
    }

    private static String list(List<RegisteredRollback> removals) {
        return removals.stream().map(r -> r.description() + " [step " + r.step() + "]").collect(Collectors.joining("; "));
    }
}
