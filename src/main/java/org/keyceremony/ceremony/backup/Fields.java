package org.keyceremony.ceremony.backup;

import org.keyceremony.base.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed, path-named access to a parsed JSON object; every miss is a clear refusal. */
final class Fields {
    private final Map<String, Object> object;
    private final String path;

    Fields(Map<String, Object> object, String path) {
        this.object = object;
        this.path = path;
    }

    private Object get(String name) throws InvalidInputException {
        if (!object.containsKey(name) || object.get(name) == null) {
            throw new InvalidInputException("backup package: field " + path + name + " is missing.");
        }
        return object.get(name);
    }

    private InvalidInputException wrongType(String name, String type) {
        return new InvalidInputException("backup package: field " + path + name + " must be " + type + ".");
    }

    String string(String name) throws InvalidInputException {
        if (get(name) instanceof String s) {
            return s;
        }
        throw wrongType(name, "a string");
    }

    long number(String name) throws InvalidInputException {
        if (get(name) instanceof Long n) {
            return n;
        }
        throw wrongType(name, "an integer");
    }

    boolean bool(String name) throws InvalidInputException {
        if (get(name) instanceof Boolean b) {
            return b;
        }
        throw wrongType(name, "true or false");
    }

    @SuppressWarnings("unchecked")
    Fields object(String name) throws InvalidInputException {
        if (get(name) instanceof Map<?, ?> m) {
            return new Fields((Map<String, Object>) m, path + name + ".");
        }
        throw wrongType(name, "an object");
    }

    @SuppressWarnings("unchecked")
    List<Fields> objects(String name) throws InvalidInputException {
        if (!(get(name) instanceof List<?> list)) {
            throw wrongType(name, "a list");
        }
        List<Fields> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw wrongType(name + "[" + i + "]", "an object");
            }
            out.add(new Fields((Map<String, Object>) m, path + name + "[" + i + "]."));
        }
        return out;
    }
}
