package org.keyceremony.sharing;

import java.util.List;
import org.keyceremony.base.InvalidInputException;

/**
 * The shares offered for a combination do not agree. {@link #suspects()} names the share
 * numbers that may be wrong: exactly one when the redundancy was enough to single it out,
 * otherwise every share that took part.
 */
public final class InconsistentSharesException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final transient List<Integer> suspects;

    public InconsistentSharesException(String message, List<Integer> suspects) {
        super(message);
        this.suspects = List.copyOf(suspects);
    }

    /** Share numbers that may be wrong; a single element when the wrong share was identified. */
    public List<Integer> suspects() {
        return suspects;
    }

    /** True when exactly one share was identified as the wrong one. */
    public boolean identified() {
        return suspects.size() == 1;
    }
}
