package org.keyceremony.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the errors of one script file, and remembers the line of every field read so
 * that validation, which works on the model, can still say where a field is.
 */
final class Problems {
    /** Beyond this many errors a file is garbage, and more lines would only bury the first ones. */
    static final int MAX_ERRORS = 100;

    private final List<ScriptError> errors = new ArrayList<>();
    private final Map<String, Integer> lines = new HashMap<>();
    private boolean truncated;

    void add(String path, int line, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new ScriptError(path, line, message));
        } else {
            truncated = true;
        }
    }

    /** Reports at the line recorded for {@code path} (or its nearest recorded parent). */
    void at(String path, String message) {
        add(path, lineOf(path), message);
    }

    void recordLine(String path, int line) {
        lines.putIfAbsent(path, line);
    }

    /** True if the field was present in the file (whatever its value). */
    boolean present(String path) {
        return lines.containsKey(path);
    }

    int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 1;
    }

    /** True if an error was reported at {@code path} or inside it. */
    boolean hasErrorUnder(String path) {
        return errors.stream().anyMatch(e -> e.path().equals(path) || e.path().startsWith(path + ".")
                || e.path().startsWith(path + "["));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<ScriptError> errors() {
        if (!truncated) {
            return List.copyOf(errors);
        }
        List<ScriptError> all = new ArrayList<>(errors);
        all.add(new ScriptError("", errors.get(errors.size() - 1).line(),
                "more than " + MAX_ERRORS + " errors; stopped listing them, fix these first"));
        return List.copyOf(all);
    }

    /**
     * A value from the file quoted for a message: short, printable, never the whole input
     * ({@link TextRules#printable}: at most 40 characters, a refused character as '?').
     */
    static String quote(String value) {
        return "'" + TextRules.printable(value, 40) + "'";
    }
}
