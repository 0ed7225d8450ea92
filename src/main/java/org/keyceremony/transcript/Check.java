package org.keyceremony.transcript;

/**
 * One check of a transcript verification and its result.
 *
 * @param name   a stable identifier ({@code signature}, {@code byte-range}, …) for machines
 * @param passed true if the check passed
 * @param reason what was found, in words an auditor can act on
 */
public record Check(String name, boolean passed, String reason) {

    static Check pass(String name, String reason) {
        return new Check(name, true, reason);
    }

    static Check fail(String name, String reason) {
        return new Check(name, false, reason);
    }
}
