package org.keyceremony.ui.wizard;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.keyceremony.ceremony.RecoveryPlan;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.ui.common.Messages;

/**
 * An interrupted ceremony's recovery plan as the room reads it before choosing: where it stopped
 * (steps by number and title), then what Resume would do and what Abort would remove, each a
 * short list; the plan's full text (event count, final hash) stays behind a disclosure.
 *
 * @param facts  "Ceremony", "Last step completed", "Interrupted during", "Event log": label and value
 * @param resume what choosing Resume does, one line each, in order
 * @param abort  what choosing Abort removes, one line each, in order; or why it is not possible
 */
record RecoverySummary(List<Fact> facts, List<String> resume, List<String> abort) {
    record Fact(String label, String value) {
    }

    /** @param stepTitle "3.4" to "3.4 — Write the shares" (the id alone for a step the script does not have) */
    static RecoverySummary of(RecoveryPlan plan, String ceremonyName, UnaryOperator<String> stepTitle) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(Messages.get("wizard.recovery.ceremony"), ceremonyName + " \u00b7 " + plan.ceremonyId()
                + (plan.rehearsal() ? " " + Messages.get("wizard.recovery.rehearsal") : "")));
        facts.add(new Fact(Messages.get("wizard.recovery.lastDone"), plan.lastCompletedStep().isEmpty()
                ? Messages.get("wizard.recovery.noneDone") : stepTitle.apply(plan.lastCompletedStep())));
        if (!plan.interruptedStep().isEmpty()) {
            facts.add(new Fact(Messages.get("wizard.recovery.during"), stepTitle.apply(plan.interruptedStep())));
        }
        facts.add(new Fact(Messages.get("wizard.recovery.log"), Messages.get("wizard.recovery.events", plan.events())
                + (plan.tornTail() ? " " + Messages.get("wizard.recovery.torn") : "")));

        List<String> resume = new ArrayList<>();
        if (!plan.canResume()) {
            resume.add(Messages.get("wizard.recovery.resume.aborting"));
        } else {
            if (plan.resumeStep().isEmpty()) {
                resume.add(Messages.get("wizard.recovery.resume.close"));
            } else {
                resume.add(Messages.get("wizard.recovery.resume.from", stepTitle.apply(plan.resumeStep())));
            }
            if (!plan.lostMemory().isEmpty()) {
                resume.add(Messages.get("wizard.recovery.resume.lost",
                        String.join(", ", plan.lostMemory().stream().map(RecoverySummary::inWords).toList())));
            }
            if (!plan.replaySteps().isEmpty()) {
                resume.add(Messages.get("wizard.recovery.resume.login",
                        String.join(", ", plan.replaySteps().stream().map(stepTitle).toList())));
            }
            for (RegisteredRollback r : plan.redoRemovals()) {
                resume.add(Messages.get("wizard.recovery.resume.removed", r.description(), r.step()));
            }
            if (!plan.signedTranscript().isEmpty()) {
                resume.add(Messages.get("wizard.recovery.resume.transcript"));
            }
        }
        List<String> abort = new ArrayList<>();
        if (!plan.canAbort()) {
            abort.add(Messages.get("wizard.recovery.abort.impossible"));
        } else if (plan.pendingRemovals().isEmpty()) {
            abort.add(Messages.get("wizard.recovery.abort.nothing"));
        } else {
            for (RegisteredRollback r : plan.pendingRemovals()) {
                abort.add(Messages.get("wizard.recovery.abort.removes", capitalised(r.description()), r.step()));
            }
        }
        return new RecoverySummary(List.copyOf(facts), List.copyOf(resume), List.copyOf(abort));
    }

    /** A secret held only in memory ({@code kwk}) as people say it ("the key-wrapping key"); an unknown name as it is. */
    static String inWords(String memoryName) {
        String key = "wizard.recovery.memory." + memoryName;
        return Messages.bundle().containsKey(key) ? Messages.get(key) : memoryName;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
