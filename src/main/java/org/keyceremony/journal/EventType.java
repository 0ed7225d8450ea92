package org.keyceremony.journal;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of event the engine writes; {@link #wire()} is the {@code type} field in the log.
 * The data each carries is listed in docs/formats.md, "Event log".
 */
public enum EventType {
    /** Script name, version, SHA-256, ceremony id, rehearsal flag, participants, location, time zone. */
    CEREMONY_START("ceremony-start"),
    /** A step starts (title, action, roles, attempt, memory-only state it produces). */
    STEP_BEGIN("step-begin"),
    /** The action returned: outcome and facts. */
    STEP_END("step-end"),
    /** The confirmer's initials. */
    STEP_CONFIRMED("step-confirmed"),
    /** The action failed: the error message (never a secret). */
    STEP_FAILED("step-failed"),
    /** The operator chose to try the failed step again. */
    RETRY("retry"),
    /** A deviation from the script: expected, happened, actions, initials of all present. */
    EXCEPTION("exception"),
    /** Something the ceremony created and how to remove it, registered before it is created. */
    ROLLBACK_REGISTERED("rollback-registered"),
    /** What identifies a registered thing beyond its name, right after it was made (a public key, a hash). */
    CREATED("created"),
    /** The operator aborted the ceremony. */
    ABORT("abort"),
    /** One removal carried out (or failed) during an abort or before a redo. */
    ROLLBACK("rollback"),
    /** An interrupted ceremony was taken up again: from which step, what was lost. */
    RECOVERY("recovery"),
    /** A torn last line (crash while writing) was moved aside before appending. */
    LOG_REPAIRED("log-repaired"),
    /** The closing event: outcome {@code completed} or {@code aborted}. */
    CEREMONY_END("ceremony-end");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<EventType> fromWire(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
    }
}
