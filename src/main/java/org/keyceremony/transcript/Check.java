package org.keyceremony.transcript;

/**
 * One check of a transcript verification and its result.
 *
 * <p>A reason often quotes what the file says (a certificate's subject, an issuer name), and
 * a hostile file chooses those: control characters in them would reach the auditor's
 * terminal, where escape sequences can move the cursor and overwrite "INVALID" with "VALID",
 * and bidirectional overrides can reverse what is read. So every control or format character
 * in a name or reason is shown as {@code \}{@code uXXXX} instead.
 *
 * @param name   a stable identifier ({@code signature}, {@code byte-range}, …) for machines
 * @param passed true if the check passed
 * @param reason what was found, in words an auditor can act on
 */
public record Check(String name, boolean passed, String reason) {

    public Check {
        name = printable(name);
        reason = printable(reason);
    }

    static Check pass(String name, String reason) {
        return new Check(name, true, reason);
    }

    static Check fail(String name, String reason) {
        return new Check(name, false, reason);
    }

    /** {@code text} with every control, format or separator character escaped as {@code \}{@code uXXXX}. */
    public static String printable(String text) {
        if (text == null || text.codePoints().noneMatch(Check::unsafe)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (unsafe(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    private static boolean unsafe(int codePoint) {
        int type = Character.getType(codePoint);
        // A lone surrogate (a code point of type SURROGATE) cannot be shown either.
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
