package org.keyceremony.ceremony;

import org.keyceremony.script.ActionTraits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keyceremony.ceremony.preflight.BuildStamp;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.transcript.TranscriptRenderer;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventType;
import org.keyceremony.journal.Json;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.journal.facts.StepFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of the engine over one log: the step loop, retries, aborts and removals. Not thread-safe. */
final class CeremonyRun {
    private static final Logger LOG = LoggerFactory.getLogger(CeremonyRun.class);
    private static final int ANSWER_ATTEMPTS = 3;

    private final ActionRegistry registry;
    private final Prompter prompter;
    private final Clock clock;
    private final EventLog log;
    private final CeremonyContext context;
    private final CeremonyScript script;
    /** Registered and not yet removed, in order of registration. */
    private final List<RegisteredRollback> pending;

    CeremonyRun(ActionRegistry registry, Prompter prompter, Clock clock, EventLog log, CeremonyContext context,
                List<RegisteredRollback> pendingNewestFirst) {
        this.registry = registry;
        this.prompter = prompter;
        this.clock = clock;
        this.log = log;
        this.context = context;
        this.script = context.script();
        this.pending = new ArrayList<>(pendingNewestFirst);
        java.util.Collections.reverse(this.pending);
    }

    void start() throws KeyCeremonyException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ceremonyId", context.ceremonyId().toString());
        data.put("scriptName", script.metadata().name());
        data.put("scriptVersion", script.metadata().version());
        data.put("scriptKind", script.metadata().kind().yamlName());
        data.put("scriptSha256", script.sha256Hex());
        data.put("objectives", script.metadata().objectives() == null ? "" : script.metadata().objectives().strip());
        data.put("approvalReference", script.metadata().approvalReference() == null ? ""
                : script.metadata().approvalReference());
        data.put("rehearsal", context.rehearsal());
        List<Object> people = new ArrayList<>();
        for (Participant p : context.setup().participants()) {
            people.add(Map.of("name", p.name(), "role", p.role().yamlName(), "initials", p.initials()));
        }
        data.put("participants", people);
        data.put("location", context.setup().location());
        // Where the ceremony runs: recovery refuses a copy of the folder (Recovery.refuseCopy).
        data.put("outputDirectory", realPath(context.outputDirectory()));
        data.put("timeZone", context.setup().timeZone());
        // Version and commit even when the script has no record-software step.
        data.put("software", BuildStamp.ofThisBuild().describe());
        data.put("steps", (long) script.steps().size());
        // How the pages of this log are rendered: the verifier renders them again and compares.
        data.put("transcriptLayout", (long) TranscriptRenderer.LAYOUT);
        log.append(EventType.CEREMONY_START, "", "engine", data);
    }

    private static String realPath(java.nio.file.Path dir) throws KeyCeremonyException {
        try {
            return dir.toRealPath().toString();
        } catch (java.io.IOException e) {
            throw new KeyCeremonyException("cannot resolve the output folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Runs steps from {@code from} to the end; aborts (and returns) if the people choose so. */
    CeremonyResult steps(int from) throws KeyCeremonyException {
        List<Step> steps = script.steps();
        for (int i = from; i < steps.size(); i++) {
            if (!runStep(steps.get(i), false)) {
                return abort(steps.get(i), "step " + steps.get(i).id() + " failed and the people chose to abort");
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("outcome", CeremonyResult.Outcome.COMPLETED.wire());
        data.put("memoryWiped", context.wipeMemory());
        return end(CeremonyResult.Outcome.COMPLETED, data, new Removals(List.of(), List.of()));
    }

    /** Runs the given steps again only to re-establish sessions; null if all succeeded, else the abort's result. */
    CeremonyResult replay(List<String> stepIds) throws KeyCeremonyException {
        for (String id : stepIds) {
            Step step = script.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
            if (!runStep(step, true)) {
                return abort(step, "step " + id + " (run again to log in) failed and the people chose to abort");
            }
        }
        return null;
    }

    private boolean runStep(Step step, boolean replay) throws KeyCeremonyException {
        Action action = step.action();
        ActionTraits traits = ActionTraits.of(action, script);
        for (int attempt = 1; ; attempt++) {
            prompter.show(step);
            Map<String, Object> begin = new LinkedHashMap<>();
            begin.put("title", step.title());
            begin.put("text", step.text() == null ? "" : step.text().strip());
            begin.put("action", action.kind());
            begin.put("actorRole", step.actor().yamlName());
            begin.put("confirmerRole", step.confirmer().yamlName());
            begin.put("attempt", (long) attempt);
            begin.put("resumePoint", step.resumePoint());
            begin.put("memoryOnly", traits.memoryOnlySecrets());
            if (replay) {
                begin.put("replay", true);
            }
            Event begun = log.append(EventType.STEP_BEGIN, step.id(), step.actor().yamlName(), begin);
            Instant t0 = clock.instant();
            Map<String, Object> facts = null;
            String error;
            StoppedAtTheTable stopped = null;
            try {
                StepFacts returned = perform(action, stepContext(step));
                facts = Json.copyOfObject(returned == null ? Map.of() : ActionFacts.write(returned));
                error = null;
            } catch (KeyCeremonyException e) {
                error = e.getMessage();
                stopped = e instanceof StoppedAtTheTable s ? s : null;
            } catch (RuntimeException e) {
                // A runtime exception's message may carry anything; only its type is recorded.
                LOG.warn("step {} failed with an unexpected {}", step.id(), e.getClass().getName());
                LOG.debug("stack of the unexpected failure (debug only)", e);
                error = "internal error (" + e.getClass().getSimpleName() + ") in action " + action.kind();
            }
            long millis = Duration.between(t0, clock.instant()).toMillis();
            if (error == null) {
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("outcome", "ok");
                end.put("durationMs", millis);
                end.put("facts", facts);
                log.append(EventType.STEP_END, step.id(), step.actor().yamlName(), end);
                confirm(step, facts, begun);
                return true;
            }
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("attempt", (long) attempt);
            failed.put("durationMs", millis);
            failed.put("error", error);
            log.append(EventType.STEP_FAILED, step.id(), step.actor().yamlName(), failed);
            if (stopped != null) {
                throw stopped; // not a failure to retry or abort now: the ceremony is interrupted, to be recovered
            }
            FailureDecision decision = decide(step, error, attempt);
            recordDeviation(step, begun, decision.deviation());
            if (decision.choice() == FailureDecision.Choice.ABORT) {
                return false;
            }
            log.append(EventType.RETRY, step.id(), step.actor().yamlName(), Map.of("attempt", (long) attempt + 1));
        }
    }

    private FailureDecision decide(Step step, String error, int attempt) throws KeyCeremonyException {
        for (int i = 1; ; i++) {
            FailureDecision d = prompter.onFailure(step, error, attempt);
            String problem = badText(d.deviation());
            if (problem == null) {
                problem = unknownInitials(d.deviation().initialsPresent());
            }
            if (problem == null) {
                return d;
            }
            giveUpAfter(i, problem);
        }
    }

    private void confirm(Step step, Map<String, Object> facts, Event begun) throws KeyCeremonyException {
        for (int i = 1; ; i++) {
            Confirmation c = prompter.confirm(step, facts);
            Participant who = context.setup().participants().stream()
                    .filter(p -> p.initials().equals(c.initials()) && p.role() == step.confirmer())
                    .findFirst().orElse(null);
            String problem = who == null ? "step " + step.id() + " must be confirmed by a " + step.confirmer().yamlName()
                    + "; \"" + c.initials() + "\" are not the initials of one" : null;
            if (problem == null && c.deviation().isPresent()) {
                problem = badText(c.deviation().get());
                if (problem == null) {
                    problem = unknownInitials(c.deviation().get().initialsPresent());
                }
            }
            if (problem == null) {
                if (c.deviation().isPresent()) {
                    recordDeviation(step, begun, c.deviation().get());
                }
                log.append(EventType.STEP_CONFIRMED, step.id(), who.initials(),
                        Map.of("initials", who.initials(), "name", who.name(), "role", who.role().yamlName()));
                return;
            }
            giveUpAfter(i, problem);
        }
    }

    private void giveUpAfter(int attempt, String problem) throws InvalidInputException {
        if (attempt >= ANSWER_ATTEMPTS) {
            throw new InvalidInputException(problem + " (" + ANSWER_ATTEMPTS + " attempts); the ceremony stops here "
                    + "and can be continued with 'ceremony recover'");
        }
        prompter.notice(problem + "; please answer again");
    }

    /** What is wrong with an exception record's typed text (it goes into the signed transcript), or null. */
    private static String badText(Deviation d) {
        for (String t : List.of(d.expected(), d.happened(), d.actions())) {
            // generous: "what happened" quotes the step's error, which may list several findings
            java.util.Optional<String> p = org.keyceremony.script.TextRules.paragraph(t == null ? "" : t, 16_000);
            if (p.isPresent()) {
                return "the exception record's text " + p.get();
            }
        }
        return null;
    }

    private String unknownInitials(List<String> initials) {
        Set<String> known = new HashSet<>(context.setup().allInitials());
        List<String> unknown = initials.stream().filter(i -> !known.contains(i)).toList();
        if (initials.isEmpty()) {
            return "an exception record needs the initials of everyone present";
        }
        return unknown.isEmpty() ? null : "initials " + unknown + " belong to nobody present";
    }

    private void recordDeviation(Step step, Event begun, Deviation d) throws KeyCeremonyException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("started", begun.timeText());
        data.put("expected", d.expected());
        data.put("happened", d.happened());
        data.put("actions", d.actions());
        data.put("initials", d.initialsPresent());
        log.append(EventType.EXCEPTION, step.id(), String.join(",", d.initialsPresent()), data);
    }

    @SuppressWarnings("unchecked")
    private <A extends Action> StepFacts perform(A action, StepContext ctx) throws KeyCeremonyException {
        ActionHandler<A> handler = registry.handlerFor(action).orElseThrow(() ->
                new KeyCeremonyException("action " + action.kind() + " is not available in this build"));
        return handler.perform(action, ctx);
    }

    private StepContext stepContext(Step step) {
        return new StepContext(step, context, prompter, new StepContext.RollbackRecorder() {
            @Override
            public RegisteredRollback record(Step s, String kind, String description, Map<String, ?> params)
                    throws KeyCeremonyException {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("kind", kind);
                data.put("description", description);
                data.put("params", Json.copyOfObject(params));
                Event e = log.append(EventType.ROLLBACK_REGISTERED, s.id(), s.actor().yamlName(), data);
                RegisteredRollback r = new RegisteredRollback(e.seq(), s.id(), kind, description,
                        Json.copyOfObject(params));
                pending.add(r);
                return r;
            }

            @Override
            public void created(Step s, RegisteredRollback r, Map<String, ?> identity) throws KeyCeremonyException {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("rollback", r.id());
                data.put("identity", Json.copyOfObject(identity));
                log.append(EventType.CREATED, s.id(), s.actor().yamlName(), data);
                for (int i = 0; i < pending.size(); i++) {
                    if (pending.get(i).id() == r.id()) {
                        pending.set(i, pending.get(i).withCreated(identity));
                    }
                }
            }
        }, log::events);
    }

    /**
     * Aborts: records why, asks approval for the removals (newest first), carries them out
     * and closes the log. {@code step} is null when aborting an interrupted ceremony.
     */
    CeremonyResult abort(Step step, String reason) throws KeyCeremonyException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason);
        data.put("removals", (long) pending.size());
        log.append(EventType.ABORT, step == null ? "" : step.id(), "engine", data);
        context.wipeMemory();
        List<RegisteredRollback> removals = new ArrayList<>(pending);
        java.util.Collections.reverse(removals);
        Removals done;
        boolean approved = removals.isEmpty() || prompter.approveRollback(removals);
        if (approved) {
            done = removeAll(removals, "abort");
        } else {
            done = new Removals(removals.stream().map(RegisteredRollback::description).toList(), List.of());
        }
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("outcome", CeremonyResult.Outcome.ABORTED.wire());
        end.put("rollbackApproved", approved);
        end.put("rollbacksLeft", done.left());
        end.put("rollbacksKept", done.kept());
        return end(CeremonyResult.Outcome.ABORTED, end, done);
    }

    /**
     * What a series of removals did not remove: {@code left} failed or was declined (to be removed
     * by hand), {@code kept} was refused by the {@link SafetyInvariant} (to be kept, and why).
     */
    record Removals(List<String> left, List<String> kept) {
        boolean clean() {
            return left.isEmpty() && kept.isEmpty();
        }

        List<String> all() {
            List<String> a = new ArrayList<>(left);
            a.addAll(kept);
            return a;
        }
    }

    /**
     * Carries out {@code removals} in the given order, each one only if the {@link SafetyInvariant}
     * allows it now, recording each (done, failed, or refused with why). A refused one is tried
     * again after the others: removing the root key makes its sealed backup removable, so an abort
     * takes the key first and its restore path after it, never the other way round.
     */
    Removals removeAll(List<RegisteredRollback> removals, String reason) throws KeyCeremonyException {
        if (removals.isEmpty()) {
            return new Removals(List.of(), List.of());
        }
        java.util.Optional<String> completed = completionRecord();
        if (completed.isPresent()) {
            List<String> kept = new ArrayList<>();
            for (RegisteredRollback r : removals) {
                kept.add(refuse(r, reason, completed.get()));
            }
            return new Removals(List.of(), kept);
        }
        List<String> left = new ArrayList<>();
        List<RegisteredRollback> todo = new ArrayList<>(removals);
        Map<Long, String> refused = new LinkedHashMap<>();
        boolean progress = true;
        while (progress && !todo.isEmpty()) {
            progress = false;
            List<RegisteredRollback> deferred = new ArrayList<>();
            for (RegisteredRollback r : todo) {
                java.util.Optional<String> no = SafetyInvariant.refusal(r, log.events(), script);
                if (no.isPresent()) {
                    deferred.add(r);
                    refused.put(r.id(), no.get());
                    continue;
                }
                refused.remove(r.id());
                progress = true;
                if (!removeOne(r, reason)) {
                    left.add(r.description());
                }
            }
            todo = deferred;
        }
        List<String> kept = new ArrayList<>();
        for (RegisteredRollback r : todo) {
            kept.add(refuse(r, reason, refused.get(r.id())));
        }
        return new Removals(left, kept);
    }

    private String refuse(RegisteredRollback r, String reason, String why) throws KeyCeremonyException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rollback", r.id());
        data.put("kind", r.kind());
        data.put("description", r.description());
        data.put("reason", reason);
        data.put("outcome", "refused");
        data.put("error", why);
        log.append(EventType.ROLLBACK, r.step(), "engine", data);
        return r.description() + " \u2014 " + why;
    }

    /**
     * This ceremony's completion record on the HSM tokens its log says it logged in to, as the
     * reason to keep everything; a token that cannot be asked keeps everything too (completion is
     * then unknown). Empty when the ceremony did not complete, or used no HSM.
     */
    private java.util.Optional<String> completionRecord() {
        java.util.Set<String> serials = new java.util.LinkedHashSet<>();
        Map<String, String> actionOf = new java.util.HashMap<>();
        for (Event e : log.events()) {
            if (e.is(EventType.STEP_BEGIN)) {
                actionOf.put(e.step(), String.valueOf(e.data().get("action")));
            } else if (e.is(EventType.STEP_END) && "hsm-login".equals(actionOf.get(e.step()))
                    && e.data().get("facts") instanceof Map<?, ?> f && f.get("serial") instanceof String serial) {
                serials.add(serial);
            }
        }
        if (serials.isEmpty() || registry.completionRecords().isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return registry.completionRecords().get().find(context.ceremonyId(), serials)
                    .map(r -> "kept: this ceremony completed (" + r + "); nothing of a completed ceremony is removed");
        } catch (KeyCeremonyException e) {
            return java.util.Optional.of("kept: " + e.getMessage());
        }
    }

    /** Removes one thing through its handler and records it; false if that failed. */
    private boolean removeOne(RegisteredRollback r, String reason) throws KeyCeremonyException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rollback", r.id());
        data.put("kind", r.kind());
        data.put("description", r.description());
        data.put("reason", reason);
        Step owner = script.steps().stream().filter(s -> s.id().equals(r.step())).findFirst().orElseThrow();
        boolean ok;
        StoppedAtTheTable stoppedDuring = null;
        try {
            RollbackHandler handler = registry.rollbackHandler(r.kind()).orElseThrow(() -> new KeyCeremonyException(
                    "removal of kind " + r.kind() + " is not available in this build"));
            Map<String, Object> facts = Json.copyOfObject(handler.undo(r, stepContext(owner)));
            data.put("outcome", "done");
            data.put("facts", facts);
            pending.removeIf(p -> p.id() == r.id());
            ok = true;
        } catch (KeyCeremonyException e) {
            stoppedDuring = e instanceof StoppedAtTheTable s ? s : null;
            data.put("outcome", "failed");
            // What is true: it could not be removed, or not even checked; not that it is there.
            data.put("error", e.getMessage() + ". Not confirmed removed: " + r.description()
                    + " (check it, and remove it by hand if it is there)");
            ok = false;
        } catch (RuntimeException e) {
            LOG.warn("removal {} failed with an unexpected {}", r.id(), e.getClass().getName());
            data.put("outcome", "failed");
            data.put("error", "internal error (" + e.getClass().getSimpleName() + ") while trying to remove: "
                    + r.description());
            ok = false;
        }
        log.append(EventType.ROLLBACK, r.step(), "engine", data);
        if (stoppedDuring != null) {
            throw stoppedDuring; // recorded as not removed; the recovery offers the removal again
        }
        return ok;
    }

    private CeremonyResult end(CeremonyResult.Outcome outcome, Map<String, Object> data, Removals removals)
            throws KeyCeremonyException {
        Event e = log.append(EventType.CEREMONY_END, "", "engine", data);
        return new CeremonyResult(outcome, context.ceremonyId(), log.file(), e.seq(), e.hash(), removals.left(),
                removals.kept());
    }
}
