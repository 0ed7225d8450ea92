package org.keyceremony.cli;

import java.io.PrintWriter;

import org.keyceremony.ceremony.CeremonyResult;

/** The closing lines of a run or recovery: outcome, log, final hash, anything left to remove by hand. */
final class CeremonyOutcomeReport {
    private CeremonyOutcomeReport() {
    }

    /** Prints the result; returns the exit code: 0 if it ended as {@code wanted} with nothing left behind, else 1. */
    static int print(PrintWriter o, CeremonyResult result, CeremonyResult.Outcome wanted) {
        o.println("Ceremony " + result.ceremonyId() + " " + result.outcome().wire() + ".");
        o.println("Event log: " + result.log() + " (" + result.events() + " events)");
        o.println("Final hash: " + result.finalHash());
        if (!result.rollbacksLeft().isEmpty()) {
            o.println("NOT removed (remove by hand and record an exception):");
            result.rollbacksLeft().forEach(r -> o.println("  - " + r));
        }
        if (!result.rollbacksKept().isEmpty()) {
            o.println("Kept on purpose (never remove these: the safety invariant, docs/threat-model.md):");
            result.rollbacksKept().forEach(r -> o.println("  - " + r));
        }
        o.flush();
        return result.outcome() == wanted && result.rollbacksLeft().isEmpty() ? 0 : 1;
    }
}
