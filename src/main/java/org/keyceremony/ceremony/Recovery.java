package org.keyceremony.ceremony;

import org.keyceremony.script.ActionTraits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Role;
import org.keyceremony.script.Step;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.EventType;

/**
 * Reads the log of an interrupted ceremony (no {@code ceremony-end}) and works out where it
 * stopped and what resuming or aborting would do. Pure analysis: it writes nothing; the
 * {@link Engine} carries out the choice.
 *
 * <p>The resume point: the first step not confirmed, moved back to the nearest step marked
 * as a safe resume point (the first step always is one), then further back to the producer
 * of any memory-only secret (per {@link ActionTraits}) that a remaining step consumes and
 * that the crash destroyed, repeated until stable. Everything registered for removal by the
 * steps from there on is removed before they run again: e.g. a crash between
 * {@code generate-kwk} and the last {@code write-share} resumes at {@code generate-kwk}
 * (new KWK, new wrap, new split) and first erases the shares of the dead set already written.
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * Verifies the log in {@code directory} and assesses it against {@code script}, under the
     * ceremony's lock (refused while the ceremony, or a recovery of it, runs). The lock is released
     * when this returns: the plan is for showing and choosing; {@link Engine#resume} and
     * {@link Engine#abortInterrupted} take the lock again and refuse if the log changed meanwhile.
     */
    public static RecoveryPlan assess(Path directory, CeremonyScript script) throws KeyCeremonyException {
        if (!Files.isRegularFile(directory.resolve(EventLog.FILE_NAME))) {
            throw new InvalidInputException("no event log " + EventLog.FILE_NAME + " in " + directory
                    + ": this is not a ceremony output directory");
        }
        try (CeremonyLock lock = CeremonyLock.onFolder(directory)) {
            return assessLocked(lock, script);
        }
    }

    /** As {@link #assess(Path, CeremonyScript)} with the lock held by the caller; also locks the ceremony id. */
    static RecoveryPlan assessLocked(CeremonyLock lock, CeremonyScript script) throws KeyCeremonyException {
        Path directory = lock.directory();
        Path file = directory.resolve(EventLog.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no event log " + EventLog.FILE_NAME + " in " + directory
                    + ": this is not a ceremony output directory");
        }
        EventLogVerifier.Result verification = EventLogVerifier.verify(file);
        if (!verification.valid() && !verification.truncatedTail()) {
            throw new KeyCeremonyException("the event log in " + directory + " does not verify, so the ceremony "
                    + "cannot be recovered from it: " + verification.problem()
                    + ". Keep the directory unchanged as evidence and record an exception.");
        }
        RecoveryPlan plan = assess(verification, script);
        lock.lockCeremony(plan.ceremonyId());
        refuseCopy(verification.events().get(0), directory);
        Path transcript = directory.resolve(org.keyceremony.transcript.TranscriptWriter.fileName(plan.ceremonyId()));
        return Files.isRegularFile(transcript) ? plan.withSignedTranscript(transcript.toString()) : plan;
    }

    /** Assesses verified events (from {@link EventLogVerifier}) against {@code script}. */
    public static RecoveryPlan assess(EventLogVerifier.Result verification, CeremonyScript script)
            throws KeyCeremonyException {
        List<Event> events = verification.events();
        if (events.isEmpty() || !events.get(0).is(EventType.CEREMONY_START)) {
            throw new InvalidInputException("the event log holds no ceremony-start event: the ceremony never "
                    + "started. Nothing needs recovering; start a new ceremony in a new output directory.");
        }
        Map<String, Object> start = events.get(0).data();
        String sha = string(start, "scriptSha256");
        if (!sha.equals(script.sha256Hex())) {
            throw new InvalidInputException("the script given (SHA-256 " + script.sha256Hex() + ") is not the one this "
                    + "ceremony ran (SHA-256 " + sha + "); recover with the script file kept in the output directory");
        }
        List<Step> steps = script.steps();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            index.put(steps.get(i).id(), i);
        }
        boolean[] completed = new boolean[steps.size()];
        List<RegisteredRollback> registered = new ArrayList<>();
        Set<Long> removed = new HashSet<>();
        String interrupted = "";
        boolean aborting = false;
        for (Event e : events) {
            EventType type = e.kind().orElseThrow(() ->
                    new InvalidInputException("event " + e.seq() + " has an unknown type \"" + e.type() + "\""));
            switch (type) {
                case STEP_BEGIN -> interrupted = e.step();
                case STEP_CONFIRMED -> {
                    completed[stepIndex(index, e)] = true;
                    interrupted = "";
                }
                case ROLLBACK_REGISTERED -> registered.add(new RegisteredRollback(e.seq(), e.step(),
                        string(e.data(), "kind"), string(e.data(), "description"), map(e.data(), "params"),
                        Map.of(), false));
                case CREATED -> {
                    if (e.data().get("rollback") instanceof Long id) {
                        for (int i = 0; i < registered.size(); i++) {
                            if (registered.get(i).id() == id) {
                                registered.set(i, registered.get(i).withCreated(map(e.data(), "identity")));
                            }
                        }
                    }
                }
                case STEP_END, STEP_FAILED -> {
                    for (int i = 0; i < registered.size(); i++) {
                        if (registered.get(i).step().equals(e.step())) {
                            registered.set(i, registered.get(i).withSettled(true));
                        }
                    }
                }
                case ROLLBACK -> {
                    if ("done".equals(e.data().get("outcome")) && e.data().get("rollback") instanceof Long id) {
                        removed.add(id);
                    }
                }
                case RECOVERY -> {
                    Object from = e.data().get("resumeFrom");
                    if (from instanceof String id && index.containsKey(id)) {
                        for (int i = index.get(id); i < steps.size(); i++) {
                            completed[i] = false;
                        }
                    }
                }
                case ABORT -> aborting = true;
                case CEREMONY_END -> throw new InvalidInputException("this ceremony already ended (outcome "
                        + e.data().get("outcome") + ", event " + e.seq() + "): there is nothing to recover");
                default -> {
                }
            }
        }
        int next = 0;
        while (next < steps.size() && completed[next]) {
            next++;
        }
        String lastCompleted = next == 0 ? "" : steps.get(next - 1).id();
        Set<String> lost = new LinkedHashSet<>();
        resumeIndex(steps, next, script, lost, false);
        int resume = resumeIndex(steps, next, script, lost);
        List<String> replay = new ArrayList<>();
        for (int p : sessionReplays(steps, resume, script)) {
            replay.add(steps.get(p).id());
        }
        List<RegisteredRollback> pending = new ArrayList<>();
        List<RegisteredRollback> redo = new ArrayList<>();
        for (int i = registered.size() - 1; i >= 0; i--) {
            RegisteredRollback r = registered.get(i);
            if (!removed.contains(r.id())) {
                pending.add(r);
                Integer at = index.get(r.step());
                if (at != null && at >= resume) {
                    redo.add(r);
                }
            }
        }
        return new RecoveryPlan(UUID.fromString(string(start, "ceremonyId")), Boolean.TRUE.equals(start.get("rehearsal")),
                setupOf(start), sha, events.size(), verification.finalHash(), verification.truncatedTail(),
                lastCompleted, interrupted, resume, resume < steps.size() ? steps.get(resume).id() : "",
                List.copyOf(lost), replay, redo, pending, aborting, "");
    }

    /**
     * A ceremony is recovered only in the folder it was started in (recorded in ceremony-start):
     * a copy of a folder, or a log brought from another ceremony, would otherwise direct the
     * removal of what that other folder's ceremony made.
     */
    private static void refuseCopy(Event start, Path directory) throws KeyCeremonyException {
        Object recorded = start.data().get("outputDirectory");
        if (!(recorded instanceof String original)) {
            return; // a log from before the folder was recorded
        }
        Path here;
        try {
            here = directory.toRealPath();
        } catch (java.io.IOException e) {
            throw new KeyCeremonyException("cannot resolve the folder " + directory + ": " + e.getMessage(), e);
        }
        if (!here.toString().equals(original)) {
            throw new InvalidInputException("this ceremony was started in " + original + ", not in " + here
                    + ": this folder is a copy, or was moved. A copy is never recovered (its removals would act on "
                    + "what the original ceremony made). Recover the original folder; if it was moved (a medium "
                    + "mounted elsewhere), make it available under " + original + " again, then run the recovery. "
                    + "Nothing was changed.");
        }
    }

    /** The step to resume at, given the first unfinished step {@code next}; adds lost secrets still needed to {@code lost}. */
    static int resumeIndex(List<Step> steps, int next, CeremonyScript script, Set<String> lost) {
        return resumeIndex(steps, next, script, lost, true);
    }

    /** With {@code snap} false: one pass from {@code next} that only collects what the crash destroyed and is still needed. */
    private static int resumeIndex(List<Step> steps, int next, CeremonyScript script, Set<String> lost, boolean snap) {
        int r = next;
        while (true) {
            int before = r;
            while (snap && r > 0 && r < steps.size() && !steps.get(r).resumePoint()) {
                r--;
            }
            Set<String> available = new HashSet<>();
            for (int j = r; j < steps.size(); j++) {
                ActionTraits t = ActionTraits.of(steps.get(j).action(), script);
                for (String s : t.consumes()) {
                    if (ActionTraits.isMemorySecret(s) && !available.contains(s)) {
                        int p = lastProducer(steps, s, r, script);
                        if (p >= 0) {
                            lost.add(s);
                            r = snap ? Math.min(r, p) : r;
                        }
                    }
                }
                available.addAll(t.produces());
            }
            if (r == before) {
                return r;
            }
        }
    }

    /**
     * Steps before {@code resume} that must run again to re-establish what a later step consumes and
     * a crash lost without a secret in it (a login, the loaded backup package), in step order; a step
     * run again may itself need such state (loading the backup of a rotation checks it against the
     * HSM, so the login comes first).
     */
    static List<Integer> sessionReplays(List<Step> steps, int resume, CeremonyScript script) {
        Set<Integer> replay = new java.util.TreeSet<>();
        java.util.Deque<Integer> consumers = new java.util.ArrayDeque<>();
        Set<String> available = new HashSet<>();
        for (int j = resume; j < steps.size(); j++) {
            ActionTraits t = ActionTraits.of(steps.get(j).action(), script);
            for (String s : t.consumes()) {
                if (!ActionTraits.isMemorySecret(s) && !available.contains(s)) {
                    int p = lastProducer(steps, s, resume, script);
                    if (p >= 0 && replay.add(p)) {
                        consumers.add(p);
                    }
                    available.add(s);
                }
            }
            available.addAll(t.produces());
        }
        while (!consumers.isEmpty()) {
            int at = consumers.poll();
            for (String s : ActionTraits.of(steps.get(at).action(), script).consumes()) {
                if (!ActionTraits.isMemorySecret(s)) {
                    int p = lastProducer(steps, s, at, script);
                    if (p >= 0 && replay.add(p)) {
                        consumers.add(p);
                    }
                }
            }
        }
        return List.copyOf(replay);
    }

    private static int lastProducer(List<Step> steps, String state, int before, CeremonyScript script) {
        for (int i = before - 1; i >= 0; i--) {
            if (ActionTraits.of(steps.get(i).action(), script).produces().contains(state)) {
                return i;
            }
        }
        return -1;
    }

    private static int stepIndex(Map<String, Integer> index, Event e) throws InvalidInputException {
        Integer i = index.get(e.step());
        if (i == null) {
            throw new InvalidInputException("event " + e.seq() + " names step \"" + e.step()
                    + "\", which the script does not have");
        }
        return i;
    }

    static CeremonySetup setupOf(Map<String, Object> start) throws InvalidInputException {
        List<Participant> participants = new ArrayList<>();
        if (!(start.get("participants") instanceof List<?> list)) {
            throw new InvalidInputException("ceremony-start has no participants list");
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> p) || !(p.get("name") instanceof String name)
                    || !(p.get("role") instanceof String role) || !(p.get("initials") instanceof String initials)) {
                throw new InvalidInputException("ceremony-start has a malformed participant");
            }
            Role r = java.util.Arrays.stream(Role.values()).filter(x -> x.yamlName().equals(role)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("ceremony-start names an unknown role " + role));
            try {
                participants.add(new Participant(name, r, initials));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("ceremony-start records a participant this version refuses: "
                        + e.getMessage());
            }
        }
        return new CeremonySetup(participants, string(start, "location"), string(start, "timeZone"));
    }

    private static String string(Map<String, Object> data, String key) throws InvalidInputException {
        if (!(data.get(key) instanceof String s)) {
            throw new InvalidInputException("event data lacks the text field \"" + key + "\"");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> data, String key) throws InvalidInputException {
        if (!(data.get(key) instanceof Map<?, ?> m)) {
            throw new InvalidInputException("event data lacks the object field \"" + key + "\"");
        }
        return (Map<String, Object>) m;
    }
}
