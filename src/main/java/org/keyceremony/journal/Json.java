package org.keyceremony.journal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.keyceremony.base.InvalidInputException;

/**
 * The small JSON subset the event log needs, written here so that its exact bytes are ours
 * to specify (docs/formats.md, "Event log").
 *
 * <p>Values are {@code Map<String, Object>} (objects; parsed as insertion-ordered maps),
 * {@code List<Object>} (arrays), {@code String}, {@code Long} (integers; {@code Integer},
 * {@code Short} and {@code Byte} are accepted on output), {@code Boolean} and {@code null}.
 * There are no floating-point numbers: a fact that is not an integer is a string.
 *
 * <p>The canonical form, used both for hashing and for the log lines: object keys sorted by
 * UTF-16 code unit order (the same as byte order for the BMP, and all our keys are ASCII),
 * no whitespace, strings escaped only for {@code "}, {@code \} and control characters
 * below U+0020 (as {@code \}{@code u00xx}, lower-case hex), everything else literal UTF-8.
 *
 * <p>The parser is strict: one value, no trailing text, no duplicate keys, no fractions or
 * exponents, no leading zeros, integers within {@code long}, no unpaired surrogates, at most
 * {@link #MAX_DEPTH} levels of nesting and {@link #MAX_LENGTH} characters.
 */
public final class Json {
    /** Deepest nesting of arrays and objects the parser accepts. */
    public static final int MAX_DEPTH = 32;
    /** Longest text (in chars) the parser accepts: one event line. */
    public static final int MAX_LENGTH = 1 << 20;

    private Json() {
    }

    /** The canonical encoding of {@code value}; throws IllegalArgumentException for a non-JSON value. */
    public static String canonical(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    /** UTF-8 bytes of {@link #canonical(Object)}. */
    public static byte[] canonicalBytes(Object value) {
        return canonical(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks that {@code value} is a JSON value of the supported kinds and returns an
     * immutable copy with integers normalised to {@code Long} and object order preserved.
     */
    public static Object copyOf(Object value) {
        return copy(value, 0);
    }

    /** {@link #copyOf(Object)} for an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyOfObject(Map<String, ?> value) {
        return (Map<String, Object>) copy(value, 0);
    }

    private static Object copy(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON value nested deeper than " + MAX_DEPTH);
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object key is not a string: " + e.getKey());
                }
                copy.put(key, copy(e.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(copy(o, depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getSimpleName());
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON value nested deeper than " + MAX_DEPTH);
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object key is not a string: " + e.getKey());
                }
                sorted.put(key, e.getValue());
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out, depth + 1);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out, depth + 1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getSimpleName());
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            } else if (Character.isSurrogate(c)) {
                // An unpaired surrogate has no UTF-8 encoding; refusing keeps hashing well-defined.
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                } else {
                    throw new IllegalArgumentException("string holds an unpaired surrogate at index " + i);
                }
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** Parses one JSON value occupying all of {@code text}. */
    public static Object parse(String text) throws InvalidInputException {
        if (text.length() > MAX_LENGTH) {
            throw new InvalidInputException("JSON text longer than " + MAX_LENGTH + " characters");
        }
        JsonReader reader = new JsonReader(text);
        Object value = reader.value(0);
        reader.end();
        return value;
    }

    /** Parses a JSON object occupying all of {@code text}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) throws InvalidInputException {
        Object value = parse(text);
        if (!(value instanceof Map<?, ?>)) {
            throw new InvalidInputException("expected a JSON object");
        }
        return (Map<String, Object>) value;
    }
}
