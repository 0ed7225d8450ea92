package org.keyceremony.ceremony;

import org.keyceremony.script.Role;

/** Someone present at the ceremony, with the role they hold and the initials they confirm with. */
public record Participant(String name, Role role, String initials) {
    public Participant {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a participant needs a name");
        }
        // The text rules first: the messages below echo the name, which must be printable and short.
        java.util.Optional<String> problem = org.keyceremony.script.TextRules.line(name,
                org.keyceremony.script.TextRules.NAME);
        if (problem.isPresent()) {
            // The name is not echoed whole: it may be the very thing a terminal must not print.
            throw new IllegalArgumentException("the name of a participant " + problem.get());
        }
        if (!name.equals(name.strip())) {
            throw new IllegalArgumentException("the name '" + name.strip() + "' has spaces before or after it");
        }
        if (!validInitials(initials)) {
            throw new IllegalArgumentException("the initials of " + name + " must be 1 to 8 letters, digits, '.' or '-'");
        }
    }

    /** The rule for initials, for a front end that checks them as they are typed: 1 to 8 letters, digits, '.' or '-'. */
    public static boolean validInitials(String initials) {
        return initials != null && initials.matches("[\\p{L}\\p{M}\\p{N}.\\-]{1,8}");
    }
}
