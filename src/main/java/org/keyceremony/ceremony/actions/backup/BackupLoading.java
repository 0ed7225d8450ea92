package org.keyceremony.ceremony.actions.backup;

import org.keyceremony.journal.facts.RestoreFacts;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.session.HsmActions;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.ceremony.actions.session.Outputs;
import org.keyceremony.ceremony.actions.session.PreviousTranscripts;
import org.keyceremony.base.Digests;
import org.keyceremony.ceremony.ActionHandler;
import org.keyceremony.script.ActionTraits;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.ceremony.backup.BackupMetadata;
import org.keyceremony.ceremony.backup.BackupPackage;
import org.keyceremony.ceremony.backup.ShareRecord;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.TokenObject;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * load-backup: the backup package from a destination, verified (signature, chain to its root,
 * the key the script names, the SHA-256 from the original transcript when given) and, in a
 * restore, the target token checked to hold no key with its label or ID — all before any card
 * is read. Kept in memory as {@code backup}; its root certificate is written to the output
 * directory, where the later steps of this ceremony find it.
 */
public final class BackupLoading {
    static final String PACKAGE_SUFFIX = ".kcbackup";

    private BackupLoading() {
    }

    public static LoadedBackup loaded(StepContext ctx) throws KeyCeremonyException {
        return ctx.ceremony().memory(ActionTraits.BACKUP, LoadedBackup.class).orElseThrow(() ->
                new KeyCeremonyException("Step " + ctx.step().id() + " needs the backup package, which is held only in "
                        + "memory and is not loaded (the application was restarted, or the load step did not run). "
                        + "Resume from the step that loads the backup package."));
    }

