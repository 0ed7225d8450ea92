package org.keyceremony.base;

/**
 * Root of the checked exception tree. Every message is written for the person at the
 * table: what failed and what to do next. A message never contains a PIN, a share, a key
 * or any other secret byte; callers build it from facts (labels, serials, step ids) only.
 */
public class KeyCeremonyException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyCeremonyException(String message) {
        super(message);
    }

    public KeyCeremonyException(String message, Throwable cause) {
        super(message, cause);
    }
}
