package org.keyceremony.transcript;

import java.util.List;
import java.util.Map;

/**
 * Lenient, typed reads from an event's {@code data} object outside a step's facts: the envelope
 * of {@code step-begin}/{@code step-end} (title, action, outcome, notes) and the events that are
 * not a step's ({@code ceremony-start}, {@code ceremony-end}, {@code exception}, {@code recovery},
 * {@code rollback}…). A missing or mistyped key reads as empty, because a transcript must still
 * be printable (and show the gap). A step's facts are never read here: they are read strictly as
 * their action's record ({@code journal.facts.ActionFacts}).
 */
record Facts(Map<String, Object> map) {

    static final Facts EMPTY = new Facts(Map.of());

    static Facts of(Object value) {
        if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) m;
            return new Facts(typed);
        }
        return EMPTY;
    }

    /** The value as text: strings as they are, integers and booleans spelled out, anything else empty. */
    String text(String key) {
        Object v = map.get(key);
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return "";
    }

    /** The first non-empty of several keys (e.g. {@code size} or {@code curve}). */
    String text(String... keys) {
        for (String k : keys) {
            String v = text(k);
            if (!v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    boolean flag(String key) {
        return Boolean.TRUE.equals(map.get(key));
    }

    Facts object(String key) {
        return of(map.get(key));
    }

    /** A list of strings (other elements are printed as text where possible). */
    List<String> strings(String key) {
        if (map.get(key) instanceof List<?> l) {
            return l.stream().map(e -> e == null ? "" : e instanceof Map || e instanceof List ? "" : e.toString())
                    .filter(s -> !s.isEmpty()).toList();
        }
        return List.of();
    }

    /** A list of objects. */
    List<Facts> objects(String key) {
        if (map.get(key) instanceof List<?> l) {
            return l.stream().filter(e -> e instanceof Map).map(Facts::of).toList();
        }
        return List.of();
    }

    boolean has(String key) {
        return map.containsKey(key);
    }
}
