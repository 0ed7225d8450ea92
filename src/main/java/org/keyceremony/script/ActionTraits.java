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

    /** The traits of {@code action} within {@code script} (its policy fills in labels and counts). */
    public static ActionTraits of(Action action, CeremonyScript script) {
        String key = script.policy().key().map(ActionTraits::describeKey).orElse("the root key");
        int n = script.policy().sharing().map(s -> s.shares()).orElse(0);
        int m = script.policy().sharing().map(s -> s.threshold()).orElse(0);
        if (action instanceof Action.Manual a) {
            return new ActionTraits(Set.of(), Set.of(), a.record() == null ? List.of()
                    : List.of("value: " + a.record() + (a.valueRequired() ? " (required)" : " (optional)")), List.of());
        } else if (action instanceof Action.RecordParticipants) {
            return asks("names, roles and initials of everyone present (checked against the role counts)");
        } else if (action instanceof Action.CheckAirGap) {
            return asks("nothing: lists network interfaces that are up");
        } else if (action instanceof Action.RecordSoftware) {
            return asks("nothing: records application, JDK and OS versions");
        } else if (action instanceof Action.IdentifyHsm) {
            return asks("nothing: records PKCS#11 library and token identity");
        } else if (action instanceof Action.ConfirmTime) {
            return asks("witness: the time read from an independent source");
        } else if (action instanceof Action.HsmLogin a) {
            return new ActionTraits(Set.of(session(a.token().yamlName())), Set.of(),
                    List.of("PIN of the " + a.token().yamlName() + " user (typed without echo)"), List.of());
        } else if (action instanceof Action.HsmLogout) {
            return asks("nothing");
        } else if (action instanceof Action.CheckKeyProtection a) {
            return new ActionTraits(Set.of(), Set.of(session(a.token().yamlName())), List.of(),
                    List.of("HSM session objects only: throw-away keys that test the token's key protection, "
                            + "destroyed at once"));
        } else if (action instanceof Action.SealRootKey a) {
            return new ActionTraits(Set.of(), Set.of(session(a.token().yamlName())), List.of(),
                    List.of("one-way change: " + key + " on " + a.token().yamlName() + " made non-extractable "
                            + "(CKA_EXTRACTABLE=false), never to be wrapped out again"));
        } else if (action instanceof Action.GenerateRootKey) {
            return new ActionTraits(Set.of(), Set.of(session("hsm")), List.of(),
                    List.of("HSM object: root private key " + key + " and its public key"));
        } else if (action instanceof Action.SelfSignCertificate) {
            return new ActionTraits(Set.of(), Set.of(session("hsm")), List.of(),
                    List.of("file: self-signed root certificate"));
        } else if (action instanceof Action.IssueTranscriptCertificate a) {
            return new ActionTraits(Set.of(), Set.of(session(a.token().yamlName())), List.of(),
                    List.of("HSM object: transcript-signing key pair (EC P-384)", "file: transcript-signing certificate"));
        } else if (action instanceof Action.GenerateKwk) {
            return new ActionTraits(Set.of(KWK), Set.of(session("hsm")), List.of(),
                    List.of("memory only: KWK (AES-256), never written"));
        } else if (action instanceof Action.WrapRootKey) {
            boolean rotation = script.metadata().kind() == org.keyceremony.script.CeremonyKind.SHARE_ROTATION;
            // A rotation wraps a copy opened from the current backup with the rebuilt KWK (the root key is sealed).
            Set<String> consumes = rotation ? Set.of(KWK, REBUILT_KWK, BACKUP, session("hsm")) : Set.of(KWK, session("hsm"));
            return new ActionTraits(Set.of(WRAPPED_KEY), consumes,
                    List.of("security officer: the HSM's SO PIN (typed without echo), to mark the KWK trusted",
                            "administrator: the HSM user PIN again, after the security officer logs out"),
                    List.of("memory only: the root key wrapped under the KWK (RFC 5649)",
                            "HSM session objects only: the KWK marked CKA_TRUSTED" + (rotation ? ", and a copy of the "
                                    + "root key opened from the current backup" : "") + ", destroyed at once"));
        } else if (action instanceof Action.SplitKwk) {
            return new ActionTraits(Set.of(SHARES), Set.of(KWK), List.of(),
                    List.of("memory only: " + n + " shares of the KWK, " + m + " needed (new share-set id)"));
        } else if (action instanceof Action.WriteShare a) {
            String who = a.custodian() == null ? "each custodian in turn" : "custodian " + a.custodian();
            String rotation = script.metadata().kind() == org.keyceremony.script.CeremonyKind.SHARE_ROTATION
                    ? " (value per new custodian: initials and card, e.g. 'CC card-1')" : "";
            return new ActionTraits(Set.of(), Set.of(SHARES), List.of(who + ": card inserted and card PIN" + rotation),
                    List.of("card object: KWK share on the card of " + who));
        } else if (action instanceof Action.VerifyQuorum) {
            return new ActionTraits(Set.of(), Set.of(KWK), List.of("custodians: cards and PINs to read the shares back"),
                    List.of());
        } else if (action instanceof Action.WriteBackup) {
            return new ActionTraits(Set.of(), Set.of(WRAPPED_KEY), List.of("removable media for each destination"),
                    List.of("files: backup package on " + script.policy().backupDestinations() + " destination(s)"));
        } else if (action instanceof Action.VerifyBackupRestores) {
            return new ActionTraits(Set.of(), Set.of(KWK, WRAPPED_KEY, session("hsm")), List.of(),
                    List.of("HSM session object only (gone when the session ends)"));
        } else if (action instanceof Action.Zeroize) {
            return asks("witness: confirms the KWK and shares were wiped from memory");
        } else if (action instanceof Action.LoadBackup) {
            // A rotation checks the package against the key in the HSM; a restore checks the target is free.
            org.keyceremony.script.CeremonyKind kind = script.metadata().kind();
            Set<String> needs = kind == org.keyceremony.script.CeremonyKind.SHARE_ROTATION ? Set.of(session("hsm"))
                    : kind == org.keyceremony.script.CeremonyKind.BACKUP_RESTORE ? Set.of(session("target-hsm")) : Set.of();
            return new ActionTraits(Set.of(BACKUP), needs, List.of("value: which backup package (empty: the only "
                    + "one, or the newest)", "value: its SHA-256 from the original transcript (empty: not available)"),
                    List.of("file: the root certificate from the package, in the output directory"));
        } else if (action instanceof Action.ReadShare) {
            return new ActionTraits(Set.of(READ_SHARES), Set.of(),
                    List.of("custodians: cards and PINs until " + m + " valid shares are read (value per card: its "
                            + "label or serial)"), List.of());
        } else if (action instanceof Action.CombineKwk) {
            return new ActionTraits(Set.of(REBUILT_KWK), Set.of(READ_SHARES), List.of(),
                    List.of("memory only: the current KWK, rebuilt"));
        } else if (action instanceof Action.UnwrapIntoHsm a) {
            return new ActionTraits(Set.of(), Set.of(REBUILT_KWK, BACKUP, session(a.token().yamlName())), List.of(),
                    List.of("HSM object: restored root private key " + key + " on " + a.token().yamlName()));
        } else if (action instanceof Action.VerifyRestoredKey a) {
            return new ActionTraits(Set.of(), Set.of(session(a.token().yamlName())), List.of(), List.of());
        } else if (action instanceof Action.CheckCard) {
            // compared with the commitments in the loaded backup package's metadata
            return new ActionTraits(Set.of(), Set.of(BACKUP), List.of("value: the cards presented, separated by commas "
                    + "(empty: every card the backup names)", "custodians: each card's PIN"), List.of());
        } else if (action instanceof Action.EraseShare) {
            // the old share set is recognised by the loaded backup package's metadata
            return new ActionTraits(Set.of(), Set.of(BACKUP), List.of("value: the old cards presented, separated by "
                    + "commas", "custodians: each old card's PIN"),
                    List.of("removes: old share objects from the cards presented"));
        } else if (action instanceof Action.SignTranscript) {
            return new ActionTraits(Set.of(), Set.of(session("hsm")), List.of(),
                    List.of("file: signed PDF/A transcript",
                            "removes: this ceremony's transcript-signing private key, once the transcript is written "
                                    + "and verified (one transcript per ceremony)"));
        }
        throw new IllegalStateException("no traits for action " + action.kind());
    }

    private static ActionTraits asks(String what) {
        return new ActionTraits(Set.of(), Set.of(), List.of(what), List.of());
    }

    private static String session(String token) {
        return SESSION_PREFIX + token;
    }

    private static String describeKey(KeyPolicy k) {
        String alg = k.curve() == null ? "RSA-" + k.rsaBits() : "EC " + k.curve();
        return "'" + k.label() + "' (" + alg + ", CKA_ID " + k.idHex() + ")";
    }
}
