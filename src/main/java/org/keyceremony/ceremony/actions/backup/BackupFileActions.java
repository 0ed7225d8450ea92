package org.keyceremony.ceremony.actions.backup;

import org.keyceremony.journal.facts.BackupFacts;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.ceremony.actions.session.Outputs;
import org.keyceremony.base.Digests;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.ceremony.backup.BackupMetadata;
import org.keyceremony.ceremony.backup.BackupPackage;
import org.keyceremony.ceremony.backup.ShareRecord;
import org.keyceremony.ceremony.backup.WrappedKeyLength;
import org.keyceremony.ceremony.pki.HsmSigner;
import org.keyceremony.hsm.HsmPrivateKey;
import org.keyceremony.hsm.HsmSigningProvider;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.KeyType;
import org.keyceremony.hsm.UnwrapTarget;
import org.keyceremony.hsm.WrappedKey;
import org.keyceremony.hsm.WrappingKey;
import org.keyceremony.script.Action;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.ShareEnvelope;
import org.keyceremony.sharing.ShareSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.keyceremony.transcript.SigningChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Map;

/** write-backup and verify-backup-restores: the backup package on every destination, proven to restore. */
public final class BackupFileActions {
    private BackupFileActions() {
    }

    public static String fileName(KeyPolicy k, StepContext ctx) {
        return k.label() + "-backup-" + ctx.ceremony().ceremonyId() + ".kcbackup";
    }

    /** Backup packages of the same key label already on a medium (of any ceremony), sorted by name. */
    static List<Path> earlierBackups(Path destination, KeyPolicy k) throws KeyCeremonyException {
        try (var files = Files.newDirectoryStream(destination, k.label() + "-backup-*.kcbackup")) {
            List<Path> found = new ArrayList<>();
            files.forEach(found::add);
            found.sort(null);
            return found;
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot list the backup destination " + destination + " (" + e.getMessage()
                    + "). Insert and mount the medium, then retry the step.", e);
        }
    }

    /**
     * In a share rotation the medium may still hold the package this ceremony supersedes (the
     * one loaded, byte for byte): the transcript records it as superseded, and load-backup picks
     * the newest. Any other earlier backup still refuses the medium.
     */
    static List<Path> withoutSuperseded(StepContext ctx, List<Path> earlier) throws KeyCeremonyException {
        if (ctx.ceremony().script().metadata().kind() != org.keyceremony.script.CeremonyKind.SHARE_ROTATION) {
            return earlier;
        }
        java.util.Optional<LoadedBackup> old = ctx.ceremony().memory(org.keyceremony.script.ActionTraits.BACKUP,
                LoadedBackup.class);
        if (old.isEmpty()) {
            return earlier;
        }
        List<Path> others = new ArrayList<>();
        for (Path p : earlier) {
            if (!LoadedBackup.sha256Of(BackupLoading.readPackage(p)).equals(old.get().sha256())) {
                others.add(p);
            }
        }
        return others;
    }

    public static List<Path> destinations(CeremonyEnvironment env, StepContext ctx) throws KeyCeremonyException {
        int wanted = ctx.ceremony().script().policy().backupDestinations();
        if (env.backupDestinations().size() < wanted) {
            throw new KeyCeremonyException("The policy asks for " + wanted + " backup destinations but "
                    + env.backupDestinations().size() + " were given. Insert and name every medium, then retry.");
        }
        return env.backupDestinations().subList(0, wanted);
    }

    public record WriteBackup(CeremonyEnvironment env) implements ActionHandler<Action.WriteBackup> {
        public Class<Action.WriteBackup> actionType() {
            return Action.WriteBackup.class;
        }

