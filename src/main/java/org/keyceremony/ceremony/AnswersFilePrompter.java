package org.keyceremony.ceremony;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a rehearsal from a file instead of people (format in
 * {@code ceremony-scripts/rehearsal/README.md}). {@link #rehearsalOnly()}: the engine
 * refuses it for a real ceremony. A question the file does not answer stops the run with
 * the field to add.
 */
public final class AnswersFilePrompter implements Prompter {
    private static final Logger LOG = LoggerFactory.getLogger(AnswersFilePrompter.class);

    private final AnswersFile answers;
    private final String name;
    private final Map<String, Integer> valuesUsed = new HashMap<>();
    private final Map<String, Integer> failuresUsed = new HashMap<>();
    private final Map<String, Integer> pinsUsed = new HashMap<>();
    private CeremonySetup setup;

    private AnswersFilePrompter(AnswersFile answers, String name) {
        this.answers = answers;
        this.name = name;
    }

    /** Reads and checks {@code file}; every problem names its field. */
    public static AnswersFilePrompter read(Path file) throws InvalidInputException {
        return new AnswersFilePrompter(AnswersFile.read(file), file.getFileName().toString());
    }

    /** As {@link #read(Path)} from text; {@code name} is used in messages. */
    public static AnswersFilePrompter parse(String text, String name) throws InvalidInputException {
        return new AnswersFilePrompter(AnswersFile.parse(text, name), name);
    }

    @Override
    public boolean rehearsalOnly() {
        return true;
    }

    /**
     * The user PIN the rehearsal world's tokens are created with ({@code world.user-pin}),
     * if the file sets one; else the world's default.
     */
    public java.util.Optional<String> worldUserPin() {
        return java.util.Optional.ofNullable(answers.worldUserPin());
    }

    /** The SO PIN of the rehearsal world's tokens ({@code world.so-pin}), if the file sets one. */
    public java.util.Optional<String> worldSoPin() {
        return java.util.Optional.ofNullable(answers.worldSoPin());
    }

    /** What to do with an interrupted rehearsal ({@code recovery:}, default resume). */
    public RecoveryChoice recovery() {
        return answers.recovery();
    }

    @Override
    public List<String> unanswerable(CeremonyScript script, Map<Integer, String> cardsByCustodian, int from) {
        return AnswersCoverage.problems(answers, name, script, cardsByCustodian, from);
    }

    @Override
    public CeremonySetup setup(CeremonyScript script, boolean rehearsal) {
        setup = new CeremonySetup(answers.participants(), answers.location(), answers.timeZone());
        return setup;
    }

    @Override
    public void show(Step step) {
        LOG.info("step {}: {}", step.id(), step.title());
    }

    @Override
    public void notice(String message) {
        LOG.info("{}", message);
    }

    @Override
    public Confirmation confirm(Step step, Map<String, Object> facts) throws KeyCeremonyException {
        String initials = answers.confirmations().getOrDefault(step.id(), answers.defaultConfirmation());
        if (initials.equals("by-role")) {
            initials = setupOrFail().holding(step.confirmer()).stream().findFirst().map(Participant::initials)
                    .orElseThrow(() -> new InvalidInputException(name + ": nobody in participants holds the role "
                            + step.confirmer().yamlName() + " to confirm step " + step.id()));
        }
        return Confirmation.of(initials);
    }

    /**
     * With confirmations {@code by-role} (an unattended rehearsal), each person confirms with their
     * own initials; otherwise, as the file gives values for the step.
     */
    @Override
    public Confirmation acknowledge(Step step, Participant who, int number, int of) throws KeyCeremonyException {
        String initials = answers.confirmations().getOrDefault(step.id(), answers.defaultConfirmation());
        if (initials.equals("by-role")) {
            return Confirmation.of(who.initials());
        }
        return Prompter.super.acknowledge(step, who, number, of);
    }

    @Override
    public String value(Step step, String label) throws KeyCeremonyException {
        List<String> values = answers.values().get(step.id());
        int used = valuesUsed.getOrDefault(step.id(), 0);
        if (values == null || used >= values.size()) {
            throw new InvalidInputException(name + ": values.\"" + step.id() + "\" gives no " + (used == 0 ? "" : "further ")
                    + "value for step " + step.id() + " (" + label + "); add one");
        }
        valuesUsed.put(step.id(), used + 1);
        return values.get(used);
    }

    @Override
    public Pin pin(Step step, String holder) throws KeyCeremonyException {
        List<String> pins = answers.pins().get(holder);
        if (pins == null) {
            throw new InvalidInputException(name + ": pins." + holder + " is missing (step " + step.id() + " needs the PIN of "
                    + holder + ")");
        }
        int used = pinsUsed.merge(holder, 1, Integer::sum) - 1;
        return Pin.copyOf(pins.get(Math.min(used, pins.size() - 1)).toCharArray());
    }

    @Override
    public FailureDecision onFailure(Step step, String error, int attempt) throws KeyCeremonyException {
        List<String> planned = answers.failures().get(step.id());
        int used = failuresUsed.getOrDefault(step.id(), 0);
        String choice = planned != null && used < planned.size() ? planned.get(used) : answers.defaultFailure();
        failuresUsed.put(step.id(), used + 1);
        FailureDecision.Choice c = choice.equals("retry") ? FailureDecision.Choice.RETRY : FailureDecision.Choice.ABORT;
        return new FailureDecision(c, new Deviation("step " + step.id() + " (" + step.title() + ") completes",
                "attempt " + attempt + " failed: " + error,
                (c == FailureDecision.Choice.RETRY ? "retry" : "abort") + ", as planned in the rehearsal answers file " + name,
                setupOrFail().allInitials()));
    }

    @Override
    public boolean approveRollback(List<RegisteredRollback> removals) {
        return answers.approveRollback();
    }

    @Override
    public RecoveryChoice chooseRecovery(RecoveryPlan plan) {
        setup = plan.setup();
        return answers.recovery();
    }

    private CeremonySetup setupOrFail() throws InvalidInputException {
        if (setup == null) {
            setup = new CeremonySetup(answers.participants(), answers.location(), answers.timeZone());
        }
        return setup;
    }
}
