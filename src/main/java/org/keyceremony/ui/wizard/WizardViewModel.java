package org.keyceremony.ui.wizard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.keyceremony.ceremony.CeremonyEnding;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Confirmation;
import org.keyceremony.ceremony.Deviation;
import org.keyceremony.ceremony.FailureDecision;
import org.keyceremony.ceremony.Participant;
import org.keyceremony.ceremony.RecoveryChoice;
import org.keyceremony.script.Act;
import org.keyceremony.script.Role;
import org.keyceremony.script.Step;
import org.keyceremony.secret.Pin;
import org.keyceremony.ui.common.AnswerBridge;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.common.Problems;
import org.keyceremony.ui.common.TaskRunner;
import org.keyceremony.ui.common.Tasks;

/**
 * The wizard's state and the answers people give, without any view: the steps and where
 * each stands, the current step's text, the question the engine waits on
 * ({@link #requestProperty()}), and the outcome. Every method runs on the UI thread; the
 * engine runs on a worker through {@link GuiPrompter}. Answers are checked here (initials
 * of the right role, a non-empty value) so the rules are tested without a screen.
 */
public final class WizardViewModel {
    private final WizardLaunch launch;
    private final TaskRunner tasks;
    private final Clock clock;
    private final ObservableList<StepItem> steps = FXCollections.observableArrayList();
    private final ObjectProperty<StepItem> current = new SimpleObjectProperty<>();
    private final ObjectProperty<PromptRequest> request = new SimpleObjectProperty<>();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanBinding busy = running.and(request.isNull());
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");
    private final StringProperty stopped = new SimpleStringProperty("");
    private final ObjectProperty<CeremonyResult> result = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> transcript = new SimpleObjectProperty<>();
    private final LongProperty stepStartedMillis = new SimpleLongProperty();
    private final ShareProgress shares;
    private String transcriptFinalHash = "";
    private CeremonySetup setup;

    public WizardViewModel(WizardLaunch launch, TaskRunner tasks, Clock clock) {
        this.launch = launch;
        this.tasks = tasks;
        this.clock = clock;
        this.shares = new ShareProgress(launch.script());
        for (Act act : launch.script().acts()) {
            for (Step s : act.steps()) {
                steps.add(new StepItem(s, act.number() + " " + act.title()));
            }
        }
    }

    /** Starts the engine on a worker; its questions arrive through {@code bridge}. */
    public void start(AnswerBridge bridge) {
        GuiPrompter prompter = new GuiPrompter(bridge, this);
        running.set(true);
        Tasks.create(() -> {
            CeremonyEnding end = launch.runner().run(prompter, e -> bridge.tell(() -> event(e)));
            return new Finished(end.result(), end.transcript().orElse(null), end.transcriptFinalHash().orElse(""));
        }).onSuccess(this::finished).onError(e -> {
            running.set(false);
            request.set(null);
            StepItem item = current.get();
            if (item != null) {
                item.stateProperty().set(StepState.FAILED);
            }
            stopped.set(Problems.describe(e));
        }).runOn(tasks);
    }

    private record Finished(CeremonyResult result, Path transcript, String transcriptFinalHash) {
    }

    private void finished(Finished f) {
        running.set(false);
        request.set(null);
        for (StepItem s : steps) {
            if (s.state() == StepState.CURRENT) {
                s.stateProperty().set(f.result().outcome() == CeremonyResult.Outcome.COMPLETED ? StepState.DONE : StepState.FAILED);
            }
        }
        transcript.set(f.transcript());
        transcriptFinalHash = f.transcriptFinalHash();
        result.set(f.result());
    }

    // --- called by GuiPrompter on the UI thread ---

    void post(PromptRequest r) {
        problem.set("");
        if (r instanceof PromptRequest.PinEntry p && p.prompt().equals(notice.get())) {
            notice.set(""); // the PIN panel shows the card prompt itself, in large type
        }
        if (r instanceof PromptRequest.Failure f) {
            itemOf(f.step()).ifPresent(i -> i.stateProperty().set(StepState.FAILED));
        }
        if (r instanceof PromptRequest.Recovery rc) {
            markRecovered(rc.plan());
        }
        request.set(r);
    }

    /**
     * A step begins: it is current, and every step before it is done. The engine begins a step only
     * when all before it have ended, so a resumed ceremony's earlier steps, done before this window
     * opened, are marked done too (they showed as not done).
     */
    void stepBegins(Step step) {
        notice.set("");
        problem.set("");
        boolean before = true;
        for (StepItem s : steps) {
            if (s.step().id().equals(step.id())) {
                s.stateProperty().set(StepState.CURRENT);
                current.set(s);
                before = false;
            } else if (s.state() == StepState.CURRENT || before && s.state() == StepState.PENDING) {
                s.stateProperty().set(StepState.DONE);
            }
        }
        stepStartedMillis.set(clock.millis());
    }

    void notice(String message) {
        notice.set(message);
    }

