package org.keyceremony.ceremony;

import java.util.Optional;

/** The confirmer's answer after a step: their initials and, if the result deviated from the script, the exception record. */
public record Confirmation(String initials, Optional<Deviation> deviation) {
    public static Confirmation of(String initials) {
        return new Confirmation(initials, Optional.empty());
    }
}
