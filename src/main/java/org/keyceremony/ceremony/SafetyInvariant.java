package org.keyceremony.ceremony;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.journal.facts.BackupFacts;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;

/**
 * The one place every destructive act of a ceremony passes (DESIGN.md, invariants 1 and 2;
 * docs/threat-model.md, "The safety invariant"): at every moment each root key keeps at least
 * one complete restore path — a backup package on a medium plus at least M readable shares of
 * that package's set — and nothing of a ceremony that reached its signing step is removed.
 *
 * <p>It decides from the ceremony's event log alone (what this ceremony made, proved, sealed,
 * erased and removed so far), so an abort, the removals before a resume, a failed step's own
 * clean-up and a forward act such as erasing the superseded shares all get the same answer. An
 * act it refuses is not carried out; the caller records the refusal and names it to the people.
 *
 * <ul>
 *   <li><b>Signing reached:</b> once a ceremony's {@code sign-transcript} step began it is a
 *       completed ceremony (its completion record is on the HSM): nothing of it is removed.</li>
 *   <li><b>Root key generation:</b> the new key and its backup belong to the ceremony until it
 *       completes. Once the key is sealed (non-extractable) its backup and shares are the only
 *       way it can ever be restored: they go only after the key itself was destroyed by this
 *       ceremony (an abort removes the key first, then its paths).</li>
 *   <li><b>Share rotation:</b> the new share set and backup may be removed only while the old set
 *       is whole; once {@code erase-share} began they are the live restore path and stay. The
 *       old set is erased only after the new one is proven (written and read back, every quorum
 *       rebuilt, the backup written and restored in the HSM, the key sealed).</li>
 *   <li><b>Backup restore:</b> only the restored objects on the target HSM are this ceremony's;
 *       the backup and the cards it read are never touched.</li>
 * </ul>
 */
public final class SafetyInvariant {
    /** Kinds of registered removal (the rollback handlers of {@code ceremony.actions}). */
    public static final String DESTROY_HSM_OBJECT = "destroy-hsm-object";
    public static final String ERASE_CARD_SHARE = "erase-card-share";
    public static final String DELETE_FILE = "delete-file";

    private SafetyInvariant() {
    }

    /**
     * What the log says about the restore paths of this ceremony's key. {@code newSetUnreadable} says
     * why the newest split's facts could not be read as {@link BackupFacts.SplitKwk} ("" if they
     * could): the new set is then unknown, and the old one is not erased.
     */
    record State(boolean signingReached, boolean rootKeySealed, boolean rootKeyDestroyed, String newShareSet,
                 boolean newSetProven, boolean oldSetErasureBegun, List<String> newSetMissing,
                 String newSetUnreadable) {
    }

