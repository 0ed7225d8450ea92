package org.keyceremony.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.keyceremony.base.InvalidInputException;

/**
 * One line of the event log: a fact about the ceremony, chained to the one before it.
 *
 * <p>{@code hash} = SHA-256( bytes of {@code prev} (32 bytes from hex) || UTF-8 of the canonical
 * JSON of the event without its {@code hash} field ). The first event has {@code prev} =
 * {@link #GENESIS} (64 zeros). {@code data} holds facts only, never secrets.
 *
 * @param seq   1, 2, 3, … without gaps
 * @param time  UTC, millisecond precision (written as {@code 2026-11-26T23:16:18.123Z})
 * @param type  what happened, see {@link EventType}
 * @param step  the script step id ({@code 2.3}) or "" for ceremony-level events
 * @param actor who acted: a role name, a participant's initials, or {@code engine}
 * @param data  the facts (a JSON object; insertion order kept, canonical order when written)
 * @param prev  hex SHA-256 of the previous event
 * @param hash  hex SHA-256 of this event, as defined above
 */
public record Event(long seq, Instant time, String type, String step, String actor,
                    Map<String, Object> data, String prev, String hash) {

    /** The {@code prev} of the first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final Set<String> FIELDS = Set.of("seq", "time", "type", "step", "actor", "data", "prev", "hash");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public Event {
        data = Json.copyOfObject(data);
    }

    /** Builds the event that follows {@code prev}, computing its hash. */
    public static Event next(long seq, Instant time, String type, String step, String actor,
                             Map<String, ?> data, String prev) {
        Instant t = time.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> copy = Json.copyOfObject(data);
        return new Event(seq, t, type, step, actor, copy, prev, computeHash(seq, t, type, step, actor, copy, prev));
    }

    /** The hash this event's content and {@code prev} call for (compare it with {@link #hash()}). */
    public String expectedHash() {
        return computeHash(seq, time, type, step, actor, data, prev);
    }

    /**
     * What kind of event this is; empty for a {@code type} this version does not know (the wire
     * field stays text so that such a log still parses and its chain still verifies).
     */
    public Optional<EventType> kind() {
        return EventType.fromWire(type);
    }

    /** True if this event is of kind {@code kind}. */
    public boolean is(EventType kind) {
        return kind.wire().equals(type);
    }

    /** The time as written in the log. */
    public String timeText() {
        return TIME.format(time);
    }

    /** The event as one canonical JSON line, without the newline. */
    public String toJsonLine() {
        Map<String, Object> m = fieldsWithoutHash(seq, time, type, step, actor, data, prev);
        m.put("hash", hash);
        return Json.canonical(m);
    }

    /** Parses one log line (without its newline); checks field names and types, not the chain. */
    public static Event parse(String line) throws InvalidInputException {
        Map<String, Object> m = Json.parseObject(line);
        if (!m.keySet().equals(FIELDS)) {
            throw new InvalidInputException("event fields are " + m.keySet() + ", expected " + FIELDS);
        }
        long seq = field(m, "seq", Long.class);
        String timeText = field(m, "time", String.class);
        Instant time;
        try {
            time = Instant.from(TIME.parse(timeText));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("event time \"" + timeText + "\" is not UTC ISO-8601 with milliseconds");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = field(m, "data", Map.class);
        String prev = field(m, "prev", String.class);
        String hash = field(m, "hash", String.class);
        requireHex("prev", prev);
        requireHex("hash", hash);
        return new Event(seq, time, field(m, "type", String.class), field(m, "step", String.class),
                field(m, "actor", String.class), data, prev, hash);
    }

    private static <T> T field(Map<String, Object> m, String name, Class<T> type) throws InvalidInputException {
        Object v = m.get(name);
        if (!type.isInstance(v)) {
            throw new InvalidInputException("event field \"" + name + "\" must be a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    private static void requireHex(String name, String value) throws InvalidInputException {
        if (!value.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("event field \"" + name + "\" must be 64 lower-case hex digits");
        }
    }

    private static Map<String, Object> fieldsWithoutHash(long seq, Instant time, String type, String step,
                                                         String actor, Map<String, Object> data, String prev) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("time", TIME.format(time));
        m.put("type", type);
        m.put("step", step);
        m.put("actor", actor);
        m.put("data", data);
        m.put("prev", prev);
        return m;
    }

    private static String computeHash(long seq, Instant time, String type, String step, String actor,
                                      Map<String, Object> data, String prev) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HexFormat.of().parseHex(prev));
            sha.update(Json.canonical(fieldsWithoutHash(seq, time, type, step, actor, data, prev))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