    /**
     * An interrupted ceremony is shown where it stopped, before anyone chooses: the steps up to the
     * last completed one are done, the one it stopped in is marked failed.
     */
    private void markRecovered(org.keyceremony.ceremony.RecoveryPlan plan) {
        boolean done = !plan.lastCompletedStep().isEmpty();
        for (StepItem s : steps) {
            String id = s.step().id();
            if (done) {
                s.stateProperty().set(StepState.DONE);
                done = !id.equals(plan.lastCompletedStep());
            } else if (id.equals(plan.interruptedStep())) {
                s.stateProperty().set(StepState.FAILED);
            }
        }
    }

    /** A custodian's share is verified: the share table says so now, not when the step ends. */
    void shareVerified(org.keyceremony.ceremony.ShareVerified verified) {
        shares.verifiedNow(verified);
    }

    /** A person's own initials for a step each of them confirms; anyone else's are refused on the spot. */
    public boolean acknowledge(String typed) {
        if (!(request.get() instanceof PromptRequest.Acknowledge a)) {
            return false;
        }
        String t = typed == null ? "" : typed.strip();
        if (!t.equalsIgnoreCase(a.who().initials())) {
            problem.set(Messages.get(t.isEmpty() ? "wizard.acknowledge.empty" : "wizard.acknowledge.wrong", t,
                    a.who().name()));
            return false;
        }
        done(a.answer(), Confirmation.of(a.who().initials()));
        return true;
    }

    /** The custodian has their card back: the engine may call the next one. */
    public boolean cardTakenBack() {
        if (!(request.get() instanceof PromptRequest.CardBack c)) {
            return false;
        }
        done(c.answer(), Boolean.TRUE);
        return true;
    }

    /** A custodian's turn with their card, as the engine tells it (after the notice people read). */
    void custodianTurn(org.keyceremony.ceremony.CustodianTurn turn) {
        shares.turn(turn);
    }

    /** An event the engine has written to the log (on the UI thread, in log order). */
    void event(org.keyceremony.journal.Event e) {
        shares.event(e, steps.stream().map(StepItem::step).filter(s -> s.id().equals(e.step())).findFirst().orElse(null));
    }

    // --- answers, from the view ---

    /** The participants, as entered and checked on the participants screen. */
    public void answerSetup(CeremonySetup answer) {
        if (request.get() instanceof PromptRequest.Setup s) {
            setup = answer;
            shares.participants(answer);
            done(s.answer(), answer);
        }
    }

    /** The confirmer's initials; refused (with {@link #problemProperty()}) unless they belong to someone holding the confirming role. */
    public boolean confirm(String initials) {
        if (!(request.get() instanceof PromptRequest.Confirm c)) {
            return false;
        }
        Role role = c.step().confirmer();
        String typed = initials == null ? "" : initials.strip();
        Optional<Participant> who = setup == null ? Optional.empty()
                : setup.holding(role).stream().filter(p -> p.initials().equalsIgnoreCase(typed)).findFirst();
        if (typed.isEmpty()) {
            problem.set(Messages.get("wizard.confirm.empty", roleName(role)));
            return false;
        }
        if (setup != null && who.isEmpty()) {
            problem.set(Messages.get("wizard.confirm.wrong", typed, roleName(role), String.join(", ",
                    setup.holding(role).stream().map(Participant::initials).toList())));
            return false;
        }
        String confirmedBy = who.map(Participant::initials).orElse(typed);
        itemOf(c.step()).ifPresent(i -> {
            i.stateProperty().set(StepState.DONE);
            i.recordedProperty().set(new StepItem.Recorded(c.facts(), confirmedBy));
        });
        done(c.answer(), Confirmation.of(confirmedBy));
        return true;
    }

    /**
     * A value typed by the actor. A question that takes an empty answer ("empty: no more cards")
     * takes it at once; one that needs an answer refuses empty on the spot, saying so next to the
     * field: an Enter by mistake on a required serial would otherwise fail the step and put an
     * exception in the record.
     */
    public boolean answerValue(String value) {
        if (!(request.get() instanceof PromptRequest.Value v)) {
            return false;
        }
        String typed = value == null ? "" : value.strip();
        if (typed.isEmpty() && !v.emptyAllowed()) {
            problem.set(Messages.get("wizard.value.empty", v.label()));
            return false;
        }
        done(v.answer(), typed);
        return true;
    }

    /** A PIN; the engine closes it after use. An empty PIN is refused (and closed here). */
    public boolean answerPin(Pin pin) {
        if (!(request.get() instanceof PromptRequest.PinEntry p)) {
            pin.close();
            return false;
        }
        if (pin.isEmpty()) {
            pin.close();
            problem.set(Messages.get("wizard.pin.empty"));
            return false;
        }
        done(p.answer(), pin);
        return true;
    }

