package org.keyceremony.ceremony;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.keyceremony.script.CeremonyScript;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventType;

/**
 * Runs a validated {@link CeremonyScript} step by step, writing every fact to the
 * ceremony's {@link EventLog}; shared by the GUI and the command line.
 *
 * <p>For each step: {@code step-begin}, the action, {@code step-end} with its facts, and
 * {@code step-confirmed} with the confirmer's initials. A failed step is recorded
 * ({@code step-failed}, {@code exception}) and the people retry ({@code retry}) or abort
 * ({@code abort}, then a {@code rollback} per removal after they approve, in reverse
 * order of creation). The closing {@code ceremony-end} says {@code completed} or
 * {@code aborted}; a log without it is an interrupted ceremony for {@link Recovery}.
 *
 * <p>Memory-only state is wiped when a run returns or throws.
 */
public final class Engine {
    /** The copy of the script kept beside the log; recovery re-reads and hash-checks it. */
    public static final String SCRIPT_COPY = "script.yaml";

    private final ActionRegistry registry;
    private final Prompter prompter;
    private final Clock clock;
    private final Consumer<Event> listener;

    public Engine(ActionRegistry registry, Prompter prompter, Clock clock) {
        this(registry, prompter, clock, e -> { });
    }

    /** As {@link #Engine(ActionRegistry, Prompter, Clock)}; {@code listener} sees each event once it is on disk. */
    public Engine(ActionRegistry registry, Prompter prompter, Clock clock, Consumer<Event> listener) {
        this.registry = registry;
        this.prompter = prompter;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Runs {@code script} from its first step, writing into {@code outputDirectory} (created
     * if absent; its {@code events.jsonl} and {@code script.yaml} must not exist). Before
     * anything is written it checks that every action has a handler in this build and that
     * a rehearsal-only prompter is not used for a real ceremony.
     */
    public CeremonyResult run(CeremonyScript script, Path outputDirectory, boolean rehearsal) throws KeyCeremonyException {
        registry.requireAll(script);
        if (!rehearsal && prompter.rehearsalOnly()) {
            throw new InvalidInputException("an answers file may drive a rehearsal only; a real ceremony asks the "
                    + "people at the table");
        }
        CeremonySetup setup = prompter.setup(script, rehearsal);
        checkRoles(script, setup);
        preflight(script, rehearsal, 0);
        refuseUsedFolder(outputDirectory);
        createDirectory(outputDirectory);
        CeremonyLock lock = CeremonyLock.onFolder(outputDirectory);
        CeremonyContext context = null;
        try {
            refuseUsedFolder(outputDirectory); // again, now that no other process can be writing it
            writeScriptCopy(script, outputDirectory.resolve(SCRIPT_COPY));
            UUID id = UUID.randomUUID();
            lock.lockCeremony(id);
            context = new CeremonyContext(id, script, rehearsal, setup, outputDirectory);
            try (EventLog log = EventLog.create(outputDirectory.resolve(EventLog.FILE_NAME), clock, listener)) {
                CeremonyRun run = new CeremonyRun(registry, prompter, clock, log, context, List.of());
                run.start();
                return run.steps(0);
            }
        } finally {
            if (context != null) {
                context.wipeMemory();
            }
            lock.closeAndTidy();
        }
    }

    /**
     * Everything that could stop the ceremony later and can be known now: the room (libraries,
     * media) and, for an answers file, every PIN and value from step {@code from} on. Refused before
     * anything is written, listing all of it.
     */
    private void preflight(CeremonyScript script, boolean rehearsal, int from) throws InvalidInputException {
        List<String> problems = new ArrayList<>();
        // The room's checks and the answers file's coverage need the real handlers and their environment.
        if (registry.preflight().isPresent()) {
            Preflight p = registry.preflight().get();
            problems.addAll(p.problems(script, rehearsal, from));
            problems.addAll(prompter.unanswerable(script, p.cardsByCustodian(), from));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("the ceremony cannot start: " + String.join("; ", problems)
                    + ". Nothing was written and no PKCS#11 session was opened.");
        }
    }

    private static void refuseUsedFolder(Path outputDirectory) throws InvalidInputException {
        for (String name : List.of(EventLog.FILE_NAME, SCRIPT_COPY)) {
            if (Files.exists(outputDirectory.resolve(name))) {
                throw new InvalidInputException(outputDirectory.resolve(name) + " already exists: the output directory "
                        + "belongs to another ceremony. Choose a new one, or use 'ceremony recover' on it.");
            }
        }
    }

    /** As {@link #recover(CeremonyScript, Path, RecoveryChooser)} with the choice made in advance; the plan is shown as a notice. */
    public CeremonyResult recover(CeremonyScript script, Path directory, RecoveryChoice choice)
            throws KeyCeremonyException {
        java.util.Objects.requireNonNull(choice, "choice");
        return recover(script, directory, plan -> {
            prompter.notice(plan.describe());
            return choice;
        });
    }

    /** Chooses what to do with an interrupted ceremony, seeing the plan made under the lock. */
    @FunctionalInterface
    public interface RecoveryChooser {
        RecoveryChoice choose(RecoveryPlan plan) throws KeyCeremonyException;
    }

    /**
     * Recovers the interrupted ceremony in {@code directory} under one lock, from reading its log to
     * its end: assesses it, lets {@code chooser} choose with the plan in front of it, and resumes or
     * aborts. No other process can run or recover the ceremony meanwhile. The front ends come here
     * through {@link Ceremonies}, which makes the choice.
     */
    public CeremonyResult recover(CeremonyScript script, Path directory, RecoveryChooser chooser)
            throws KeyCeremonyException {
        try (CeremonyLock lock = CeremonyLock.onFolder(directory)) {
            RecoveryPlan plan = Recovery.assessLocked(lock, script);
            RecoveryChoice what = chooser.choose(plan);
            if (what == RecoveryChoice.RESUME) {
                return resumeLocked(script, lock, plan);
            }
            return abortLocked(script, lock, plan);
        }
    }

    /**
     * Continues the interrupted ceremony in {@code outputDirectory} as {@code plan} (from
     * {@link Recovery#assess}) describes: records a {@code recovery} event, removes what the
     * redone steps had created, logs in again where needed, and runs from the resume point.
     */
    public CeremonyResult resume(CeremonyScript script, Path outputDirectory, RecoveryPlan plan) throws KeyCeremonyException {
        try (CeremonyLock lock = CeremonyLock.onFolder(outputDirectory)) {
            return resumeLocked(script, lock, sameAsNow(lock, script, plan));
        }
    }

    /** The plan, re-assessed under the lock: a log that changed since {@code plan} was made is a refusal. */
    private static RecoveryPlan sameAsNow(CeremonyLock lock, CeremonyScript script, RecoveryPlan plan)
            throws KeyCeremonyException {
        RecoveryPlan now = Recovery.assessLocked(lock, script);
        if (now.events() != plan.events() || !now.finalHash().equals(plan.finalHash())
                || !now.signedTranscript().equals(plan.signedTranscript())) {
            throw new InvalidInputException("the ceremony's event log changed since it was assessed (another process "
                    + "worked on it meanwhile); nothing was done. Run the recovery again to see where it stands now.");
        }
        return now;
    }

    private CeremonyResult resumeLocked(CeremonyScript script, CeremonyLock lock, RecoveryPlan plan)
            throws KeyCeremonyException {
        Path outputDirectory = lock.directory();
        if (!plan.canResume()) {
            throw new InvalidInputException("this ceremony was being aborted when it stopped; it can only be aborted");
        }
        registry.requireAll(script);
        preflight(script, plan.rehearsal(), Math.min(plan.resumeIndex(), plan.replaySteps().isEmpty()
                ? plan.resumeIndex() : script.steps().indexOf(script.steps().stream()
                        .filter(s -> s.id().equals(plan.replaySteps().get(0))).findFirst().orElseThrow())));
        CeremonyContext context = reopenContext(script, outputDirectory, plan);
        try (EventLog log = EventLog.resume(outputDirectory.resolve(EventLog.FILE_NAME), clock, listener)) {
            CeremonyRun run = new CeremonyRun(registry, prompter, clock, log, context, plan.pendingRemovals());
            Map<String, Object> data = recoveryData(plan, RecoveryChoice.RESUME);
            data.put("resumeFrom", plan.resumeStep());
            data.put("lostMemory", plan.lostMemory());
            data.put("replay", plan.replaySteps());
            data.put("removeFirst", plan.redoRemovals().stream().map(RegisteredRollback::id).toList());
            log.append(EventType.RECOVERY, "", "engine", data);
            CeremonyRun.Removals removed = run.removeAll(plan.redoRemovals(), "redo");
            if (!removed.kept().isEmpty()) {
                throw new KeyCeremonyException("cannot resume: the steps from " + plan.resumeStep() + " would be "
                        + "redone, but what they made must be kept: " + String.join("; ", removed.kept())
                        + ". Nothing of it was removed. Abort instead (what may be removed is, the rest is kept), "
                        + "and record an exception.");
            }
            if (!removed.left().isEmpty()) {
                throw new KeyCeremonyException("cannot resume: these could not be removed before redoing the steps: "
                        + String.join("; ", removed.left()) + ". Remove them by hand, record an exception, and run "
                        + "'ceremony recover' again (or abort).");
            }
            CeremonyResult replayed = run.replay(plan.replaySteps());
            if (replayed != null) {
                return replayed;
            }
            return run.steps(plan.resumeIndex());
        } finally {
            context.wipeMemory();
        }
    }

    /** Aborts the interrupted ceremony in {@code outputDirectory}: removes what it created (after approval) and closes the log. */
    public CeremonyResult abortInterrupted(CeremonyScript script, Path outputDirectory, RecoveryPlan plan)
            throws KeyCeremonyException {
        try (CeremonyLock lock = CeremonyLock.onFolder(outputDirectory)) {
            return abortLocked(script, lock, sameAsNow(lock, script, plan));
        }
    }

    private CeremonyResult abortLocked(CeremonyScript script, CeremonyLock lock, RecoveryPlan plan)
            throws KeyCeremonyException {
        Path outputDirectory = lock.directory();
        if (!plan.canAbort()) {
            throw new InvalidInputException("the signed transcript " + plan.signedTranscript() + " already records this "
                    + "ceremony as completed; it cannot be aborted (that would remove the key the transcript certifies). "
                    + "Resume it: the resume checks the transcript and finishes the ceremony");
        }
        CeremonyContext context = reopenContext(script, outputDirectory, plan);
        try (EventLog log = EventLog.resume(outputDirectory.resolve(EventLog.FILE_NAME), clock, listener)) {
            CeremonyRun run = new CeremonyRun(registry, prompter, clock, log, context, plan.pendingRemovals());
            log.append(EventType.RECOVERY, "", "engine", recoveryData(plan, RecoveryChoice.ABORT));
            return run.abort(null, "interrupted ceremony aborted during recovery");
        } finally {
            context.wipeMemory();
        }
    }

    private CeremonyContext reopenContext(CeremonyScript script, Path dir, RecoveryPlan plan) throws InvalidInputException {
        if (!script.sha256Hex().equals(plan.scriptSha256())) {
            throw new InvalidInputException("the script is not the one this ceremony ran (SHA-256 differs)");
        }
        if (!plan.rehearsal() && prompter.rehearsalOnly()) {
            throw new InvalidInputException("an answers file may drive a rehearsal only; this ceremony is real");
        }
        return new CeremonyContext(plan.ceremonyId(), script, plan.rehearsal(), plan.setup(), dir);
    }

    private static Map<String, Object> recoveryData(RecoveryPlan plan, RecoveryChoice choice) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("choice", choice.name().toLowerCase(java.util.Locale.ROOT));
        data.put("lastCompletedStep", plan.lastCompletedStep());
        data.put("interruptedStep", plan.interruptedStep());
        data.put("tornTail", plan.tornTail());
        return data;
    }

