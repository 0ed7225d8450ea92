package org.keyceremony.ceremony;

import java.util.List;

/**
 * An exception record: a deviation from the script, as field ceremony scripts record them.
 * The engine adds the step and its start time.
 *
 * @param expected        what the script expected
 * @param happened        what happened instead
 * @param actions         the actions and decisions taken
 * @param initialsPresent the initials of everyone present who acknowledges the record
 */
public record Deviation(String expected, String happened, String actions, List<String> initialsPresent) {
    public Deviation {
        initialsPresent = List.copyOf(initialsPresent);
    }
}
