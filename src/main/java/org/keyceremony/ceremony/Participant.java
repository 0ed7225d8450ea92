package org.keyceremony.ceremony;

import org.keyceremony.script.Role;

/** Someone present at the ceremony, with the role they hold and the initials they confirm with. */
public record Participant(String name, Role role, String initials) {
    public Participant {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a participant needs a name");
        }
        if (initials == null || !initials.matches("[\\p{L}\\p{M}\\p{N}.\\-]{1,8}")) {
            throw new IllegalArgumentException("the initials of " + name + " must be 1 to 8 letters, digits, '.' or '-'");
        }
    }
}
