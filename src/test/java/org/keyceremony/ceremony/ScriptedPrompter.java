package org.keyceremony.ceremony;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;

/** A prompter whose answers the test sets: the witness confirms, PIN 1234, failures retried unless told otherwise. */
class ScriptedPrompter implements Prompter {
    final Deque<FailureDecision.Choice> failureChoices = new ArrayDeque<>();
    final List<String> shown = new ArrayList<>();
    final List<String> notices = new ArrayList<>();
    boolean approveRollback = true;
    RecoveryChoice recovery = RecoveryChoice.RESUME;
    String confirmInitials = "WW";
    String pin = "1234";
    final Deque<String> pins = new ArrayDeque<>();

    @Override
    public CeremonySetup setup(CeremonyScript script, boolean rehearsal) {
        return TestScripts.setup();
    }

    @Override
    public void show(Step step) {
        shown.add(step.id());
    }

    @Override
    public void notice(String message) {
        notices.add(message);
    }

    @Override
    public Confirmation confirm(Step step, Map<String, Object> facts) {
        return Confirmation.of(confirmInitials);
    }

    @Override
    public Confirmation acknowledge(Step step, Participant who, int number, int of) {
        return Confirmation.of(who.initials());
    }

    @Override
    public String value(Step step, String label) {
        return "BAG-" + step.id();
    }

    @Override
    public Pin pin(Step step, String holder) throws KeyCeremonyException {
        return Pin.copyOf((pins.isEmpty() ? pin : pins.poll()).toCharArray());
    }

    @Override
    public FailureDecision onFailure(Step step, String error, int attempt) throws KeyCeremonyException {
        FailureDecision.Choice c = failureChoices.isEmpty() ? FailureDecision.Choice.RETRY : failureChoices.poll();
        return new FailureDecision(c, new Deviation("step " + step.id() + " succeeds", error,
                c == FailureDecision.Choice.RETRY ? "retried" : "aborted", List.of("AA", "WW")));
    }

    @Override
    public boolean approveRollback(List<RegisteredRollback> removals) {
        return approveRollback;
    }

    @Override
    public RecoveryChoice chooseRecovery(RecoveryPlan plan) throws KeyCeremonyException {
        return recovery;
    }
}
