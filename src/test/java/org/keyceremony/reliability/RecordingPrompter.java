package org.keyceremony.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Confirmation;
import org.keyceremony.ceremony.FailureDecision;
import org.keyceremony.ceremony.Prompter;
import org.keyceremony.ceremony.RecoveryChoice;
import org.keyceremony.ceremony.RecoveryPlan;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;

/**
 * A rehearsal answers file that also remembers what the people were told and asked (notices,
 * value labels, PIN holders, failures), and can change the world when a step fails (the
 * security officer unlocks a card, a card is re-inserted) before the answer is given.
 */
final class RecordingPrompter implements Prompter {
    private final Prompter answers;
    final List<String> notices = new ArrayList<>();
    /** The custodians' turns the engine told, as "WRITE_SHARE 2 card-2". */
    final List<String> turns = new ArrayList<>();
    final List<String> asked = new ArrayList<>();
    final List<String> pinsAskedFor = new ArrayList<>();
    /** "card-3 <- the notice shown last before its PIN was asked": what the person typing it had read. */
    final List<String> pinAskedAfter = new ArrayList<>();
    /** Every PIN handed out, with its holder: a test can see whether the caller has wiped it yet. */
    final List<Map.Entry<String, Pin>> pinsGiven = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> failures = new ArrayList<>();
    Runnable onFailure = () -> { };
    java.util.function.Consumer<Step> onShow = step -> { };
    private final java.util.Set<String> shown = new java.util.HashSet<>();

    /** Runs {@code arm} when step {@code stepId} is shown the first time (not on a retry). */
    RecordingPrompter atStep(String stepId, Runnable arm) {
        java.util.function.Consumer<Step> before = onShow;
        onShow = step -> {
            before.accept(step);
            if (step.id().equals(stepId) && shown.add(stepId)) {
                arm.run();
            }
        };
        return this;
    }

    RecordingPrompter(Prompter answers) {
        this.answers = answers;
    }

    @Override
    public boolean rehearsalOnly() {
        return answers.rehearsalOnly();
    }

    @Override
    public CeremonySetup setup(CeremonyScript script, boolean rehearsal) throws KeyCeremonyException {
        return answers.setup(script, rehearsal);
    }

    @Override
    public void show(Step step) {
        onShow.accept(step);
        answers.show(step);
    }

    @Override
    public synchronized void notice(String message) {
        notices.add(message);
        answers.notice(message);
    }

    @Override
    public synchronized void custodianTurn(org.keyceremony.ceremony.CustodianTurn turn) {
        turns.add(turn.phase() + " " + turn.custodian() + " " + turn.card());
        answers.custodianTurn(turn);
    }

    @Override
    public Confirmation confirm(Step step, Map<String, Object> facts) throws KeyCeremonyException {
        return answers.confirm(step, facts);
    }

    @Override
    public Confirmation acknowledge(Step step, org.keyceremony.ceremony.Participant who, int number, int of)
            throws KeyCeremonyException {
        return answers.acknowledge(step, who, number, of);
    }

    @Override
    public synchronized String value(Step step, String label) throws KeyCeremonyException {
        asked.add(step.id() + ": " + label);
        return answers.value(step, label);
    }

    /** "card-3=COUNT_LOW": the PIN state each PIN question carried, in order. */
    final List<String> pinStates = new ArrayList<>();

    @Override
    public synchronized Pin pin(Step step, String holder, org.keyceremony.ceremony.PinState state)
            throws KeyCeremonyException {
        pinStates.add(holder + "=" + state);
        return pin(step, holder);
    }

    @Override
    public synchronized Pin pin(Step step, String holder) throws KeyCeremonyException {
        pinsAskedFor.add(holder);
        pinAskedAfter.add(holder + " <- " + (notices.isEmpty() ? "" : notices.get(notices.size() - 1)));
        Pin pin = answers.pin(step, holder);
        pinsGiven.add(java.util.Map.entry(holder, pin));
        return pin;
    }

    @Override
    public FailureDecision onFailure(Step step, String error, int attempt) throws KeyCeremonyException {
        synchronized (this) {
            failures.add(step.id() + ": " + error);
        }
        onFailure.run();
        return answers.onFailure(step, error, attempt);
    }

    @Override
    public boolean approveRollback(List<RegisteredRollback> removals) throws KeyCeremonyException {
        return answers.approveRollback(removals);
    }

    @Override
    public RecoveryChoice chooseRecovery(RecoveryPlan plan) throws KeyCeremonyException {
        return answers.chooseRecovery(plan);
    }
}
