package org.keyceremony.ceremony;

import org.keyceremony.base.KeyCeremonyException;

/**
 * The people stopped the ceremony (Stop, or the window closed) while a question was open. It is
 * not a step's failure to retry or a card to refuse: wherever a step catches its failures, this
 * passes through, the step's failure is recorded with this message, and the engine stops. The
 * ceremony is then interrupted, and resumed or aborted by its recovery.
 */
public final class StoppedAtTheTable extends KeyCeremonyException {
    private static final long serialVersionUID = 1L;

    public StoppedAtTheTable(String message, Throwable cause) {
        super(message, cause);
    }

    /** Rethrows {@code e} if the people stopped the ceremony; a handler that records failures calls it first. */
    public static void passThrough(KeyCeremonyException e) throws StoppedAtTheTable {
        if (e instanceof StoppedAtTheTable s) {
            throw s;
        }
    }
}