    /** Every package file on the destinations (a copy on two media counts once, by name). */
    static List<Path> packagesOn(List<Path> destinations) throws KeyCeremonyException {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path d : destinations) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.getFileName().toString().endsWith(PACKAGE_SUFFIX)).sorted()
                        .forEach(p -> byName.putIfAbsent(p.getFileName().toString(), p));
            } catch (IOException e) {
                throw new KeyCeremonyException("Cannot list the backup medium " + d + " (" + e.getMessage()
                        + "). Check that it is mounted, then retry the step.", e);
            }
        }
        return new ArrayList<>(byName.values());
    }

    public static byte[] readPackage(Path file) throws KeyCeremonyException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(BackupPackage.MAX_BYTES + 1);
            if (bytes.length > BackupPackage.MAX_BYTES) {
                throw new InvalidInputException("The file " + file + " is larger than any backup package; refused unread.");
            }
            return bytes;
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot read the backup package " + file + " (" + e.getMessage()
                    + "). Check the medium; try the other copy.", e);
        }
    }

    public record LoadBackup(CeremonyEnvironment env) implements ActionHandler<Action.LoadBackup> {
        public Class<Action.LoadBackup> actionType() {
            return Action.LoadBackup.class;
        }

        public RestoreFacts.LoadBackup perform(Action.LoadBackup action, StepContext ctx) throws KeyCeremonyException {
            List<Path> found = packagesOn(env.backupDestinations());
            Optional<Map<String, Object>> earlier = ctx.earlierFacts();
            Path file;
            String given;
            if (earlier.isPresent() && earlier.get().get("package") instanceof String p
                    && earlier.get().get("sha256") instanceof String sha) {
                // Run again on resume (the package is held in memory only): exactly the package this ceremony
                // loaded before the interruption, by path and SHA-256; never "the newest" (after a rotation
                // wrote its new package, the newest is the new one).
                file = Path.of(p);
                given = sha;
            } else {
                String choice = ctx.valueOrEmpty("backup package file (name or path; empty: the only one, or the newest)").strip();
                given = ctx.valueOrEmpty("SHA-256 of the backup package as printed in the original transcript "
                        + "(empty: not available)").replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
                if (!given.isEmpty() && !given.matches("[0-9a-f]{64}")) {
                    throw new InvalidInputException("The SHA-256 typed is not 64 hexadecimal digits. Read it again "
                            + "from the original transcript and retry the step.");
                }
                file = choose(found, choice);
            }
            if (!Files.isRegularFile(file)) {
                throw new KeyCeremonyException("The backup package " + file + " that this ceremony loaded before it "
                        + "was interrupted is not there. Insert and mount that medium, then retry the step.");
            }
            byte[] bytes = readPackage(file);
            String sha = LoadedBackup.sha256Of(bytes);
            BackupMetadata m;
            try {
                m = BackupPackage.open(bytes);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("The backup package " + file + " is refused: " + e.getMessage()
                        + " No card has been read. Try the other copy, or stop the ceremony.", e);
            }
            if (!given.isEmpty() && !given.equals(sha)) {
                throw new InvalidInputException("The backup package " + file + " has SHA-256 " + sha + ", but the "
                        + "original transcript gives " + given + ": it is not the package that ceremony wrote. "
                        + "No card has been read. Try the other copy, or stop the ceremony.");
            }
            if (m.rehearsal() && !ctx.ceremony().rehearsal()) {
                throw new InvalidInputException("The backup package " + file + " comes from a REHEARSAL; a real "
                        + "ceremony refuses it. No card has been read.");
            }
            Optional<KeyPolicy> key = ctx.ceremony().script().policy().key();
            if (key.isPresent()) {
                checkKey(file, m, key.get());
            }
            CeremonyKind kind = ctx.ceremony().script().metadata().kind();
            if (kind == CeremonyKind.BACKUP_RESTORE) {
                checkSharing(file, m, ctx);
                refuseOccupiedTarget(ctx, m);
            }
            LoadedBackup loaded = new LoadedBackup(file, sha, m);
            loaded.commitments();
            if (kind == CeremonyKind.SHARE_ROTATION && key.isPresent()) {
                // The key to re-wrap must be the one this package backs up, before any custodian is asked.
                HsmToken hsm = HsmActions.connection(ctx, TokenRef.HSM).token();
                try {
                    KeyActions.checkHeldBy(loaded.rootCertificate(), key.get(), hsm);
                } catch (KeyCeremonyException e) {
                    throw new KeyCeremonyException("The backup package " + file + " does not back up the key '"
                            + key.get().label() + "' on " + hsm.info().describe() + " (" + e.getMessage() + "). No card "
                            + "has been read. Load the current package of this HSM's key.", e);
                }
            }
            Optional<List<String>> rootFiles = Optional.empty();
            Optional<String> rootSha = Optional.empty();
            if (key.isPresent()) {
                // Where the later steps (and the auditor's fingerprint) find the root certificate.
                Path pem = KeyActions.rootCertificateFile(ctx, key.get());
                Path der = ctx.ceremony().outputDirectory().resolve(key.get().label() + ".der");
                if (!Files.exists(pem)) {
                    Outputs.writeNew(ctx, pem, m.certificatePem().getBytes(StandardCharsets.US_ASCII),
                            "root certificate from the backup package (PEM)");
                }
                if (!Files.exists(der)) {
                    Outputs.writeNew(ctx, der, KeyActions.encoded(loaded.rootCertificate()),
                            "root certificate from the backup package (DER)");
                }
                rootFiles = Optional.of(List.of(pem.toString(), der.toString()));
                rootSha = Optional.of(Digests.sha256Hex(KeyActions.encoded(loaded.rootCertificate())));
            }
            ctx.ceremony().keepInMemory(ActionTraits.BACKUP, loaded);
            String shaFromOriginal;
            boolean compared;
            Optional<Boolean> reloaded;
            if (earlier.isPresent() && earlier.get().get("package") instanceof String) {
                // what was compared with the original transcript is what the first load said
                shaFromOriginal = earlier.get().get("sha256FromOriginalTranscript") instanceof String s ? s : "not given";
                compared = Boolean.TRUE.equals(earlier.get().get("sha256Compared"));
                reloaded = Optional.of(true);
            } else {
                shaFromOriginal = given.isEmpty() ? "not given" : given;
                compared = !given.isEmpty();
                reloaded = Optional.empty();
            }
            // The transcript of the ceremony that wrote this package, when its output folder is beside ours: the
            // ledger's evidence that this ceremony builds on that one (journal.facts.BuildsOn). On resume, what the
            // first load found.
            Optional<String> previous;
            Optional<String> previousSha;
            if (earlier.isPresent() && earlier.get().get("package") instanceof String) {
                previous = Optional.ofNullable(earlier.get().get("previousTranscript") instanceof String p ? p : null);
                previousSha = Optional.ofNullable(earlier.get().get("previousTranscriptSha256") instanceof String p
                        ? p : null);
            } else {
                Optional<PreviousTranscripts.Found> t = PreviousTranscripts.ofCeremony(
                        ctx.ceremony().outputDirectory(), m.ceremonyId());
                previous = t.map(f -> f.file().toString());
                previousSha = t.map(PreviousTranscripts.Found::sha256);
            }
            List<RestoreFacts.ShareRecord> records = new ArrayList<>();
            for (ShareRecord r : m.shareRecords()) {
                records.add(new RestoreFacts.ShareRecord(String.valueOf(r.shareNumber()), r.custodian(), r.cardLabel(),
                        r.cardSerial(), r.commitmentHex()));
            }
            return new RestoreFacts.LoadBackup(rootFiles, rootSha, file.toString(), sha, shaFromOriginal, compared,
                    reloaded, found.size(), true, m.ceremonyId(), m.createdAt(), m.keyLabel(), m.keyIdHex(),
                    m.keyAlgorithm() + " " + m.keyParameters(), m.spkiSha256(), String.valueOf(m.threshold()),
                    String.valueOf(m.shares()), m.shareSetIdHex(), m.kwkCheckValueHex(), records,
                    kind == CeremonyKind.BACKUP_RESTORE ? Optional.of(true) : Optional.empty(), previous, previousSha);
        }

        /** The named file, the only package, or the newest (by its signed creation time). */
        private static Path choose(List<Path> found, String choice) throws KeyCeremonyException {
            if (!choice.isEmpty()) {
                Path p = Path.of(choice);
                if (Files.isRegularFile(p)) {
                    return p;
                }
                for (Path f : found) {
                    if (f.getFileName().toString().equals(choice)) {
                        return f;
                    }
                }
                throw new InvalidInputException("No backup package '" + choice + "' on the media (found: "
                        + names(found) + "). Check the name and retry the step.");
            }
            if (found.isEmpty()) {
                throw new KeyCeremonyException("No backup package (*" + PACKAGE_SUFFIX + ") on the backup media. "
                        + "Insert and mount the medium, then retry the step.");
            }
            Path newest = null;
            java.time.Instant newestAt = java.time.Instant.MIN;
            for (Path f : found) {
                try {
                    java.time.Instant at = createdAt(BackupPackage.open(readPackage(f)));
                    if (newest == null || at.isAfter(newestAt)) {
                        newest = f;
                        newestAt = at;
                    }
                } catch (InvalidInputException e) {
                    // A damaged file is not a candidate for "the newest"; naming it gives the full refusal.
                    if (found.size() == 1) {
                        return f;
                    }
                }
            }
            if (newest == null) {
                throw new InvalidInputException("None of the backup packages on the media (" + names(found)
                        + ") opens as a signed KeyCeremony backup. No card has been read.");
            }
            return newest;
        }

        private static java.time.Instant createdAt(BackupMetadata m) throws InvalidInputException {
            try {
                return java.time.Instant.parse(m.createdAt());
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidInputException("The backup package's creation time '" + m.createdAt()
                        + "' is not a UTC instant.");
            }
        }

        private static String names(List<Path> found) {
            return found.isEmpty() ? "none" : String.join(", ", found.stream().map(p -> p.getFileName().toString()).toList());
        }

        private static void checkKey(Path file, BackupMetadata m, KeyPolicy k) throws InvalidInputException {
            String params = k.algorithm() == KeyAlgorithm.RSA ? String.valueOf(k.rsaBits()) : k.curve();
            if (!m.keyLabel().equals(k.label()) || !m.keyIdHex().equalsIgnoreCase(k.idHex())
                    || !m.keyAlgorithm().equals(k.algorithm().name()) || !m.keyParameters().equals(params)) {
                throw new InvalidInputException("The backup package " + file + " holds the key '" + m.keyLabel()
                        + "' (ID " + m.keyIdHex() + ", " + m.keyAlgorithm() + " " + m.keyParameters() + "), but the "
                        + "script names '" + k.label() + "' (ID " + k.idHex() + ", " + k.algorithm() + " " + params
                        + "): it is a foreign package. No card has been read.");
            }
        }

        private static void checkSharing(Path file, BackupMetadata m, StepContext ctx) throws KeyCeremonyException {
            var s = BackupMemory.sharing(ctx);
            if (s.threshold() != m.threshold() || s.shares() != m.shares()) {
                throw new InvalidInputException("The backup package " + file + " was split " + m.threshold() + "-of-"
                        + m.shares() + ", but the script expects " + s.threshold() + "-of-" + s.shares()
                        + ". No card has been read; use the script that matches this backup.");
            }
        }

        /** A restore never lands next to (or over) a key with the same label or ID. */
        private static void refuseOccupiedTarget(StepContext ctx, BackupMetadata m) throws KeyCeremonyException {
            HsmToken target = HsmActions.connection(ctx, TokenRef.TARGET_HSM).token();
            byte[] id = HexFormat.of().parseHex(m.keyIdHex());
            List<String> clashes = new ArrayList<>();
            for (ObjectClass c : List.of(ObjectClass.PRIVATE_KEY, ObjectClass.PUBLIC_KEY, ObjectClass.CERTIFICATE)) {
                for (TokenObject o : target.findObjects(c, m.keyLabel(), null)) {
                    clashes.add(c.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " '" + o.label() + "' (ID " + o.idHex() + ")");
                }
                for (TokenObject o : target.findObjects(c, null, id)) {
                    if (!o.label().equals(m.keyLabel())) {
                        clashes.add(c.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " '" + o.label() + "' (ID "
                                + o.idHex() + ")");
                    }
                }
            }
            if (!clashes.isEmpty()) {
                throw new KeyCeremonyException("The target HSM " + target.info().describe() + " already holds "
                        + String.join(", ", clashes) + ": the backup's key '" + m.keyLabel() + "' (ID " + m.keyIdHex()
                        + ") would clash with it. No custodian has been asked for a card. Use an empty token, "
                        + "or stop the ceremony.");
            }
        }
    }
}
