package org.keyceremony.ceremony;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * How a run ended.
 *
 * @param rollbacksLeft descriptions of things an aborted ceremony created and did not remove
 *                      (declined or failed removals): to be removed by hand; empty for a clean end
 * @param rollbacksKept what an abort did not remove on purpose: the safety invariant kept it (a
 *                      restore path, a completed ceremony's output), with why; never to be removed by hand
 */
public record CeremonyResult(Outcome outcome, UUID ceremonyId, Path log, long events, String finalHash,
                             List<String> rollbacksLeft, List<String> rollbacksKept) {
    public CeremonyResult {
        rollbacksLeft = List.copyOf(rollbacksLeft);
        rollbacksKept = List.copyOf(rollbacksKept);
    }

    public CeremonyResult(Outcome outcome, UUID ceremonyId, Path log, long events, String finalHash,
                          List<String> rollbacksLeft) {
        this(outcome, ceremonyId, log, events, finalHash, rollbacksLeft, List.of());
    }

    /** The {@code outcome} of the closing {@code ceremony-end} event. */
    public enum Outcome {
        COMPLETED("completed"), ABORTED("aborted");

        private final String wire;

        Outcome(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