    /** Every role the script requires is present in the required number. */
    static void checkRoles(CeremonyScript script, CeremonySetup setup) throws InvalidInputException {
        List<String> roles = setup.roleProblems(script);
        if (!roles.isEmpty()) {
            throw new InvalidInputException("the participants do not match the script's roles: " + String.join("; ", roles));
        }
        List<String> problems = setup.otherProblems();
        if (!problems.isEmpty()) {
            throw new InvalidInputException("the ceremony's setup cannot be recorded: " + String.join("; ", problems));
        }
    }

    private static void createDirectory(Path dir) throws KeyCeremonyException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KeyCeremonyException("cannot create the output directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** CREATE_NEW, fsync, read back and hash-compare: recovery trusts this copy only by its hash. */
    private static void writeScriptCopy(CeremonyScript script, Path target) throws KeyCeremonyException {
        byte[] bytes = script.sourceText().getBytes(StandardCharsets.UTF_8);
        try {
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            String back = org.keyceremony.base.Digests.sha256Hex(target);
            if (!back.equals(script.sha256Hex())) {
                throw new KeyCeremonyException("the copy of the script written to " + target + " reads back with SHA-256 "
                        + back + ", not the script's " + script.sha256Hex() + ". Check the output medium.");
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new KeyCeremonyException(target + " already exists: the output directory belongs to another ceremony. "
                    + "Choose a new one.", e);
        } catch (IOException e) {
            throw new KeyCeremonyException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
