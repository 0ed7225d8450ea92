package org.keyceremony.ceremony;

/** What the people at the table decided after a step failed, with the exception record of that deviation. */
public record FailureDecision(Choice choice, Deviation deviation) {
    /** Try the step again, or abort the ceremony (with rollback). */
    public enum Choice { RETRY, ABORT }
}