    /** The state after {@code log} (every event so far, in order). */
    static State state(List<Event> log, CeremonyScript script) {
        Map<String, String> actionOf = new HashMap<>();
        boolean signing = false;
        boolean sealed = false;
        boolean keyDestroyed = false;
        boolean erasing = false;
        String newSet = "";
        String newSetUnreadable = "";
        Map<String, Boolean> provenSinceSplit = new HashMap<>();
        String rootLabel = script.policy().key().map(k -> k.label()).orElse("");
        for (Event e : log) {
            EventType kind = e.kind().orElse(null);
            if (kind == null) {
                continue;
            }
            switch (kind) {
                case STEP_BEGIN -> {
                    String action = String.valueOf(e.data().get("action"));
                    actionOf.put(e.step(), action);
                    if ("sign-transcript".equals(action)) {
                        signing = true;
                    }
                    if ("erase-share".equals(action)) {
                        erasing = true;
                    }
                }
                case STEP_END -> {
                    String action = actionOf.getOrDefault(e.step(), "");
                    if ("split-kwk".equals(action)) {
                        try {
                            newSet = splitFacts(e).shareSetId();
                            newSetUnreadable = "";
                        } catch (InvalidInputException x) {
                            newSet = "";
                            newSetUnreadable = "the facts of step " + e.step() + " (split-kwk) cannot be read: "
                                    + x.getMessage();
                        }
                        provenSinceSplit.clear();
                        sealed = false;
                    } else if ("seal-root-key".equals(action)) {
                        sealed = true;
                        provenSinceSplit.put(action, true);
                    } else if (!newSet.isEmpty()) {
                        provenSinceSplit.put(action, true);
                    }
                }
                case ROLLBACK -> {
                    if ("done".equals(e.data().get("outcome")) && DESTROY_HSM_OBJECT.equals(e.data().get("kind"))
                            && facts(e).get("objectClass") instanceof String c && c.equals("PRIVATE_KEY")
                            && rootLabel.equals(facts(e).get("label"))) {
                        keyDestroyed = true;
                    }
                }
                default -> { }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String proof : List.of("write-share", "verify-quorum", "write-backup", "verify-backup-restores",
                "seal-root-key")) {
            if (!provenSinceSplit.getOrDefault(proof, false)) {
                missing.add(proof);
            }
        }
        return new State(signing, sealed, keyDestroyed, newSet, !newSet.isEmpty() && missing.isEmpty(), erasing,
                List.copyOf(missing), newSetUnreadable);
    }

    /**
     * Why removing {@code r} now would break the invariant, or empty if it may be removed. For a
     * rollback (an abort, the removals before a resume, a failed step's clean-up).
     */
    public static Optional<String> refusal(RegisteredRollback r, List<Event> log, CeremonyScript script) {
        State s = state(log, script);
        if (s.signingReached()) {
            return Optional.of("kept: this ceremony reached its signing step, so it is a completed ceremony and "
                    + "nothing it made is removed (" + r.description() + ")");
        }
        boolean restorePath = ERASE_CARD_SHARE.equals(r.kind())
                || DELETE_FILE.equals(r.kind()) && String.valueOf(r.params().get("path")).endsWith(".kcbackup");
        if (!restorePath) {
            return Optional.empty();
        }
        CeremonyKind kind = script.metadata().kind();
        if (kind == CeremonyKind.SHARE_ROTATION && s.oldSetErasureBegun()) {
            return Optional.of("kept: the old share set is being erased, so the new share set and its backup are the "
                    + "root key's restore path now (" + r.description() + ")");
        }
        if (kind == CeremonyKind.ROOT_KEY_GENERATION && s.rootKeySealed() && !s.rootKeyDestroyed()) {
            return Optional.of("kept for now: the root key is sealed in the HSM (it can never be wrapped again), so "
                    + "this is part of its only restore path; it is removed only after the key itself ("
                    + r.description() + ")");
        }
        if (kind == CeremonyKind.BACKUP_RESTORE || kind == CeremonyKind.CARD_CHECK) {
            return Optional.of("kept: a " + kind.yamlName() + " never removes a backup or a share ("
                    + r.description() + ")");
        }
        return Optional.empty();
    }

    /**
     * Why the superseded share set may not be erased now (a share rotation's {@code erase-share}),
     * or empty once the new set is proven: written and read back, every quorum rebuilt, the new
     * backup written and restored in the HSM, the root key sealed — all after the new split.
     */
    public static Optional<String> refusalToEraseOldSet(List<Event> log, CeremonyScript script, String oldSetHex) {
        State s = state(log, script);
        if (!s.newSetUnreadable().isEmpty()) {
            return Optional.of(s.newSetUnreadable() + "; the new share set is unknown, so the old one stays");
        }
        if (s.newShareSet().isEmpty()) {
            return Optional.of("no new share set was made in this ceremony; the old shares are the only ones");
        }
        if (s.newShareSet().equals(oldSetHex)) {
            return Optional.of("the set to erase is this ceremony's new set");
        }
        if (!s.newSetProven()) {
            return Optional.of("the new share set " + s.newShareSet().substring(0, Math.min(8, s.newShareSet().length()))
                    + " is not proven yet (missing: " + String.join(", ", s.newSetMissing()) + ")");
        }
        return Optional.empty();
    }

    /** The share-set id of this ceremony's newest split, "" if it made none. */
    public static String newShareSet(List<Event> log, CeremonyScript script) {
        return state(log, script).newShareSet();
    }

    private static Map<?, ?> facts(Event e) {
        Object f = e.data().get("facts");
        return f instanceof Map<?, ?> m ? m : Map.of();
    }

    /** A split's facts, read as its record: its share-set id is what the invariant protects, never guessed. */
    private static BackupFacts.SplitKwk splitFacts(Event e) throws InvalidInputException {
        Object f = e.data().get("facts");
        if (!(f instanceof Map<?, ?> m)) {
            throw new InvalidInputException("field \"facts\" is missing");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> facts = (Map<String, ?>) m;
        return ActionFacts.read(BackupFacts.SplitKwk.class, facts);
    }
}