    /** After a failure: retry or abort, with what the people did about it (the exception record). */
    public boolean decideFailure(boolean retry, String actions) {
        if (!(request.get() instanceof PromptRequest.Failure f)) {
            return false;
        }
        String did = actions == null || actions.isBlank()
                ? Messages.get(retry ? "wizard.failure.defaultRetry" : "wizard.failure.defaultAbort") : actions.strip();
        Deviation d = new Deviation(Messages.get("wizard.failure.expected", f.step().id(), f.step().title()),
                Messages.get("wizard.failure.happened", f.attempt(), f.error()), did,
                setup == null ? List.of() : setup.allInitials());
        if (retry) {
            itemOf(f.step()).ifPresent(i -> i.stateProperty().set(StepState.CURRENT));
            stepStartedMillis.set(clock.millis());
        }
        done(f.answer(), new FailureDecision(retry ? FailureDecision.Choice.RETRY : FailureDecision.Choice.ABORT, d));
        return true;
    }

    public boolean approveRollback(boolean approve) {
        if (request.get() instanceof PromptRequest.Rollback r) {
            done(r.answer(), approve);
            return true;
        }
        return false;
    }

    public boolean chooseRecovery(RecoveryChoice choice) {
        if (request.get() instanceof PromptRequest.Recovery r) {
            setup = r.plan().setup();
            if (setup != null) {
                shares.participants(setup);
            }
            done(r.answer(), choice);
            return true;
        }
        return false;
    }

    /** Cancels the open question: the engine stops, and the ceremony can be recovered later. */
    public void cancel() {
        PromptRequest r = request.get();
        if (r != null) {
            request.set(null);
            r.cancel();
        }
    }

    private <T> void done(java.util.concurrent.CompletableFuture<T> answer, T value) {
        problem.set("");
        request.set(null);
        stepStartedMillis.set(clock.millis());
        answer.complete(value);
    }

    private Optional<StepItem> itemOf(Step step) {
        return steps.stream().filter(s -> s.step().id().equals(step.id())).findFirst();
    }

    // --- what the view shows ---

    /** "Administrator — Ada Administrator" for the step's actor (names once the participants are known). */
    public String peopleFor(Role role) {
        String names = setup == null ? "" : String.join(", ", setup.holding(role).stream().map(Participant::name).toList());
        return names.isEmpty() ? roleName(role) : roleName(role) + " \u2014 " + names;
    }

    public static String roleName(Role role) {
        return Messages.get("role." + role.yamlName());
    }

    public String heading() {
        StepItem s = current.get();
        return s == null ? "" : Messages.get("wizard.heading", s.step().id(), s.step().title());
    }

    public String ceremonyName() {
        return launch.script().metadata().name() + " " + launch.script().metadata().version();
    }

    public boolean rehearsal() {
        return launch.rehearsal();
    }

    /** The runner for the view's own background work (the transcript preview). */
    public TaskRunner tasks() {
        return tasks;
    }

    public WizardLaunch launch() {
        return launch;
    }

    public Optional<CeremonySetup> setup() {
        return Optional.ofNullable(setup);
    }

    /** Step counter for the header, e.g. "Step 7 of 23". */
    public String progress() {
        StepItem s = current.get();
        return s == null ? "" : Messages.get("wizard.progress", steps.indexOf(s) + 1, steps.size());
    }

    /** Elapsed time of the current step as m:ss. */
    public String elapsed(long nowMillis) {
        long s = Math.max(0, (nowMillis - stepStartedMillis.get()) / 1000);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Each custodian's share while the shares are written. */
    public ShareProgress shares() {
        return shares;
    }

    public ObservableList<StepItem> steps() {
        return steps;
    }

    public ObjectProperty<StepItem> currentProperty() {
        return current;
    }

    public ObjectProperty<PromptRequest> requestProperty() {
        return request;
    }

    /** True while the engine works and waits on nobody: navigation is disabled. */
    public BooleanBinding busyProperty() {
        return busy;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public StringProperty noticeProperty() {
        return notice;
    }

    /** Why the last answer was refused (empty if it was not). */
    public StringProperty problemProperty() {
        return problem;
    }

    /** What to do after a stop: resume from the event log if the ceremony had begun, else start again. */
    public String stoppedAdvice() {
        return Files.exists(launch.outputDirectory().resolve(org.keyceremony.journal.EventLog.FILE_NAME))
                ? Messages.get("wizard.stopped.todo", launch.outputDirectory()) : Messages.get("wizard.stopped.notBegun");
    }

    /** Why the ceremony stopped, if it stopped on an error (empty otherwise). */
    public StringProperty stoppedProperty() {
        return stopped;
    }

    public ObjectProperty<CeremonyResult> resultProperty() {
        return result;
    }

    public ObjectProperty<Path> transcriptProperty() {
        return transcript;
    }

    /**
     * The signed transcript's final hash, to be written in ink with the ceremony id on the pages
     * everyone signs; empty for an unsigned transcript or none. Set before {@link #resultProperty()}.
     */
    public String transcriptFinalHash() {
        return transcriptFinalHash;
    }

    public LongProperty stepStartedProperty() {
        return stepStartedMillis;
    }
}
