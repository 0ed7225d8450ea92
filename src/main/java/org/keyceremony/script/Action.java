package org.keyceremony.script;

/**
 * The closed set of things a step can do. Each record carries its typed parameters; the
 * YAML spelling of each is {@link #kind()}. The engine maps each record to its
 * implementation; none of them holds a secret.
 */
public sealed interface Action {

    /** The YAML name of this action (e.g. {@code write-share}). */
    String kind();

    /** Only records a confirmation and, if {@code record} is set, a value typed by the actor (e.g. a tamper-bag number). */
    record Manual(String record, boolean valueRequired, boolean each) implements Action {
        /** A manual step confirmed by its confirmer alone. */
        public Manual(String record, boolean valueRequired) {
            this(record, valueRequired, false);
        }

        public String kind() { return "manual"; }
    }

    /** Names and roles of everyone present are recorded and checked against the script's role counts. */
    record RecordParticipants() implements Action {
        public String kind() { return "record-participants"; }
    }

    /** Lists every network interface that is up besides loopback; blocks (real) or warns (rehearsal). */
    record CheckAirGap() implements Action {
        public String kind() { return "check-air-gap"; }
    }

    /** Application version and SHA-256 of its jars, JDK and OS. */
    record RecordSoftware() implements Action {
        public String kind() { return "record-software"; }
    }

    /** PKCS#11 library path and SHA-256; token manufacturer, model, serial, firmware. */
    record IdentifyHsm(TokenRef token) implements Action {
        public String kind() { return "identify-hsm"; }
    }

    /** The witness confirms the laptop's clock against an independent time source. */
    record ConfirmTime() implements Action {
        public String kind() { return "confirm-time"; }
    }

    record HsmLogin(TokenRef token) implements Action {
        public String kind() { return "hsm-login"; }
    }

    record HsmLogout(TokenRef token) implements Action {
        public String kind() { return "hsm-logout"; }
    }

    /**
     * Before any key exists on {@code token}: proves on throw-away session keys that the token
     * enforces what the key protection relies on (trusted-only wrapping, one-way
     * non-extractable); refuses the ceremony otherwise, naming what the token lacks.
     */
    record CheckKeyProtection(TokenRef token) implements Action {
        public String kind() { return "check-key-protection"; }
    }

    /** Root key pair generated in the HSM per the key policy; an existing label refuses. */
    record GenerateRootKey() implements Action {
        public String kind() { return "generate-root-key"; }
    }

    /** Self-signed root certificate per the certificate profile, signed in the HSM. */
    record SelfSignCertificate() implements Action {
        public String kind() { return "self-sign-certificate"; }
    }

    /** A transcript-signing key (EC P-384) generated in the token and certified by the root. */
    record IssueTranscriptCertificate(TokenRef token) implements Action {
        public String kind() { return "issue-transcript-certificate"; }
    }

    record GenerateKwk() implements Action {
        public String kind() { return "generate-kwk"; }
    }

    record WrapRootKey() implements Action {
        public String kind() { return "wrap-root-key"; }
    }

    record SplitKwk() implements Action {
        public String kind() { return "split-kwk"; }
    }

    /** Writes one share to one custodian's card; {@code custodian} is 1-based, null means each custodian in turn. */
    record WriteShare(Integer custodian) implements Action {
        public String kind() { return "write-share"; }
    }

    /** Every M-subset of the read-back shares recombines to the KWK (check value). */
    record VerifyQuorum() implements Action {
        public String kind() { return "verify-quorum"; }
    }

    /** The backup package to every destination: CREATE_NEW, fsync, read back, hashes equal. */
    record WriteBackup() implements Action {
        public String kind() { return "write-backup"; }
    }

    /** Unwraps the backup in the HSM as a session object and proves it signs. */
    record VerifyBackupRestores() implements Action {
        public String kind() { return "verify-backup-restores"; }
    }

    /**
     * Once the backup is proven: the root key on {@code token} made non-extractable (one-way),
     * its attributes read back, and a wrap under a key of the user's own tried and refused.
     */
    record SealRootKey(TokenRef token) implements Action {
        public String kind() { return "seal-root-key"; }
    }

    /** KWK and shares wiped from memory (recorded). */
    record Zeroize() implements Action {
        public String kind() { return "zeroize"; }
    }

    record LoadBackup() implements Action {
        public String kind() { return "load-backup"; }
    }

    /** Custodians present cards one at a time until M valid shares are read. */
    record ReadShare() implements Action {
        public String kind() { return "read-share"; }
    }

    record CombineKwk() implements Action {
        public String kind() { return "combine-kwk"; }
    }

    record UnwrapIntoHsm(TokenRef token) implements Action {
        public String kind() { return "unwrap-into-hsm"; }
    }

    record VerifyRestoredKey(TokenRef token) implements Action {
        public String kind() { return "verify-restored-key"; }
    }

    /** Reads each card and compares envelope checksum and commitment with the backup metadata. */
    record CheckCard() implements Action {
        public String kind() { return "check-card"; }
    }

    /** Erases old shares from the cards present (share rotation, after the new set is verified). */
    record EraseShare() implements Action {
        public String kind() { return "erase-share"; }
    }

    record SignTranscript() implements Action {
        public String kind() { return "sign-transcript"; }
    }

    /**
     * A kind that lives in a package of its own, declared by its {@link DeclaredKind} module
     * (docs/architecture.md, "How to add an action kind"); the records above are the kinds from
     * before kind modules.
     */
    non-sealed interface Extension extends Action {
    }
}
