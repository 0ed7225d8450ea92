package org.keyceremony.script;

import java.util.List;
import java.util.Set;

/**
 * What each action kind needs and leaves behind, independent of how it is implemented:
 * the memory-only state it produces and consumes (recovery uses this to decide which
 * steps must be redone after a crash), what it asks people for and what it creates
 * (the dry-run plan prints both).
 *
 * <p>State names: {@value #KWK}, {@value #REBUILT_KWK}, {@value #SHARES}, {@value #WRAPPED_KEY}, {@value #READ_SHARES},
 * {@value #BACKUP} are memory-only values lost in a crash: a step consuming one after a
 * resume forces the resume back to the step that produced it. Names starting with
 * {@value #SESSION_PREFIX} (a PKCS#11 login) are lost too but cost nothing to re-establish:
 * the step that produced one is run again on resume, without redoing what lies between.
 */
public record ActionTraits(Set<String> produces, Set<String> consumes, List<String> asks, List<String> creates) {
    public static final String KWK = "kwk";
    /** The current KWK, rebuilt from the custodians' shares (restore, rotation); apart from a new {@value #KWK}. */
    public static final String REBUILT_KWK = "rebuilt-kwk";
    public static final String SHARES = "shares";
    public static final String WRAPPED_KEY = "wrapped-key";
    public static final String READ_SHARES = "read-shares";
    public static final String BACKUP = "backup";
    public static final String SESSION_PREFIX = "session:";

    public ActionTraits {
        produces = Set.copyOf(produces);
        consumes = Set.copyOf(consumes);
        asks = List.copyOf(asks);
        creates = List.copyOf(creates);
    }

    /**
     * True for state that a crash destroys and only redoing its producer brings back. A session
     * ({@value #SESSION_PREFIX}…) and the loaded backup package ({@value #BACKUP}: a verified file on
     * a medium, no secret) are re-established by running their producer again on resume.
     */
    public static boolean isMemorySecret(String state) {
        return !state.startsWith(SESSION_PREFIX) && !state.equals(BACKUP);
    }

    /** The memory-only secrets (not sessions) this action leaves behind. */
    public List<String> memoryOnlySecrets() {
        return produces.stream().filter(ActionTraits::isMemorySecret).sorted().toList();
    }

    /** The traits of {@code action} within {@code script} (its policy fills in labels and counts), from its kind's declaration. */
    public static ActionTraits of(Action action, CeremonyScript script) {
        return ActionKinds.of(action).traitsOf(action, script);
    }

    public static ActionTraits asks(String what) {
        return new ActionTraits(Set.of(), Set.of(), List.of(what), List.of());
    }

    public static String session(String token) {
        return SESSION_PREFIX + token;
    }

    /** The root key as the plan names it: label, algorithm and CKA_ID from the policy. */
    public static String key(CeremonyScript script) {
        return script.policy().key().map(ActionTraits::describeKey).orElse("the root key");
    }

    private static String describeKey(KeyPolicy k) {
        String alg = k.curve() == null ? "RSA-" + k.rsaBits() : "EC " + k.curve();
        return "'" + k.label() + "' (" + alg + ", CKA_ID " + k.idHex() + ")";
    }
}
