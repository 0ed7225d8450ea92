package org.keyceremony.ceremony;

import org.keyceremony.base.KeyCeremonyException;

/**
 * Removes one kind of thing a ceremony created (e.g. {@code destroy-hsm-object},
 * {@code erase-card-share}) from the facts of a {@link RegisteredRollback}.
 *
 * <p>Must be idempotent: after a crash the engine cannot know whether the thing was created,
 * or whether an earlier removal finished, so "already absent" is success.
 */
public interface RollbackHandler {

    /** The {@link RegisteredRollback#kind()} this handler removes. */
    String kind();

    /**
     * Removes what {@code rollback} describes. {@code context} belongs to the step that
     * registered it (for PINs); returns facts about the removal for the {@code rollback} event.
     */
    java.util.Map<String, Object> undo(RegisteredRollback rollback, StepContext context) throws KeyCeremonyException;
}
