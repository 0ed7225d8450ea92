package org.keyceremony.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Everything the command line prints goes through here: a control, bidirectional or other
 * invisible format character (from a script title, a name, a certificate, a file name) is shown as
 * {@code \}{@code uXXXX} instead of reaching the terminal, where an escape sequence could clear the
 * screen, move the cursor over "INVALID", or reverse what is read. Line feeds and tabs pass.
 */
final class SafeTerminal extends Writer {
    private final Writer out;
    private char pendingHigh;
    private boolean pendingCr;

    private SafeTerminal(Writer out) {
        this.out = out;
    }

    /** {@code out} behind the filter, auto-flushing like the terminal's own writers. */
    static PrintWriter wrap(PrintWriter out) {
        return new PrintWriter(new SafeTerminal(out), true);
    }

    @Override
    public void write(char[] buf, int off, int len) throws java.io.IOException {
        StringBuilder sb = new StringBuilder(len + 8);
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (pendingCr) {
                // CR LF is a line separator (println on Windows); a CR on its own returns the cursor: escaped
                pendingCr = false;
                if (c == '\n') {
                    sb.append("\r\n");
                    continue;
                }
                append(sb, '\r');
            }
            if (c == '\r' && pendingHigh == 0) {
                pendingCr = true;
                continue;
            }
            if (pendingHigh != 0) {
                char high = pendingHigh;
                pendingHigh = 0;
                if (Character.isLowSurrogate(c)) {
                    append(sb, Character.toCodePoint(high, c));
                    continue;
                }
                append(sb, high);
            }
            if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else {
                append(sb, c);
            }
        }
        out.write(sb.toString());
    }

    private static void append(StringBuilder sb, int cp) {
        if (unsafe(cp)) {
            sb.append(String.format("\\u%04x", cp));
        } else {
            sb.appendCodePoint(cp);
        }
    }

    /** A code point a terminal would act on, or that hides or reorders text; line feed and tab are text. */
    static boolean unsafe(int cp) {
        if (cp == '\n' || cp == '\t') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    @Override
    public void flush() throws java.io.IOException {
        if (pendingCr) {
            pendingCr = false;
            out.write("\\u000d");
        }
        out.flush();
    }

    @Override
    public void close() throws java.io.IOException {
        flush();
    }
}
