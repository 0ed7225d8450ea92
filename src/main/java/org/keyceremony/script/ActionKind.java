package org.keyceremony.script;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything the application declares about one action kind, apart from how it is carried out:
 * its YAML spelling and parameters, the order rules a script must keep around it, the HSM token
 * it works on, what it needs from the room, what it asks of people and leaves behind
 * ({@link ActionTraits}), and how the wizard shows it. One instance per permitted subtype of
 * {@link Action}, listed in {@link ActionKinds}; the script reader, the order check, the engine's
 * recovery and plan, the preflight and the wizard all look a kind up here instead of testing
 * record types one by one. The handler that carries a kind out is registered above this layer
 * (ceremony); {@code ActionKindsCompletenessTest} holds the two together.
 *
 * @param name   the YAML name ({@code write-share}), also the {@code action} of its events
 * @param type   the record the reader builds
 * @param syntax its parameters and how they are read
 * @param order  what must come before it (empty: it may come anywhere)
 * @param once   true if a script may hold it at most once
 * @param token  the HSM token a step of this kind works on, null for none
 * @param uses   what it needs from the room besides HSM tokens
 * @param panel  what the wizard shows under the step's text
 * @param traits what it asks, creates, produces and consumes, within a script
 */
public record ActionKind<A extends Action>(String name, Class<A> type, Syntax<A> syntax, List<Need> order,
                                           boolean once, Function<A, TokenRef> token, Set<Use> uses, Panel panel,
                                           Traits<A> traits) {

    /** What a step of a kind needs from the room, besides the HSM tokens it names. */
    public enum Use {
        /** custodians' cards: a share is written, read, checked or erased */
        CARDS,
        /** the backup package is written to the media (so the policy's destinations must be named) */
        WRITES_BACKUP,
        /** a backup package is loaded from a medium */
        READS_BACKUP
    }

    /** What the wizard shows under a step's read-aloud text besides its question. */
    public enum Panel {
        /** the question only (confirm, value or PIN) */
        STEP,
        /** the share table: which custodian holds which share, filled as the cards are written and read back */
        SHARE_TABLE
    }

    /** A kind's traits within a script (its policy fills in labels and counts). */
    @FunctionalInterface
    public interface Traits<A extends Action> {
        ActionTraits of(A action, CeremonyScript script);
    }

    /**
     * How a kind is spelled: its parameter names (none: only the plain-name form) and how to build
     * the record from them; {@code read} gets null for the plain-name form.
     */
    public record Syntax<A extends Action>(List<String> parameters, Function<YamlMap, Optional<A>> read) {
    }

    /**
     * One requirement of an action on the steps before it.
     *
     * @param anyOf     an earlier step must have one of these actions
     * @param sameToken ... on the same HSM token as this step
     * @param undoneBy  ... with none of these actions (same token, if token-bound) in between
     * @param ifPresent only an order: if the script has such a step at all, it comes earlier
     */
    public record Need(List<String> anyOf, boolean sameToken, List<String> undoneBy, boolean ifPresent) {
        public static Need done(String kind) {
            return new Need(List.of(kind), false, List.of(), false);
        }

        /** The result of {@code kind} lives only in memory until a {@code zeroize}. */
        public static Need inMemory(String kind) {
            return new Need(List.of(kind), false, List.of("zeroize"), false);
        }

        public static Need onToken(String kind) {
            return new Need(List.of(kind), true, List.of(), false);
        }

        public static Need loggedIn() {
            return new Need(List.of("hsm-login"), true, List.of("hsm-logout"), false);
        }

        public static Need after(String kind) {
            return new Need(List.of(kind), false, List.of(), true);
        }

        boolean memory() {
            return undoneBy.contains("zeroize");
        }
    }

    public ActionKind {
        order = order == null ? null : List.copyOf(order);
        uses = uses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(uses));
    }

    /** A kind with its name, record and syntax; order, traits and the rest are added with {@link #needs}, {@link #withTraits} and the like. */
    public static <A extends Action> ActionKind<A> of(String name, Class<A> type, Syntax<A> syntax, Function<A, TokenRef> token) {
        return new ActionKind<>(name, type, syntax, null, false, token, Set.of(), Panel.STEP, null);
    }

    public ActionKind<A> needs(Need... needs) {
        return new ActionKind<>(name, type, syntax, List.of(needs), once, token, uses, panel, traits);
    }

    public ActionKind<A> onlyOnce() {
        return new ActionKind<>(name, type, syntax, order, true, token, uses, panel, traits);
    }

    public ActionKind<A> using(Use first, Use... more) {
        return new ActionKind<>(name, type, syntax, order, once, token, EnumSet.of(first, more), panel, traits);
    }

    public ActionKind<A> shown(Panel shown) {
        return new ActionKind<>(name, type, syntax, order, once, token, uses, shown, traits);
    }

    public ActionKind<A> withTraits(Traits<A> of) {
        return new ActionKind<>(name, type, syntax, order, once, token, uses, panel, of);
    }

    /** What the plain-name form ({@code action: <name>}) reads to: every kind has one, its parameters defaulted. */
    public Optional<A> readPlain() {
        return syntax.read().apply(null);
    }

    /** The token {@code action} (of this kind) works on, if it names one. */
    public Optional<TokenRef> tokenOf(Action action) {
        return token == null ? Optional.empty() : Optional.ofNullable(token.apply(type.cast(action)));
    }

    /** The traits of {@code action} (of this kind) within {@code script}. */
    public ActionTraits traitsOf(Action action, CeremonyScript script) {
        return traits.of(type.cast(action), script);
    }
}
