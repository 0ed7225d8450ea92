package org.keyceremony.cli;

import java.io.PrintWriter;

import org.keyceremony.ceremony.CeremonyEnding;
import org.keyceremony.ceremony.CeremonyResult;

/** The closing lines of a run or recovery: outcome, log, final hash, anything left to remove by hand. */
final class CeremonyOutcomeReport {
    private CeremonyOutcomeReport() {
    }

    /** The line naming the transcript a ceremony without an HSM got, written UNSIGNED at its end; nothing otherwise. */
    static void unsignedTranscript(PrintWriter o, CeremonyEnding end) {
        if (!end.signed()) {
            end.transcript().ifPresent(t -> o.println("Transcript (UNSIGNED: this ceremony had no HSM; it says so on "
                    + "every page): " + t.toAbsolutePath()));
        }
    }

    /** Prints the result; returns the exit code: 0 if it ended as it set out to with nothing left behind, else 1. */
    static int print(PrintWriter o, CeremonyEnding end) {
        CeremonyResult result = end.result();
        o.println("Ceremony " + result.ceremonyId() + " " + result.outcome().wire() + ".");
        o.println("Event log: " + result.log() + " (" + result.events() + " events)");
        o.println("Final hash: " + result.finalHash());
        end.transcriptFinalHash().ifPresent(h -> o.println("Transcript final hash (in every page footer; "
                + "write it with the ceremony id on the pages everyone signs, for 'verify --expect-final-hash'): " + h));
        if (!result.rollbacksLeft().isEmpty()) {
            o.println("NOT removed (remove by hand and record an exception):");
            result.rollbacksLeft().forEach(r -> o.println("  - " + r));
        }
        if (!result.rollbacksKept().isEmpty()) {
            o.println("Kept on purpose (never remove these: the safety invariant, docs/threat-model.md):");
            result.rollbacksKept().forEach(r -> o.println("  - " + r));
        }
        o.flush();
        return end.asAimed() ? 0 : 1;
    }
}