        public BackupFacts.WriteBackup perform(Action.WriteBackup action, StepContext ctx) throws KeyCeremonyException {
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            HsmToken token = HsmActions.connection(ctx, TokenRef.HSM).token();
            List<Path> targets = new ArrayList<>();
            List<String> media = new ArrayList<>();
            for (Path d : destinations(env, ctx)) {
                Path t = d.resolve(fileName(k, ctx));
                if (Files.exists(t)) {
                    throw new KeyCeremonyException("A backup package already exists at " + t + ". Nothing was written; "
                            + "KeyCeremony never overwrites a backup. Use a fresh medium and retry the step.");
                }
                if (!Files.isDirectory(d) || !Files.isWritable(d)) {
                    throw new KeyCeremonyException("The backup destination " + d + " is not a writable directory. "
                            + "Insert and mount the medium, then retry the step.");
                }
                List<Path> earlier = withoutSuperseded(ctx, earlierBackups(d, k));
                if (!earlier.isEmpty()) {
                    throw new KeyCeremonyException("The backup destination " + d + " already holds a backup of '"
                            + k.label() + "' (" + earlier.get(0).getFileName() + "). Nothing was written: one medium "
                            + "holds one backup, so that no one takes the wrong one. Use a fresh medium and retry the step.");
                }
                if (media.contains(Outputs.identity(d))) {
                    throw new KeyCeremonyException("The backup destination " + d + " is the same folder as another one "
                            + "(two names for one medium): nothing was written. Name each medium once and retry.");
                }
                targets.add(t);
                // What this step saw: the medium must still be that folder when the copy is written.
                media.add(Outputs.identity(d));
            }
            X509Certificate root = KeyActions.rootCertificate(ctx, k, token);
            byte[] tsId = KeyActions.transcriptId(ctx, k);
            SigningChain chain = KeyActions.transcriptChain(ctx, k, token, root);
            ShareDistribution dist = BackupMemory.shares(ctx);
            WrappedKey wrapped = BackupMemory.wrapped(ctx);
            List<ShareRecord> records = new ArrayList<>();
            for (ShareDistribution.Placed p : dist.placed()) {
                records.add(new ShareRecord(p.readBack().number(), p.custodianName(), p.card().serial(), p.card().label(),
                        p.readBack().commitment().hex()));
            }
            String pem;
            try {
                pem = Outputs.pem("CERTIFICATE", root.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new KeyCeremonyException("The root certificate cannot be encoded.", e);
            }
            // The exact length of the key inside the wrap (an HSM may pad it), measured with the KWK rebuilt
            // from the shares read back from the cards: what a restore will combine.
            int plaintextLength;
            try (SecretBytes rebuilt = ShareSet.combine(dist.readBack().subList(0, dist.set().m()))) {
                plaintextLength = WrappedKeyLength.measureInMemory(rebuilt, wrapped.blob());
            }
            BackupMetadata m = new BackupMetadata(ctx.ceremony().ceremonyId().toString(), Instant.now().toString(),
                    ctx.ceremony().rehearsal(), k.label(), k.idHex(), k.algorithm().name(),
                    k.algorithm() == KeyAlgorithm.RSA ? String.valueOf(k.rsaBits()) : k.curve(),
                    Digests.sha256Hex(root.getPublicKey().getEncoded()), pem, wrapped.mechanism().ckmName(),
                    wrapped.mechanism().value(), wrapped.blob(), OptionalInt.of(plaintextLength),
                    dist.set().checkValue().hex(), dist.set().m(),
                    dist.set().n(), dist.set().id().hex(), records);
            byte[] file = BackupPackage.sign(m, new HsmSigner(token.privateKey(tsId), HsmSigningProvider.INSTANCE),
                    "SHA384withECDSA", chain);
            BackupPackage.open(file);
            List<BackupFacts.BackupCopy> copies = new ArrayList<>();
            String first = null;
            int n = 1;
            for (int i = 0; i < targets.size(); i++) {
                Path t = targets.get(i);
                stillTheMedium(t.getParent(), media.get(i));
                String sha = Outputs.writeNew(ctx, t, file, "backup package");
                stillTheMedium(t.getParent(), media.get(i));
                if (first != null && !first.equals(sha)) {
                    throw new KeyCeremonyException("The backup copies differ; this cannot happen. Abort and investigate.");
                }
                first = sha;
                copies.add(new BackupFacts.BackupCopy("destination " + n++, t.toString(), sha, file.length,
                        Optional.of(Outputs.identity(t))));
            }
            return new BackupFacts.WriteBackup(copies, first, true, chain.signer().getSubjectX500Principal().toString());
        }
    }

    /**
     * Refuses unless {@code medium} is still the folder the step checked: a medium pulled mid-step
     * leaves its mount point behind (an empty folder on the laptop's disk) or another medium in its
     * place, and a copy written there is no backup.
     */
    static void stillTheMedium(Path medium, String identity) throws KeyCeremonyException {
        String now;
        try {
            now = Outputs.identity(medium);
        } catch (KeyCeremonyException e) {
            throw new KeyCeremonyException("The backup medium " + medium + " is gone (" + e.getMessage() + "). Insert "
                    + "and mount it again, then retry the step; what was written is removed first.", e);
        }
        if (!now.equals(identity)) {
            throw new KeyCeremonyException("The backup medium at " + medium + " is not the one this step checked (it "
                    + "was unmounted or replaced: the path now belongs to another file system). Insert and mount the "
                    + "medium again, then retry the step.");
        }
    }

