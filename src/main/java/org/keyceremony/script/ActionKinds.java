package org.keyceremony.script;

import static org.keyceremony.script.ActionTraits.BACKUP;
import static org.keyceremony.script.ActionTraits.KWK;
import static org.keyceremony.script.ActionTraits.READ_SHARES;
import static org.keyceremony.script.ActionTraits.REBUILT_KWK;
import static org.keyceremony.script.ActionTraits.SHARES;
import static org.keyceremony.script.ActionTraits.WRAPPED_KEY;
import static org.keyceremony.script.ActionTraits.asks;
import static org.keyceremony.script.ActionTraits.key;
import static org.keyceremony.script.ActionTraits.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.keyceremony.base.KindModules;
import org.keyceremony.script.ActionKind.Need;
import org.keyceremony.script.ActionKind.Panel;
import org.keyceremony.script.ActionKind.Syntax;
import org.keyceremony.script.ActionKind.Use;

/**
 * The declaration of every action kind, grouped by flow in the order ceremony-scripts/README.md
 * lists them: one {@link ActionKind} per record of {@link Action}. Adding a kind is a record in
 * {@link Action}, an entry here, a handler in its flow's package under
 * {@code org.keyceremony.ceremony.actions} and a row in docs/events.md and the scripts' README
 * (docs/architecture.md, "How to add an action kind").
 */
public final class ActionKinds {
    private static final Map<String, TokenRef> TOKENS = new LinkedHashMap<>();

    static {
        for (TokenRef t : TokenRef.values()) {
            TOKENS.put(t.yamlName(), t);
        }
    }

    // --- the room: people, software, clock, air gap, memory -------------------------------------

