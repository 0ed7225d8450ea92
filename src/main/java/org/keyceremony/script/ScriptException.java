package org.keyceremony.script;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.keyceremony.base.InvalidInputException;

/**
 * A ceremony script was refused. Carries every error found in the file (parsing does not
 * stop at the first), each with its field path and line.
 */
public final class ScriptException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final transient List<ScriptError> errors;

    public ScriptException(String fileName, List<ScriptError> errors) {
        super(summary(fileName, inFileOrder(errors)));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ScriptException needs at least one error");
        }
        this.fileName = fileName;
        this.errors = inFileOrder(errors);
    }

    /** Parsing and validation find errors in separate passes; people fix them top to bottom. */
    private static List<ScriptError> inFileOrder(List<ScriptError> errors) {
        return errors.stream().sorted(Comparator.comparingInt(ScriptError::line)).toList();
    }

    /** The file name the errors refer to, as given to the parser. */
    public String fileName() {
        return fileName;
    }

    /** Every error of the file, by line (errors on one line in the order found). */
    public List<ScriptError> errors() {
        return errors;
    }

    private static String summary(String fileName, List<ScriptError> errors) {
        String head = "ceremony script " + fileName + " is not valid ("
                + errors.size() + (errors.size() == 1 ? " error" : " errors") + "):";
        return errors.stream().map(e -> "  " + e.describe(fileName))
                .collect(Collectors.joining(System.lineSeparator(), head + System.lineSeparator(), ""));
    }
}
