package org.keyceremony.ceremony;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.base.KeyCeremonyException;

/**
 * Which {@link ActionHandler} carries out which {@link Action} record type, and which
 * {@link RollbackHandler} removes which kind of created thing, in this build. Immutable;
 * make one with {@link #builder()} (issue 5 adds the HSM handlers; tests add stand-ins).
 */
public final class ActionRegistry {
    private final Map<Class<? extends Action>, ActionHandler<?>> handlers;
    private final Map<String, RollbackHandler> rollbacks;
    private final CompletionRecords completion;
    private final Preflight preflight;

    private ActionRegistry(Map<Class<? extends Action>, ActionHandler<?>> handlers, Map<String, RollbackHandler> rollbacks,
                           CompletionRecords completion, Preflight preflight) {
        this.handlers = Map.copyOf(handlers);
        this.rollbacks = Map.copyOf(rollbacks);
        this.completion = completion;
        this.preflight = preflight;
    }

    /** What this build checks of the room before a ceremony starts, if anything. */
    public Optional<Preflight> preflight() {
        return Optional.ofNullable(preflight);
    }

    /** Where this build finds ceremonies' completion records (on the HSM), if it works with one. */
    public Optional<CompletionRecords> completionRecords() {
        return Optional.ofNullable(completion);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The handler for {@code action}'s record type, if this build has one. */
    @SuppressWarnings("unchecked")
    public <A extends Action> Optional<ActionHandler<A>> handlerFor(A action) {
        return Optional.ofNullable((ActionHandler<A>) handlers.get(action.getClass()));
    }

    public boolean supports(Action action) {
        return handlers.containsKey(action.getClass());
    }

    /** The rollback handler for {@code kind}, if this build has one. */
    public Optional<RollbackHandler> rollbackHandler(String kind) {
        return Optional.ofNullable(rollbacks.get(kind));
    }

    /**
     * Refuses a script that uses an action this build cannot perform, naming every such
     * step, so that a ceremony never starts only to stop halfway.
     */
    public void requireAll(CeremonyScript script) throws KeyCeremonyException {
        List<String> missing = new ArrayList<>();
        for (Step step : script.steps()) {
            if (!supports(step.action())) {
                missing.add("step " + step.id() + ": action " + step.action().kind() + " is not available in this build");
            }
        }
        if (!missing.isEmpty()) {
            throw new KeyCeremonyException("the ceremony cannot start: " + String.join("; ", missing)
                    + ". Nothing was written and no PKCS#11 session was opened.");
        }
        // What a kind of its own refuses in the script before anything happens (the pre-issuance linter's rules).
        List<String> refused = org.keyceremony.ceremony.actions.ActionModule.refusals(script);
        if (!refused.isEmpty()) {
            throw new org.keyceremony.base.InvalidInputException("the ceremony cannot start: " + String.join("; ", refused)
                    + ". Nothing was written and no PKCS#11 session was opened. Correct the script ('ceremony script "
                    + "check' runs these rules) and start again.");
        }
    }

    /** Collects handlers; a second handler for the same type or kind is a programming error. */
    public static final class Builder {
        private final Map<Class<? extends Action>, ActionHandler<?>> handlers = new HashMap<>();
        private final Map<String, RollbackHandler> rollbacks = new HashMap<>();
        private CompletionRecords completion;
        private Preflight preflight;

        private Builder() {
        }

        /** The room's checks before a ceremony starts. */
        public Builder preflight(Preflight check) {
            this.preflight = check;
            return this;
        }

        /** Where completion records are found (the HSM handlers'). */
        public Builder completionRecords(CompletionRecords records) {
            this.completion = records;
            return this;
        }

        public Builder action(ActionHandler<?> handler) {
            if (handlers.putIfAbsent(handler.actionType(), handler) != null) {
                throw new IllegalArgumentException("two handlers for " + handler.actionType().getSimpleName());
            }
            return this;
        }

        /** Adds each of {@code all} (the handlers of the action kind modules). */
        public Builder actions(List<? extends ActionHandler<?>> all) {
            all.forEach(this::action);
            return this;
        }

        public Builder rollback(RollbackHandler handler) {
            if (rollbacks.putIfAbsent(handler.kind(), handler) != null) {
                throw new IllegalArgumentException("two rollback handlers for " + handler.kind());
            }
            return this;
        }

        /** Adds every handler of {@code other} (e.g. the built-ins). */
        public Builder addAll(ActionRegistry other) {
            other.handlers.values().forEach(this::action);
            other.rollbacks.values().forEach(this::rollback);
            if (other.completion != null) {
                this.completion = other.completion;
            }
            if (other.preflight != null) {
                this.preflight = other.preflight;
            }
            return this;
        }

        public ActionRegistry build() {
            return new ActionRegistry(handlers, rollbacks, completion, preflight);
        }
    }
}