    /** The copies the last write-backup of this ceremony wrote: path → the file's identity then. */
    private static Map<String, String> writtenCopies(StepContext ctx) {
        Map<String, String> written = new LinkedHashMap<>();
        Map<String, String> actionOf = new java.util.HashMap<>();
        for (org.keyceremony.journal.Event e : ctx.log()) {
            if (e.is(org.keyceremony.journal.EventType.STEP_BEGIN)) {
                actionOf.put(e.step(), String.valueOf(e.data().get("action")));
            } else if (e.is(org.keyceremony.journal.EventType.STEP_END) && "write-backup".equals(actionOf.get(e.step()))
                    && e.data().get("facts") instanceof Map<?, ?> f && f.get("copies") instanceof List<?> copies) {
                written.clear();
                for (Object c : copies) {
                    if (c instanceof Map<?, ?> m && m.get("path") instanceof String p) {
                        written.put(p, m.get("fileIdentity") instanceof String id ? id : "");
                    }
                }
            }
        }
        return written;
    }

    public record VerifyBackupRestores(CeremonyEnvironment env) implements ActionHandler<Action.VerifyBackupRestores> {
        public Class<Action.VerifyBackupRestores> actionType() {
            return Action.VerifyBackupRestores.class;
        }

        public BackupFacts.VerifyBackupRestores perform(Action.VerifyBackupRestores action, StepContext ctx) throws KeyCeremonyException {
            KeyPolicy k = KeyActions.keyPolicy(ctx);
            HsmToken token = HsmActions.connection(ctx, TokenRef.HSM).token();
            List<Path> copies = new ArrayList<>();
            byte[] reference = null;
            Map<String, String> written = writtenCopies(ctx);
            for (Path d : destinations(env, ctx)) {
                Path p = d.resolve(fileName(k, ctx));
                String identity = written.get(p.toString());
                if (identity != null && !identity.isEmpty() && !identity.equals(Outputs.identity(p))) {
                    throw new KeyCeremonyException("The backup copy " + p + " is not the file written in the backup "
                            + "step (the medium was replaced or remounted since). Abort and write the backup again.");
                }
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new KeyCeremonyException("Cannot read the backup copy " + p + " back (" + e.getMessage()
                            + "). Check the medium.", e);
                }
                if (reference != null && !java.util.Arrays.equals(reference, bytes)) {
                    throw new KeyCeremonyException("The backup copy " + p + " differs from the first copy. "
                            + "Do not rely on this medium; abort and write the backup again.");
                }
                reference = bytes;
                copies.add(p);
            }
            BackupMetadata m = BackupPackage.open(reference);
            ShareDistribution dist = BackupMemory.shares(ctx);
            List<ShareEnvelope> quorum = dist.readBack().subList(0, dist.set().m());
            X509Certificate root = KeyActions.rootCertificate(ctx, k, token);
            try (SecretBytes rebuilt = ShareSet.combine(quorum)) {
                if (!m.kwkCheckValueHex().equals(dist.set().checkValue().hex())) {
                    throw new InvalidInputException("The backup's KWK check value differs from this ceremony's.");
                }
                // An outside reader takes the key's exact length from the package: prove it on the copy read back.
                int exact = WrappedKeyLength.measureInMemory(rebuilt, m.wrappedKey());
                if (m.plaintextLength().isEmpty() || m.plaintextLength().getAsInt() != exact) {
                    throw new KeyCeremonyException("The backup package records the wrapped key's length as "
                            + m.plaintextLength() + " but it is " + exact + " bytes. Do not rely on this backup; abort "
                            + "and write it again.");
                }
                WrappingKey kwkObject = token.importWrappingKey(rebuilt);
                HsmPrivateKey trial = null;
                try {
                    byte[] trialId = new byte[8];
                    new java.security.SecureRandom().nextBytes(trialId);
                    WrappedKey wrapped = new WrappedKey(m.wrappedKey(), LoadedBackup.mechanism(m),
                            k.algorithm() == KeyAlgorithm.RSA ? KeyType.RSA : KeyType.EC);
                    trial = token.unwrapPrivateKey(kwkObject, wrapped, UnwrapTarget.trial(k.label() + " restore check",
                            trialId), root.getPublicKey());
                } finally {
                    if (trial != null) {
                        token.destroyObject(trial.handle());
                    }
                    token.destroyObject(kwkObject.handle());
                }
            }
            return new BackupFacts.VerifyBackupRestores(copies.stream().map(Path::toString).toList(), true,
                    quorum.stream().map(e -> String.valueOf(e.number())).toList(), m.kwkCheckValueHex(), true, true, true);
        }
    }
}
