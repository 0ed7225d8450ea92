package org.keyceremony.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.keyceremony.base.InvalidInputException;

/**
 * The event log readers against any bytes: one line ({@link Json} and {@link Event#parse}), and a
 * whole log ({@link EventLogVerifier}, as {@code ceremony recover} and {@code ceremony verify}
 * read it). Seeds: the log of a genuine rehearsal and the test vector of docs/formats.md (the
 * files named {@code genuine-*}), the damage {@code EventLogTest} names done to the rehearsal's
 * log, each kind of event of that log, and the malformed texts of {@code JsonTest}.
 */
class EventLogFuzzTest {
    private static final String LOGS = "EventLogFuzzTestInputs/aLogVerifiesOnlyAsAGenuinePrefix/";
    /** The genuine logs among the seeds: a log that verifies must be the beginning of one of them. */
    private static final List<List<Event>> GENUINE = List.of(events("genuine-rehearsal.jsonl"),
            events("genuine-formats-md-vector.jsonl"));

    /**
     * JSON: a value that reads back the same from its canonical form, or an
     * {@link InvalidInputException} naming the offset. An event: one that reads back equal from its
     * own canonical line, or a refusal with a message; never another exception (no stack
     * overflow on deep nesting), never a hang.
     */
    @FuzzTest
    @DictionaryFile(resourcePath = "/fuzz-dictionaries/json.dict")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aLineIsAnEventOrARefusal(byte[] bytes) {
        String line = new String(bytes, StandardCharsets.UTF_8);
        try {
            Object value = Json.parse(line);
            assertThat(readBack(Json.canonical(value))).isEqualTo(value);
        } catch (InvalidInputException refused) {
            assertThat(refused.getMessage()).matches("invalid JSON at offset \\d+: .+|JSON text longer than \\d+ characters");
        }
        try {
            Event event = Event.parse(line);
            assertThat(readBackEvent(event.toJsonLine())).isEqualTo(event);
            assertThat(event.expectedHash()).hasSize(64);
        } catch (InvalidInputException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /**
     * A verdict, never an exception or a hang. The events it accepts (the whole log when valid,
     * those before the problem otherwise) form a chain, and all of them but the last are the
     * beginning of a genuine log: no edit, splice or reordering passes (the last event of any log
     * can be rewritten with its hash recomputed; that changes the final hash, which is why the
     * transcript prints it). A valid log ends where its last event ends and its final hash is that
     * event's; an invalid one names its problem on the line after the events it accepted, and the
     * bytes it verified are exactly their canonical lines.
     */
    @FuzzTest
    @DictionaryFile(resourcePath = "/fuzz-dictionaries/json.dict")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aLogVerifiesOnlyAsAGenuinePrefix(byte[] log) {
        EventLogVerifier.Result r = EventLogVerifier.verify(log);
        List<Event> accepted = r.events();
        // The last accepted event can be edited with its hash recomputed: only the final hash,
        // compared out of band, shows that. Every event before it is pinned by its successor.
        List<Event> pinned = accepted.subList(0, Math.max(0, accepted.size() - 1));
        assertThat(GENUINE).as("the accepted events but the last begin a genuine log")
                .anySatisfy(genuine -> assertThat(pinned).isEqualTo(genuine.subList(0, Math.min(pinned.size(),
                        genuine.size()))).hasSizeLessThanOrEqualTo(genuine.size()));
        for (int i = 0; i < accepted.size(); i++) {
            assertThat(accepted.get(i).prev()).isEqualTo(i == 0 ? Event.GENESIS : accepted.get(i - 1).hash());
            assertThat(accepted.get(i).hash()).isEqualTo(accepted.get(i).expectedHash());
        }
        assertThat(r.finalHash()).isEqualTo(accepted.isEmpty() ? Event.GENESIS : accepted.get(accepted.size() - 1).hash());
        int lines = 1;
        for (byte b : log) {
            lines += b == '\n' ? 1 : 0;
        }
        if (r.valid()) {
            assertThat(r.verifiedBytes()).isEqualTo(log.length);
            assertThat(r.problem()).isEmpty();
        } else {
            assertThat(r.problem()).isNotBlank();
            assertThat(r.problemLine()).isBetween(1L, (long) lines);
            assertThat(r.problemLine()).isEqualTo(accepted.size() + 1L);
            StringBuilder verified = new StringBuilder();
            for (Event e : accepted) {
                verified.append(e.toJsonLine()).append('\n');
            }
            assertThat(new String(log, 0, (int) r.verifiedBytes(), StandardCharsets.UTF_8)).isEqualTo(verified.toString());
        }
    }

    @Test
    void theGenuineLogsVerify() {
        assertThat(GENUINE).allSatisfy(events -> assertThat(events).isNotEmpty());
    }

    private static Object readBack(String canonical) {
        try {
            return Json.parse(canonical);
        } catch (InvalidInputException e) {
            throw new AssertionError("the canonical form does not read back: " + e.getMessage(), e);
        }
    }

    private static Event readBackEvent(String line) {
        try {
            return Event.parse(line);
        } catch (InvalidInputException e) {
            throw new AssertionError("an event's own line does not read back: " + e.getMessage(), e);
        }
    }

    private static List<Event> events(String name) {
        try (InputStream in = EventLogFuzzTest.class.getResourceAsStream(LOGS + name)) {
            EventLogVerifier.Result r = EventLogVerifier.verify(in.readAllBytes());
            if (!r.valid()) {
                throw new IllegalStateException("the genuine log " + name + " does not verify: " + r.problem());
            }
            return r.events();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