    static final ActionKind<Action.Manual> MANUAL = ActionKind.of("manual", Action.Manual.class,
                    new Syntax<>(List.of("record", "value-required", "each"), ActionKinds::manual), null)
            .needs()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(), a.each() ? List.of("the initials of each "
                    + "participant holding the step's actor role, in turn") : a.record() == null ? List.of()
                    : List.of("value: " + a.record() + (a.valueRequired() ? " (required)" : " (optional)")), List.of()));

    static final ActionKind<Action.RecordParticipants> RECORD_PARTICIPANTS = plain("record-participants",
            Action.RecordParticipants.class, Action.RecordParticipants::new).needs().onlyOnce()
            .withTraits((a, s) -> asks("names, roles and initials of everyone present (checked against the role counts)"));

    static final ActionKind<Action.CheckAirGap> CHECK_AIR_GAP = plain("check-air-gap", Action.CheckAirGap.class,
            Action.CheckAirGap::new).needs()
            .withTraits((a, s) -> asks("nothing: lists network interfaces that are up"));

    static final ActionKind<Action.RecordSoftware> RECORD_SOFTWARE = plain("record-software",
            Action.RecordSoftware.class, Action.RecordSoftware::new).needs().onlyOnce()
            .withTraits((a, s) -> asks("nothing: records application, JDK and OS versions"));

    static final ActionKind<Action.ConfirmTime> CONFIRM_TIME = plain("confirm-time", Action.ConfirmTime.class,
            Action.ConfirmTime::new).needs()
            .withTraits((a, s) -> asks("witness: the time read from an independent source"));

    static final ActionKind<Action.Zeroize> ZEROIZE = plain("zeroize", Action.Zeroize.class, Action.Zeroize::new)
            .needs()
            .withTraits((a, s) -> asks("witness: confirms the KWK and shares were wiped from memory"));

    // --- HSM session and identity ---------------------------------------------------------------

    static final ActionKind<Action.IdentifyHsm> IDENTIFY_HSM = onToken("identify-hsm", Action.IdentifyHsm.class,
            Action.IdentifyHsm::new, Action.IdentifyHsm::token).needs()
            .withTraits((a, s) -> asks("nothing: records PKCS#11 library and token identity"));

    static final ActionKind<Action.HsmLogin> HSM_LOGIN = onToken("hsm-login", Action.HsmLogin.class,
            Action.HsmLogin::new, Action.HsmLogin::token)
            .needs(Need.onToken("identify-hsm"), Need.done("record-participants"), Need.after("check-air-gap"))
            .withTraits((a, s) -> new ActionTraits(Set.of(session(a.token().yamlName())), Set.of(),
                    List.of("PIN of the " + a.token().yamlName() + " user (typed without echo)"), List.of()));

    static final ActionKind<Action.HsmLogout> HSM_LOGOUT = onToken("hsm-logout", Action.HsmLogout.class,
            Action.HsmLogout::new, Action.HsmLogout::token).needs(Need.loggedIn())
            .withTraits((a, s) -> asks("nothing"));

    // --- key protection -------------------------------------------------------------------------

    static final ActionKind<Action.CheckKeyProtection> CHECK_KEY_PROTECTION = onToken("check-key-protection",
            Action.CheckKeyProtection.class, Action.CheckKeyProtection::new, Action.CheckKeyProtection::token)
            .needs(Need.loggedIn())
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(session(a.token().yamlName())), List.of(),
                    List.of("HSM session objects only: throw-away keys that test the token's key protection, "
                            + "destroyed at once")));

    static final ActionKind<Action.SealRootKey> SEAL_ROOT_KEY = onToken("seal-root-key", Action.SealRootKey.class,
            Action.SealRootKey::new, Action.SealRootKey::token)
            .needs(Need.loggedIn(), Need.after("verify-backup-restores"), Need.after("verify-restored-key")).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(session(a.token().yamlName())), List.of(),
                    List.of("one-way change: " + key(s) + " on " + a.token().yamlName() + " made non-extractable "
                            + "(CKA_EXTRACTABLE=false), never to be wrapped out again")));

    // --- key generation and certificates --------------------------------------------------------

    static final ActionKind<Action.GenerateRootKey> GENERATE_ROOT_KEY = plain("generate-root-key",
            Action.GenerateRootKey.class, Action.GenerateRootKey::new)
            .needs(Need.loggedIn(), Need.onToken("check-key-protection")).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(session("hsm")), List.of(),
                    List.of("HSM object: root private key " + key(s) + " and its public key")));

    static final ActionKind<Action.SelfSignCertificate> SELF_SIGN_CERTIFICATE = plain("self-sign-certificate",
            Action.SelfSignCertificate.class, Action.SelfSignCertificate::new)
            .needs(Need.done("generate-root-key"), Need.loggedIn()).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(session("hsm")), List.of(),
                    List.of("file: self-signed root certificate")));

    static final ActionKind<Action.IssueTranscriptCertificate> ISSUE_TRANSCRIPT_CERTIFICATE = onToken(
            "issue-transcript-certificate", Action.IssueTranscriptCertificate.class,
            Action.IssueTranscriptCertificate::new, Action.IssueTranscriptCertificate::token)
            .needs(Need.loggedIn(), Need.after("self-sign-certificate"), Need.after("verify-restored-key")).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(session(a.token().yamlName())), List.of(),
                    List.of("HSM object: transcript-signing key pair (EC P-384)", "file: transcript-signing certificate")));

    // --- backup: KWK, wrap, package, media ------------------------------------------------------

    static final ActionKind<Action.GenerateKwk> GENERATE_KWK = plain("generate-kwk", Action.GenerateKwk.class,
            Action.GenerateKwk::new).needs(Need.loggedIn(), Need.after("combine-kwk")).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(KWK), Set.of(session("hsm")), List.of(),
                    List.of("memory only: KWK (AES-256), never written")));

    static final ActionKind<Action.WrapRootKey> WRAP_ROOT_KEY = plain("wrap-root-key", Action.WrapRootKey.class,
            Action.WrapRootKey::new)
            .needs(Need.inMemory("generate-kwk"), Need.loggedIn(), Need.after("generate-root-key"),
                    Need.onToken("check-key-protection"), Need.after("combine-kwk")).onlyOnce()
            .withTraits(ActionKinds::wrapRootKey);

    static final ActionKind<Action.WriteBackup> WRITE_BACKUP = plain("write-backup", Action.WriteBackup.class,
            Action.WriteBackup::new).needs(Need.done("wrap-root-key"), Need.done("verify-quorum")).onlyOnce()
            .using(Use.WRITES_BACKUP)
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(WRAPPED_KEY), List.of("removable media for each destination"),
                    List.of("files: backup package on " + s.policy().backupDestinations() + " destination(s)")));

    static final ActionKind<Action.VerifyBackupRestores> VERIFY_BACKUP_RESTORES = plain("verify-backup-restores",
            Action.VerifyBackupRestores.class, Action.VerifyBackupRestores::new)
            .needs(Need.done("write-backup"), Need.inMemory("generate-kwk"), Need.loggedIn()).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(KWK, WRAPPED_KEY, session("hsm")), List.of(),
                    List.of("HSM session object only (gone when the session ends)")));

    static final ActionKind<Action.LoadBackup> LOAD_BACKUP = plain("load-backup", Action.LoadBackup.class,
            Action.LoadBackup::new).needs(Need.done("record-participants"), Need.after("check-air-gap")).onlyOnce()
            .using(Use.READS_BACKUP)
            .withTraits(ActionKinds::loadBackup);

    // --- shares and cards -----------------------------------------------------------------------

    static final ActionKind<Action.SplitKwk> SPLIT_KWK = plain("split-kwk", Action.SplitKwk.class, Action.SplitKwk::new)
            .needs(Need.inMemory("generate-kwk"), Need.after("wrap-root-key")).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(SHARES), Set.of(KWK), List.of(),
                    List.of("memory only: " + shares(s) + " shares of the KWK, " + threshold(s)
                            + " needed (new share-set id)")));

    static final ActionKind<Action.WriteShare> WRITE_SHARE = ActionKind.of("write-share", Action.WriteShare.class,
                    new Syntax<>(List.of("custodian"), ActionKinds::writeShare), null)
            .needs(Need.inMemory("split-kwk")).using(Use.CARDS).shown(Panel.SHARE_TABLE)
            .withTraits(ActionKinds::writeShare);

    static final ActionKind<Action.VerifyQuorum> VERIFY_QUORUM = plain("verify-quorum", Action.VerifyQuorum.class,
            Action.VerifyQuorum::new).needs(Need.inMemory("write-share")).onlyOnce().shown(Panel.SHARE_TABLE)
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(KWK),
                    List.of("custodians: cards and PINs to read the shares back"), List.of()));

    static final ActionKind<Action.ReadShare> READ_SHARE = plain("read-share", Action.ReadShare.class,
            Action.ReadShare::new).needs(Need.done("load-backup")).using(Use.CARDS)
            .withTraits((a, s) -> new ActionTraits(Set.of(READ_SHARES), Set.of(),
                    List.of("custodians: cards and PINs until " + threshold(s) + " valid shares are read (value per "
                            + "card: its label or serial)"), List.of()));

    static final ActionKind<Action.CombineKwk> COMBINE_KWK = plain("combine-kwk", Action.CombineKwk.class,
            Action.CombineKwk::new).needs(Need.inMemory("read-share")).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(REBUILT_KWK), Set.of(READ_SHARES), List.of(),
                    List.of("memory only: the current KWK, rebuilt")));

    /** Compared with the commitments in the loaded backup package's metadata. */
    static final ActionKind<Action.CheckCard> CHECK_CARD = plain("check-card", Action.CheckCard.class,
            Action.CheckCard::new).needs(Need.done("load-backup")).using(Use.CARDS)
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(BACKUP), List.of("value: the cards presented, separated "
                    + "by commas (empty: every card the backup names)", "custodians: each card's PIN"), List.of()));

    /** The old share set is recognised by the loaded backup package's metadata. */
    static final ActionKind<Action.EraseShare> ERASE_SHARE = plain("erase-share", Action.EraseShare.class,
            Action.EraseShare::new)
            .needs(Need.done("write-backup"), Need.after("verify-backup-restores"), Need.after("seal-root-key"))
            .using(Use.CARDS)
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(BACKUP), List.of("value: the old cards presented, "
                    + "separated by commas", "custodians: each old card's PIN"),
                    List.of("removes: old share objects from the cards presented")));

    // --- restore --------------------------------------------------------------------------------

    static final ActionKind<Action.UnwrapIntoHsm> UNWRAP_INTO_HSM = onToken("unwrap-into-hsm",
            Action.UnwrapIntoHsm.class, Action.UnwrapIntoHsm::new, Action.UnwrapIntoHsm::token)
            .needs(Need.done("load-backup"), Need.inMemory("combine-kwk"), Need.loggedIn(),
                    Need.onToken("check-key-protection")).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(REBUILT_KWK, BACKUP, session(a.token().yamlName())),
                    List.of(), List.of("HSM object: restored root private key " + key(s) + " on "
                            + a.token().yamlName())));

    static final ActionKind<Action.VerifyRestoredKey> VERIFY_RESTORED_KEY = onToken("verify-restored-key",
            Action.VerifyRestoredKey.class, Action.VerifyRestoredKey::new, Action.VerifyRestoredKey::token)
            .needs(Need.onToken("unwrap-into-hsm"), Need.loggedIn())
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(session(a.token().yamlName())), List.of(), List.of()));

    // --- transcript -----------------------------------------------------------------------------

    static final ActionKind<Action.SignTranscript> SIGN_TRANSCRIPT = plain("sign-transcript",
            Action.SignTranscript.class, Action.SignTranscript::new)
            .needs(Need.done("issue-transcript-certificate"), Need.loggedIn()).onlyOnce()
            .withTraits((a, s) -> new ActionTraits(Set.of(), Set.of(session("hsm")), List.of(),
                    List.of("file: signed PDF/A transcript",
                            "removes: this ceremony's transcript-signing private key, once the transcript is written "
                                    + "and verified (one transcript per ceremony)")));

    /** Every kind, in the order ceremony-scripts/README.md lists them. */
    public static final List<ActionKind<?>> ALL = List.of(MANUAL, RECORD_PARTICIPANTS, CHECK_AIR_GAP, RECORD_SOFTWARE,
            IDENTIFY_HSM, CONFIRM_TIME, HSM_LOGIN, HSM_LOGOUT, CHECK_KEY_PROTECTION, GENERATE_ROOT_KEY,
            SELF_SIGN_CERTIFICATE, ISSUE_TRANSCRIPT_CERTIFICATE, GENERATE_KWK, WRAP_ROOT_KEY, SPLIT_KWK, WRITE_SHARE,
            VERIFY_QUORUM, WRITE_BACKUP, VERIFY_BACKUP_RESTORES, SEAL_ROOT_KEY, ZEROIZE, LOAD_BACKUP, READ_SHARE,
            COMBINE_KWK, UNWRAP_INTO_HSM, VERIFY_RESTORED_KEY, CHECK_CARD, ERASE_SHARE, SIGN_TRANSCRIPT);

    private static final Map<String, ActionKind<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, ActionKind<?>> BY_TYPE = new LinkedHashMap<>();

    static {
        for (ActionKind<?> k : ALL) {
            if (BY_NAME.put(k.name(), k) != null || BY_TYPE.put(k.type(), k) != null) {
                throw new ExceptionInInitializerError("action kind declared twice: " + k.name());
            }
        }
    }

    private ActionKinds() {
    }

    /** The kinds declared by modules of their own ({@link DeclaredKind}), loaded on first use. */
    private static final class Modules {
        static final List<DeclaredKind> ALL = KindModules.all(DeclaredKind.class);
        static final Map<String, ActionKind<?>> BY_NAME = new LinkedHashMap<>();
        static final Map<Class<?>, ActionKind<?>> BY_TYPE = new LinkedHashMap<>();

        static {
            for (DeclaredKind m : ALL) {
                ActionKind<?> k = m.declaration();
                if (ActionKinds.BY_NAME.containsKey(k.name()) || BY_NAME.put(k.name(), k) != null
                        || BY_TYPE.put(k.type(), k) != null) {
                    throw new ExceptionInInitializerError("action kind declared twice: " + k.name());
                }
            }
        }
    }

    /** Every kind: those declared here, then those of the modules ({@link DeclaredKind}). */
    public static List<ActionKind<?>> all() {
        List<ActionKind<?>> all = new java.util.ArrayList<>(ALL);
        all.addAll(Modules.BY_NAME.values());
        return List.copyOf(all);
    }

    /** The module that declares {@code name}, if a module does. */
    public static Optional<DeclaredKind> module(String name) {
        return Modules.ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The declaration of {@code action}'s kind. */
    public static ActionKind<?> of(Action action) {
        return of(action.getClass()).orElseThrow(() -> new IllegalStateException("no declaration for action "
                + action.kind() + " in ActionKinds"));
    }

    /** The declaration of the kind whose record is {@code type}, if there is one. */
    public static Optional<ActionKind<?>> of(Class<?> type) {
        ActionKind<?> k = BY_TYPE.get(type);
        return k != null ? Optional.of(k) : Optional.ofNullable(Modules.BY_TYPE.get(type));
    }

    /** The kind spelled {@code name} in YAML, if there is one. */
    public static Optional<ActionKind<?>> named(String name) {
        ActionKind<?> k = BY_NAME.get(name);
        return k != null ? Optional.of(k) : Optional.ofNullable(Modules.BY_NAME.get(name));
    }

    private static <A extends Action> ActionKind<A> plain(String name, Class<A> type, Supplier<A> make) {
        return ActionKind.of(name, type, new Syntax<>(List.of(), params -> Optional.of(make.get())), null);
    }

    /** A kind with one optional parameter, {@code token} (default: {@code hsm}). */
    private static <A extends Action> ActionKind<A> onToken(String name, Class<A> type, Function<TokenRef, A> make,
                                                            Function<A, TokenRef> token) {
        return ActionKind.of(name, type, new Syntax<>(List.of("token"), params -> params == null
                ? Optional.of(make.apply(TokenRef.HSM)) : params.oneOf("token", true, TOKENS).map(make)), token);
    }

    /** {@code params} is null for the plain-name form. */
    private static Optional<Action.Manual> manual(YamlMap params) {
        if (params == null) {
            return Optional.of(new Action.Manual(null, false));
        }
        Optional<String> record = params.text("record", false);
        Optional<Boolean> required = params.bool("value-required", false);
        boolean each = params.bool("each", false).orElse(false);
        if (record.isEmpty() && required.isPresent()) {
            params.node("record", true);
            return Optional.empty();
        }
        if (each && record.isPresent()) {
            params.refuse("each", "is for a step each of the actors confirms with their initials; it records no value "
                    + "(remove 'record' or 'each')");
            return Optional.empty();
        }
        return Optional.of(new Action.Manual(record.orElse(null), required.orElse(record.isPresent()), each));
    }

    private static Optional<Action.WriteShare> writeShare(YamlMap params) {
        if (params == null) {
            return Optional.of(new Action.WriteShare(null));
        }
        return params.integer("custodian", true).map(Action.WriteShare::new);
    }

    private static boolean rotation(CeremonyScript s) {
        return s.metadata().kind() == CeremonyKind.SHARE_ROTATION;
    }

    private static int shares(CeremonyScript s) {
        return s.policy().sharing().map(SharingPolicy::shares).orElse(0);
    }

    private static int threshold(CeremonyScript s) {
        return s.policy().sharing().map(SharingPolicy::threshold).orElse(0);
    }

    private static ActionTraits wrapRootKey(Action.WrapRootKey a, CeremonyScript s) {
        boolean rotation = rotation(s);
        // A rotation wraps a copy opened from the current backup with the rebuilt KWK (the root key is sealed).
        Set<String> consumes = rotation ? Set.of(KWK, REBUILT_KWK, BACKUP, session("hsm")) : Set.of(KWK, session("hsm"));
        return new ActionTraits(Set.of(WRAPPED_KEY), consumes,
                List.of("security officer: the HSM's SO PIN (typed without echo), to mark the KWK trusted",
                        "administrator: the HSM user PIN again, after the security officer logs out"),
                List.of("memory only: the root key wrapped under the KWK (RFC 5649)",
                        "HSM session objects only: the KWK marked CKA_TRUSTED" + (rotation ? ", and a copy of the "
                                + "root key opened from the current backup" : "") + ", destroyed at once"));
    }

    private static ActionTraits writeShare(Action.WriteShare a, CeremonyScript s) {
        String who = a.custodian() == null ? "each custodian in turn" : "custodian " + a.custodian();
        String rotation = rotation(s) ? " (value per new custodian: initials and card, e.g. 'CC card-1')" : "";
        return new ActionTraits(Set.of(), Set.of(SHARES), List.of(who + ": card inserted and card PIN" + rotation),
                List.of("card object: KWK share on the card of " + who));
    }

    /** A rotation checks the package against the key in the HSM; a restore checks the target is free. */
    private static ActionTraits loadBackup(Action.LoadBackup a, CeremonyScript s) {
        CeremonyKind kind = s.metadata().kind();
        Set<String> needs = kind == CeremonyKind.SHARE_ROTATION ? Set.of(session("hsm"))
                : kind == CeremonyKind.BACKUP_RESTORE ? Set.of(session("target-hsm")) : Set.of();
        return new ActionTraits(Set.of(BACKUP), needs, List.of("value: which backup package (empty: the only "
                + "one, or the newest)", "value: its SHA-256 from the original transcript (empty: not available)"),
                List.of("file: the root certificate from the package, in the output directory"));
    }
}
