package org.keyceremony.journal.facts;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.keyceremony.base.InvalidInputException;

/**
 * Records to JSON objects and back, over their components, so that the engine that writes a
 * fact and the transcript that prints it share one spelling checked by the compiler.
 *
 * <p>Component types: {@code String} (a JSON string), {@code long} (an integer), {@code boolean},
 * {@code List<T>} (an array), {@code Map<String, T>} (an object with free keys), another record
 * (an object), and {@code Optional<T>}: the only way to say a fact may be absent, written by
 * leaving the key out. The JSON key is the component's name, or its {@link JsonKey}; an
 * {@link Inline} record's components sit in the enclosing object. Keys come out in component
 * order (the log's canonical form sorts them anyway).
 *
 * <p>{@link #read} is strict: a missing key (other than an {@code Optional}), a value of another
 * type, a {@code null} and a key no component claims are each refused with the field's path,
 * e.g. {@code shares[2].commitment}.
 */
public final class FactsCodec {
    private FactsCodec() {
    }

    /** The JSON object of {@code facts} (insertion-ordered, mutable only by the caller). */
    public static Map<String, Object> write(Record facts) {
        Map<String, Object> out = new LinkedHashMap<>();
        writeInto(facts, out);
        return out;
    }

    private static void writeInto(Record r, Map<String, Object> out) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = get(c, r);
            if (c.isAnnotationPresent(Inline.class)) {
                if (v instanceof Optional<?> o) {
                    o.ifPresent(inner -> writeInto((Record) inner, out));
                } else {
                    writeInto((Record) v, out);
                }
                continue;
            }
            if (v instanceof Optional<?> o) {
                if (o.isEmpty()) {
                    continue;
                }
                v = o.get();
            }
            if (v == null) {
                throw new IllegalArgumentException(r.getClass().getSimpleName() + "." + c.getName()
                        + " is null; an absent fact is an Optional");
            }
            out.put(key(c), value(v));
        }
    }

    private static Object value(Object v) {
        if (v instanceof Record r) {
            return write(r);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(e -> copy.add(value(e)));
            return copy;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, e) -> copy.put((String) k, value(e)));
            return copy;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        return v;
    }

    /** The record of type {@code type} that {@code data} holds; refused, naming the field, if it holds anything else. */
    public static <R extends Record> R read(Class<R> type, Map<String, ?> data) throws InvalidInputException {
        Set<String> claimed = new HashSet<>();
        R r = readRecord(type, data, "", claimed);
        for (String k : data.keySet()) {
            if (!claimed.contains(k)) {
                throw new InvalidInputException("field \"" + k + "\" is not a fact of " + type.getSimpleName());
            }
        }
        return r;
    }

    private static <R extends Record> R readRecord(Class<R> type, Map<String, ?> data, String path, Set<String> claimed)
            throws InvalidInputException {
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            RecordComponent c = cs[i];
            types[i] = c.getType();
            if (c.isAnnotationPresent(Inline.class)) {
                if (c.getType() == Optional.class) {
                    // an optional group of facts is there when any of its keys is, and then whole
                    Class<? extends Record> inner = raw(argument(c.getGenericType(), 0)).asSubclass(Record.class);
                    boolean present = false;
                    for (RecordComponent ic : inner.getRecordComponents()) {
                        present |= data.containsKey(key(ic));
                    }
                    args[i] = present ? Optional.of(readRecord(inner, data, path, claimed)) : Optional.empty();
                } else {
                    args[i] = readRecord(c.getType().asSubclass(Record.class), data, path, claimed);
                }
                continue;
            }
            String key = key(c);
            claimed.add(key);
            String at = path + key;
            boolean optional = c.getType() == Optional.class;
            if (!data.containsKey(key)) {
                if (!optional) {
                    throw new InvalidInputException("field \"" + at + "\" is missing");
                }
                args[i] = Optional.empty();
                continue;
            }
            Type t = optional ? argument(c.getGenericType(), 0) : c.getGenericType();
            Object v = readValue(t, data.get(key), at);
            args[i] = optional ? Optional.of(v) : v;
        }
        try {
            Constructor<R> k = type.getDeclaredConstructor(types);
            k.setAccessible(true);
            return k.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new InvalidInputException("facts " + (path.isEmpty() ? "" : "at \"" + path + "\" ")
                    + "are inconsistent: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " cannot be built from its components", e);
        }
    }

    private static Object readValue(Type t, Object v, String at) throws InvalidInputException {
        Class<?> raw = raw(t);
        if (v == null) {
            throw new InvalidInputException("field \"" + at + "\" is null");
        }
        if (raw == String.class) {
            return expect(v, String.class, "a string", at);
        }
        if (raw == long.class || raw == Long.class) {
            if (v instanceof Integer i) {
                return i.longValue();
            }
            return expect(v, Long.class, "an integer", at);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return expect(v, Boolean.class, "true or false", at);
        }
        if (raw == List.class) {
            List<?> l = expect(v, List.class, "a list", at);
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(readValue(argument(t, 0), l.get(i), at + "[" + (i + 1) + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        if (raw == Map.class) {
            Map<?, ?> m = expect(v, Map.class, "an object", at);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                out.put(k, readValue(argument(t, 1), e.getValue(), at + "." + k));
            }
            return Collections.unmodifiableMap(out);
        }
        if (raw.isRecord()) {
            @SuppressWarnings("unchecked")
            Map<String, ?> m = expect(v, Map.class, "an object", at);
            Set<String> claimed = new HashSet<>();
            Object r = readRecord(raw.asSubclass(Record.class), m, at + ".", claimed);
            for (String k : m.keySet()) {
                if (!claimed.contains(k)) {
                    throw new InvalidInputException("field \"" + at + "." + k + "\" is not a fact of "
                            + raw.getSimpleName());
                }
            }
            return r;
        }
        throw new IllegalStateException("no JSON form for " + t.getTypeName() + " (field " + at + ")");
    }

    private static <T> T expect(Object v, Class<T> type, String what, String at) throws InvalidInputException {
        if (!type.isInstance(v)) {
            throw new InvalidInputException("field \"" + at + "\" must be " + what + ", not " + describe(v));
        }
        return type.cast(v);
    }

    private static String describe(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "an integer";
        }
        if (v instanceof Boolean) {
            return "true or false";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v instanceof Map ? "an object" : v.getClass().getSimpleName();
    }

    private static String key(RecordComponent c) {
        JsonKey k = c.getAnnotation(JsonKey.class);
        return k == null ? c.getName() : k.value();
    }

    private static Object get(RecordComponent c, Record r) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), e);
        }
    }

    private static Type argument(Type t, int i) {
        if (t instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[i];
        }
        throw new IllegalStateException(t.getTypeName() + " needs its type argument");
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("no JSON form for " + t.getTypeName());
    }
}
