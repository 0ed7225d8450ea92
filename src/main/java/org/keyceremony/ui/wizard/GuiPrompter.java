package org.keyceremony.ui.wizard;

import java.util.List;
import java.util.Map;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Confirmation;
import org.keyceremony.ceremony.CustodianTurn;
import org.keyceremony.ceremony.FailureDecision;
import org.keyceremony.ceremony.PinState;
import org.keyceremony.ceremony.Prompter;
import org.keyceremony.ceremony.RecoveryChoice;
import org.keyceremony.ceremony.RecoveryPlan;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;
import org.keyceremony.ui.common.AnswerBridge;

/**
 * The engine's {@link Prompter} for the wizard. Called on the engine's worker thread: each
 * question becomes a {@link PromptRequest} handed to the {@link WizardViewModel} on the UI
 * thread, and the worker waits (through the {@link AnswerBridge}) until people answer.
 */
public final class GuiPrompter implements Prompter {
    private final AnswerBridge bridge;
    private final WizardViewModel wizard;
    private volatile String lastNotice = "";

    public GuiPrompter(AnswerBridge bridge, WizardViewModel wizard) {
        this.bridge = bridge;
        this.wizard = wizard;
    }

    @Override
    public CeremonySetup setup(CeremonyScript script, boolean rehearsal) throws KeyCeremonyException {
        return bridge.ask(f -> wizard.post(new PromptRequest.Setup(script, rehearsal, f)));
    }

    @Override
    public void show(Step step) {
        lastNotice = "";
        bridge.tell(() -> wizard.stepBegins(step));
    }

    @Override
    public void notice(String message) {
        lastNotice = message;
        bridge.tell(() -> wizard.notice(message));
    }

    @Override
    public void shareVerified(org.keyceremony.ceremony.ShareVerified verified) throws KeyCeremonyException {
        bridge.<Boolean>ask(f -> {
            wizard.shareVerified(verified);
            wizard.post(new PromptRequest.CardBack(verified, f));
        });
    }

    @Override
    public void custodianTurn(CustodianTurn turn) {
        bridge.tell(() -> wizard.custodianTurn(turn));
    }

    @Override
    public Confirmation confirm(Step step, Map<String, Object> facts) throws KeyCeremonyException {
        return bridge.ask(f -> wizard.post(new PromptRequest.Confirm(step, facts, f)));
    }

    @Override
    public Confirmation acknowledge(Step step, org.keyceremony.ceremony.Participant who, int number, int of)
            throws KeyCeremonyException {
        return bridge.ask(f -> wizard.post(new PromptRequest.Acknowledge(step, who, number, of, f)));
    }

    @Override
    public String value(Step step, String label) throws KeyCeremonyException {
        return value(step, label, false);
    }

    @Override
    public String value(Step step, String label, boolean emptyAllowed) throws KeyCeremonyException {
        return bridge.ask(f -> wizard.post(new PromptRequest.Value(step, label, emptyAllowed, f)));
    }

    @Override
    public Pin pin(Step step, String holder) throws KeyCeremonyException {
        return pin(step, holder, PinState.UNKNOWN);
    }

    @Override
    public Pin pin(Step step, String holder, PinState state) throws KeyCeremonyException {
        String prompt = lastNotice;
        return bridge.ask(f -> wizard.post(new PromptRequest.PinEntry(step, holder, prompt, state, f)));
    }

    @Override
    public FailureDecision onFailure(Step step, String error, int attempt) throws KeyCeremonyException {
        return bridge.ask(f -> wizard.post(new PromptRequest.Failure(step, error, attempt, f)));
    }

    @Override
    public boolean approveRollback(List<RegisteredRollback> removals) throws KeyCeremonyException {
        return bridge.ask(f -> wizard.post(new PromptRequest.Rollback(removals, f)));
    }

    @Override
    public RecoveryChoice chooseRecovery(RecoveryPlan plan) throws KeyCeremonyException {
        return bridge.ask(f -> wizard.post(new PromptRequest.Recovery(plan, f)));
    }
}
