package org.keyceremony.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;

/**
 * Checks an event log line by line and names the first event that is edited, missing,
 * inserted, out of order, or a last line cut short by a crash. A log that verifies proves
 * only that it is internally consistent; the final hash, printed in the transcript and
 * compared out of band, is what pins it down.
 */
public final class EventLogVerifier {
    /** Longest log file this verifier reads (a ceremony writes a few hundred kilobytes). */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private EventLogVerifier() {
    }

    /**
     * The outcome of a verification.
     *
     * @param valid         true if every line is a correct event and the file ends with a newline
     * @param events        the events that verified, in order (all of them when valid)
     * @param finalHash     hash of the last verified event ({@link Event#GENESIS} if none)
     * @param problemLine   1-based line of the first problem, 0 when valid
     * @param problemSeq    the seq the first problem concerns (the event expected there), 0 when valid
     * @param problem       what is wrong, for a person; "" when valid
     * @param truncatedTail true if the only problem is an incomplete last line (a crash while writing)
     * @param verifiedBytes length of the file prefix holding the verified events
     */
    public record Result(boolean valid, List<Event> events, String finalHash, long problemLine, long problemSeq,
                         String problem, boolean truncatedTail, long verifiedBytes) {
        public Result {
            events = List.copyOf(events);
        }

        /** One line for people: "valid, 42 events, final hash …" or the problem. */
        public String summary() {
            return valid ? "valid, " + events.size() + " events, final hash " + finalHash
                    : "INVALID: " + problem;
        }
    }

    /** Reads and verifies the log at {@code file}. */
    public static Result verify(Path file) throws KeyCeremonyException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidInputException("event log " + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes; this is not a log this program wrote");
            }
            return verify(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new KeyCeremonyException("cannot read the event log " + file + ": " + e.getMessage()
                    + ". Check the path and that the medium is readable.", e);
        }
    }

    /** Verifies a log given as bytes. */
    public static Result verify(byte[] log) {
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < log.length; i++) {
            if (log[i] == '\n') {
                starts.add(start);
                ends.add(i);
                start = i + 1;
            }
        }
        boolean tail = start < log.length;
        List<Event> parsed = new ArrayList<>();
        List<String> parseErrors = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            String text = null;
            Event e = null;
            String error = null;
            try {
                text = decode(log, starts.get(i), ends.get(i));
                e = Event.parse(text);
            } catch (InvalidInputException ex) {
                error = ex.getMessage();
            }
            texts.add(text);
            parsed.add(e);
            parseErrors.add(error);
        }

        List<Event> good = new ArrayList<>();
        String last = Event.GENESIS;
        long verifiedBytes = 0;
        for (int i = 0; i < parsed.size(); i++) {
            long line = i + 1L;
            long expected = i + 1L;
            Event e = parsed.get(i);
            if (e == null) {
                return broken(good, last, line, expected, verifiedBytes,
                        "line " + line + " (where event " + expected + " belongs) is not a valid event: " + parseErrors.get(i));
            }
            if (e.seq() != expected) {
                String what;
                if (expected == 1) {
                    what = "line 1 holds seq " + e.seq() + ", but a log starts with event 1: the log's beginning is "
                            + (e.seq() > 1 ? "missing" : "not an event of this log");
                } else if (e.seq() < expected) {
                    what = "line " + line + " holds seq " + e.seq() + " again after event " + (expected - 1)
                            + ": an event was inserted or duplicated here";
                } else if (seqAppearsLater(parsed, i + 1, expected)) {
                    what = "line " + line + " holds seq " + e.seq() + " where event " + expected
                            + " belongs: events are out of order (reordered)";
                } else {
                    what = "event " + expected + " is missing: line " + line + " holds seq " + e.seq()
                            + " (deleted event)";
                }
                return broken(good, last, line, expected, verifiedBytes, what);
            }
            if (!e.hash().equals(e.expectedHash())) {
                return broken(good, last, line, expected, verifiedBytes, "event " + expected + " (line " + line
                        + "): its hash does not match its content: the event was edited");
            }
            if (!e.prev().equals(last)) {
                return broken(good, last, line, expected, verifiedBytes, "event " + expected + " (line " + line
                        + "): prev does not match the hash of " + (expected == 1 ? "the genesis value"
                        : "event " + (expected - 1)) + ": "
                        + (expected == 1 ? "the first event was replaced" : "event " + (expected - 1)
                        + " was changed or replaced, or an event before it was inserted"));
            }
            if (!texts.get(i).equals(e.toJsonLine())) {
                return broken(good, last, line, expected, verifiedBytes, "event " + expected + " (line " + line
                        + ") is not written in canonical form: the line was edited");
            }
            good.add(e);
            last = e.hash();
            verifiedBytes = ends.get(i) + 1L;
        }
        if (tail) {
            long line = parsed.size() + 1L;
            return new Result(false, good, last, line, line,
                    "line " + line + " (where event " + line + " belongs) is incomplete: the log was cut short, "
                            + "most likely by a crash while writing", true, verifiedBytes);
        }
        return new Result(true, good, last, 0, 0, "", false, verifiedBytes);
    }

    private static boolean seqAppearsLater(List<Event> parsed, int from, long seq) {
        for (int j = from; j < parsed.size(); j++) {
            if (parsed.get(j) != null && parsed.get(j).seq() == seq) {
                return true;
            }
        }
        return false;
    }

    private static Result broken(List<Event> good, String last, long line, long seq, long verifiedBytes, String problem) {
        return new Result(false, good, last, line, seq, problem, false, verifiedBytes);
    }

    private static String decode(byte[] log, int from, int to) throws InvalidInputException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(log, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("not valid UTF-8");
        }
    }
}
