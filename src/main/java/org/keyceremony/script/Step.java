package org.keyceremony.script;

/**
 * One numbered step: the text read aloud, who acts, who confirms, whether the ceremony may
 * resume here after an interruption, and the action.
 *
 * @param id           "act.step", e.g. {@code 2.3}
 * @param actor        the role that performs the step
 * @param confirmer    the role that confirms it (initials), usually the witness
 * @param resumePoint  true if an interrupted ceremony may safely restart at this step
 * @param line         the step's line in the script file (for messages)
 */
public record Step(String id, String title, String text, Role actor, Role confirmer,
                   boolean resumePoint, Action action, int line) {
}
