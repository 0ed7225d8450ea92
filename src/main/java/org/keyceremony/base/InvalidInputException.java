package org.keyceremony.base;

/** Bad input from a person or a file (script, answers file, envelope, PDF): refused with a reason. */
public class InvalidInputException extends KeyCeremonyException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
