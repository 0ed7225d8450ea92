package org.keyceremony.journal.facts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KindModules;

/**
 * Which record holds the facts of each action kind (the script's YAML name, e.g.
 * {@code write-share}), and the strict reading of a {@code step-end}'s {@code facts} into it.
 */
public final class ActionFacts {

    /** Reads one action kind's facts. */
    @FunctionalInterface
    private interface Reader {
        StepFacts read(Map<String, ?> facts) throws InvalidInputException;
    }

    private static final Map<String, Reader> READERS;
    private static final Map<String, Class<? extends StepFacts>> TYPES;

    static {
        Map<String, Reader> r = new LinkedHashMap<>();
        Map<String, Class<? extends StepFacts>> t = new LinkedHashMap<>();
        one(r, t, "manual", PreparationFacts.Manual.class);
        one(r, t, "record-participants", PreparationFacts.RecordParticipants.class);
        one(r, t, "check-air-gap", PreparationFacts.CheckAirGap.class);
        one(r, t, "record-software", PreparationFacts.RecordSoftware.class);
        one(r, t, "confirm-time", PreparationFacts.ConfirmTime.class);
        one(r, t, "zeroize", PreparationFacts.Zeroize.class);
        one(r, t, "identify-hsm", HsmFacts.IdentifyHsm.class);
        one(r, t, "hsm-login", HsmFacts.HsmLogin.class);
        one(r, t, "hsm-logout", HsmFacts.HsmLogout.class);
        one(r, t, "check-key-protection", HsmFacts.CheckKeyProtection.class);
        one(r, t, "seal-root-key", HsmFacts.SealRootKey.class);
        one(r, t, "generate-root-key", KeyFacts.GenerateRootKey.class);
        one(r, t, "self-sign-certificate", KeyFacts.SelfSignCertificate.class);
        r.put("issue-transcript-certificate", f -> f.containsKey("reusedAfterInterruption")
                ? FactsCodec.read(KeyFacts.TranscriptKeyReused.class, f)
                : FactsCodec.read(KeyFacts.TranscriptKeyIssued.class, f));
        t.put("issue-transcript-certificate", KeyFacts.IssueTranscriptCertificate.class);
        one(r, t, "generate-kwk", BackupFacts.GenerateKwk.class);
        one(r, t, "wrap-root-key", BackupFacts.WrapRootKey.class);
        one(r, t, "split-kwk", BackupFacts.SplitKwk.class);
        r.put("write-share", f -> f.containsKey("shares")
                ? FactsCodec.read(BackupFacts.SharesWritten.class, f)
                : FactsCodec.read(BackupFacts.ShareWritten.class, f));
        t.put("write-share", BackupFacts.WriteShare.class);
        one(r, t, "verify-quorum", BackupFacts.VerifyQuorum.class);
        one(r, t, "write-backup", BackupFacts.WriteBackup.class);
        one(r, t, "verify-backup-restores", BackupFacts.VerifyBackupRestores.class);
        one(r, t, "load-backup", RestoreFacts.LoadBackup.class);
        one(r, t, "read-share", RestoreFacts.ReadShare.class);
        one(r, t, "combine-kwk", RestoreFacts.CombineKwk.class);
        one(r, t, "unwrap-into-hsm", RestoreFacts.UnwrapIntoHsm.class);
        one(r, t, "verify-restored-key", RestoreFacts.VerifyRestoredKey.class);
        one(r, t, "check-card", RestoreFacts.CheckCard.class);
        one(r, t, "erase-share", RestoreFacts.EraseShare.class);
        one(r, t, "sign-transcript", SigningFacts.SignTranscript.class);
        for (FactsOfKind m : KindModules.all(FactsOfKind.class)) {
            Class<? extends StepFacts> type = m.factsType();
            if (!type.isRecord() || r.containsKey(m.name())) {
                throw new ExceptionInInitializerError("facts of action kind '" + m.name() + "': "
                        + (r.containsKey(m.name()) ? "declared twice" : type.getName() + " is not a record"));
            }
            r.put(m.name(), f -> type.cast(FactsCodec.read(type.asSubclass(Record.class), f)));
            t.put(m.name(), type);
        }
        READERS = Collections.unmodifiableMap(r);
        TYPES = Collections.unmodifiableMap(t);
    }

    private ActionFacts() {
    }

    private static <R extends Record & StepFacts> void one(Map<String, Reader> r,
                                                           Map<String, Class<? extends StepFacts>> t,
                                                           String kind, Class<R> type) {
        r.put(kind, f -> FactsCodec.read(type, f));
        t.put(kind, type);
    }

    /** Every action kind with facts. */
    public static Set<String> kinds() {
        return READERS.keySet();
    }

    /** The record type (or sealed interface of its forms) of {@code kind}'s facts. */
    public static Class<? extends StepFacts> typeOf(String kind) throws InvalidInputException {
        Class<? extends StepFacts> t = TYPES.get(kind);
        if (t == null) {
            throw new InvalidInputException("\"" + kind + "\" is not an action kind");
        }
        return t;
    }

    /** {@code facts} read as the record of {@code kind}; refused, naming the field, when it is anything else. */
    public static StepFacts read(String kind, Map<String, ?> facts) throws InvalidInputException {
        Reader reader = READERS.get(kind);
        if (reader == null) {
            throw new InvalidInputException("\"" + kind + "\" is not an action kind");
        }
        return reader.read(facts);
    }

    /** The JSON object of {@code facts}, as the {@code step-end} event carries it. */
    public static Map<String, Object> write(StepFacts facts) {
        if (!(facts instanceof Record r)) {
            throw new IllegalArgumentException(facts.getClass().getName() + " is not a record");
        }
        return FactsCodec.write(r);
    }

    /** {@code facts} read as {@code type}: the caller knows the kind (a handler reading its own earlier facts). */
    public static <R extends Record & StepFacts> R read(Class<R> type, Map<String, ?> facts)
            throws InvalidInputException {
        return FactsCodec.read(type, facts);
    }
}
