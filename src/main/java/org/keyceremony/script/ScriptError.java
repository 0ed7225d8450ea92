package org.keyceremony.script;

/**
 * One thing wrong with a ceremony script, found by parsing or validation.
 *
 * @param path    the field path, e.g. {@code acts[2].steps[3].action}; indices count from 1
 *                like step ids; empty for a problem of the whole file (syntax, empty file)
 * @param line    the 1-based line in the file the problem is on
 * @param message what is wrong, written for the person who edits the script
 */
public record ScriptError(String path, int line, String message) {

    /** {@code path: message (line N)}, or {@code message (line N)} for a whole-file problem. */
    public String describe() {
        return (path.isEmpty() ? "" : path + ": ") + message + " (line " + line + ")";
    }

    /** {@code FILE:LINE: path: message}, the form {@code ceremony script check} prints. */
    public String describe(String fileName) {
        return fileName + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }

    @Override
    public String toString() {
        return describe();
    }
}
