package org.keyceremony.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.keyceremony.ceremony.CeremonyEnding;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.EventType;

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
        if (end.signed()) {
            transcriptFinalHash(result.log()).ifPresent(h -> o.println("Transcript final hash (in every page footer; "
                    + "write it with the ceremony id on the pages everyone signs, for 'verify --expect-final-hash'): "
                    + h));
        }
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

    /**
     * The final hash of what the signed transcript covers: the log up to the signing step's begin
     * event, so that event's hash. Empty when the log cannot be read or has no signing step.
     */
    static Optional<String> transcriptFinalHash(Path log) {
        try {
            java.util.List<Event> events = EventLogVerifier.verify(Files.readAllBytes(log)).events();
            String hash = null;
            for (Event e : events) {
                if (e.is(EventType.STEP_BEGIN)
                        && "sign-transcript".equals(e.data().get("action"))) {
                    hash = e.hash();
                }
            }
            return Optional.ofNullable(hash);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
