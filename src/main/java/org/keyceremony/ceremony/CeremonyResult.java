package org.keyceremony.ceremony;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * How a run ended.
 *
 * @param rollbacksLeft descriptions of things an aborted ceremony created and did not remove
 *                      (declined or failed removals); empty for a clean end
 */
public record CeremonyResult(Outcome outcome, UUID ceremonyId, Path log, long events, String finalHash,
                             List<String> rollbacksLeft) {
    public CeremonyResult {
        rollbacksLeft = List.copyOf(rollbacksLeft);
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
