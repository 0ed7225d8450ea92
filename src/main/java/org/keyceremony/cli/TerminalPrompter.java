package org.keyceremony.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Confirmation;
import org.keyceremony.ceremony.Deviation;
import org.keyceremony.ceremony.FailureDecision;
import org.keyceremony.ceremony.Participant;
import org.keyceremony.ceremony.Prompter;
import org.keyceremony.ceremony.RecoveryChoice;
import org.keyceremony.ceremony.RecoveryPlan;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.ceremony.StoppedAtTheTable;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Role;
import org.keyceremony.script.Step;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.secret.Pin;
import org.keyceremony.journal.Json;

/**
 * The people at the table, on a terminal. PINs are read through {@link Console#readPassword}
 * without echo; without a console (stdin redirected or piped) it refuses to read a PIN
 * rather than read it from wherever stdin comes from.
 */
final class TerminalPrompter implements Prompter {
    private final Console console;
    private final BufferedReader in;
    private final PrintWriter out;

    /** {@code console} may be null (no terminal); text is then read from {@code in}, PINs are refused. */
    TerminalPrompter(Console console, BufferedReader in, PrintWriter out) {
        this.console = console;
        this.in = in;
        this.out = out;
    }

    static TerminalPrompter onSystemTerminal(PrintWriter out) {
        Console c = System.console();
        return new TerminalPrompter(c, new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())), out);
    }

    @Override
    public CeremonySetup setup(CeremonyScript script, boolean rehearsal) throws KeyCeremonyException {
        out.println("Participants of " + script.metadata().name() + (rehearsal ? " (REHEARSAL)" : "") + ". Required: "
                + script.roles().entrySet().stream().map(e -> e.getKey().yamlName() + " " + e.getValue()).sorted().toList());
        List<Participant> people = new ArrayList<>();
        List<String> problems;
        do {
            enterParticipants(people);
            problems = new CeremonySetup(people, "", "UTC").problemsWith(script);
            if (!problems.isEmpty()) {
                out.println("Not yet: " + String.join("; ", problems) + ". Enter the missing participants"
                        + " (the list so far is kept).");
                if (people.stream().map(Participant::initials).distinct().count() != people.size()) {
                    out.println("Two participants share initials: the list is cleared; enter everyone again.");
                    people.clear();
                }
            }
        } while (!problems.isEmpty());
        String location = line("Location (site and room)").strip();
        String zone = line("Time zone for the transcript (empty: " + ZoneId.systemDefault() + ")").strip();
        if (zone.isEmpty()) {
            zone = ZoneId.systemDefault().getId();
        }
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidInputException("\"" + zone + "\" is not a time zone (e.g. Europe/Amsterdam, UTC)");
        }
        return new CeremonySetup(people, location, zone);
    }

    /** Adds participants to {@code people} until an empty name. */
    private void enterParticipants(List<Participant> people) throws KeyCeremonyException {
        while (true) {
            String name = line("Full name of the next participant (empty line when all are entered)").strip();
            if (name.isEmpty()) {
                break;
            }
            java.util.Optional<String> bad = org.keyceremony.script.TextRules.line(name, org.keyceremony.script.TextRules.NAME);
            if (bad.isPresent()) {
                out.println("The name " + bad.get() + "; enter it again.");
                continue;
            }
            String shown = org.keyceremony.script.TextRules.preview(name, 40);
            Role role = null;
            while (role == null) {
                String r = line("Role of " + shown + " (" + Role.allNames() + ")").strip();
                role = Arrays.stream(Role.values()).filter(x -> x.yamlName().equals(r)).findFirst().orElse(null);
            }
            String initials = line("Initials of " + shown).strip();
            try {
                people.add(new Participant(name, role, initials));
            } catch (IllegalArgumentException e) {
                out.println(e.getMessage() + "; enter " + shown + " again.");
            }
        }
    }

    @Override
    public void show(Step step) {
        out.println();
        out.println("== Step " + step.id() + ": " + step.title() + " ==");
        step.text().lines().forEach(l -> out.println("   " + l));
        out.println("   (acts: " + step.actor().yamlName() + "; confirms: " + step.confirmer().yamlName() + ")");
        out.flush();
    }

    @Override
    public void notice(String message) {
        out.println(message);
        out.flush();
    }

    @Override
    public Confirmation confirm(Step step, Map<String, Object> facts) throws KeyCeremonyException {
        facts.forEach((k, v) -> out.println("   " + k + ": " + (v instanceof String s ? s : Json.canonical(v))));
        String answer = line("Initials of the confirming " + step.confirmer().yamlName()
                + " (or '!' to record an exception first)").strip();
        if (answer.equals("!")) {
            Deviation d = deviation(step.title(), "");
            return new Confirmation(line("Initials of the confirming " + step.confirmer().yamlName()).strip(), Optional.of(d));
        }
        return Confirmation.of(answer);
    }

    @Override
    public String value(Step step, String label) throws KeyCeremonyException {
        return line(label);
    }

    /**
     * A question that needs an answer asks again on an empty line, as the wizard does: an Enter by
     * mistake never fails the step.
     */
    @Override
    public String value(Step step, String label, boolean emptyAllowed) throws KeyCeremonyException {
        String s = line(label);
        while (!emptyAllowed && s.isBlank()) {
            out.println("This question needs an answer.");
            s = line(label);
        }
        return s;
    }

    @Override
    public Pin pin(Step step, String holder) throws KeyCeremonyException {
        if (console == null) {
            throw new InvalidInputException("refusing to read the PIN of " + holder + ": standard input is not a terminal. "
                    + "Run 'ceremony run' on a terminal (a rehearsal may use --answers FILE).");
        }
        char[] pin = console.readPassword("PIN of %s (not shown): ", holder);
        if (pin == null) {
            // the people ended the input (Ctrl-D): a stop, not a wrong PIN or a refused card
            throw new StoppedAtTheTable("no PIN entered for " + holder + " (input ended). The "
                    + "ceremony stops here; continue it with 'ceremony recover'.", null);
        }
        return Pin.adopt(pin);
    }

    @Override
    public FailureDecision onFailure(Step step, String error, int attempt) throws KeyCeremonyException {
        out.println("Step " + step.id() + " FAILED (attempt " + attempt + "): " + error);
        String choice = "";
        while (!choice.equals("retry") && !choice.equals("abort")) {
            choice = line("Type 'retry' or 'abort'").strip().toLowerCase(Locale.ROOT);
        }
        FailureDecision.Choice c = choice.equals("retry") ? FailureDecision.Choice.RETRY : FailureDecision.Choice.ABORT;
        out.println("Exception record for this deviation:");
        return new FailureDecision(c, deviation("step " + step.id() + " (" + step.title() + ") completes",
                "attempt " + attempt + " failed: " + error));
    }

    private Deviation deviation(String expected, String happened) throws KeyCeremonyException {
        String exp = expected.isEmpty() ? line("What was expected") : expected;
        String hap = happened.isEmpty() ? line("What happened instead") : happened;
        String actions = line("Actions and decisions taken");
        List<String> initials = Arrays.stream(line("Initials of everyone present, separated by commas").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new Deviation(exp, hap, actions, initials);
    }

    @Override
    public boolean approveRollback(List<RegisteredRollback> removals) throws KeyCeremonyException {
        out.println("Aborting removes, in this order:");
        removals.forEach(r -> out.println("   - " + r.description() + " (created in step " + r.step() + ")"));
        return line("Type REMOVE to remove them now, anything else to leave them").strip().equals("REMOVE");
    }

    @Override
    public RecoveryChoice chooseRecovery(RecoveryPlan plan) throws KeyCeremonyException {
        out.println(plan.describe());
        if (!plan.canResume()) {
            return RecoveryChoice.ABORT;
        }
        if (!plan.canAbort()) {
            return RecoveryChoice.RESUME;
        }
        while (true) {
            String c = line("Type 'resume' or 'abort'").strip().toLowerCase(Locale.ROOT);
            if (c.equals("resume") || c.equals("abort")) {
                return RecoveryChoice.valueOf(c.toUpperCase(Locale.ROOT));
            }
        }
    }

    private String line(String prompt) throws KeyCeremonyException {
        out.print(prompt + ": ");
        out.flush();
        String s;
        if (console != null) {
            s = console.readLine();
        } else {
            try {
                s = in.readLine();
            } catch (IOException e) {
                throw new KeyCeremonyException("reading the answer failed: " + e.getMessage(), e);
            }
        }
        if (s == null) {
            throw new StoppedAtTheTable("input ended while asking: " + prompt
                    + ". The ceremony stops here; continue it with 'ceremony recover'.", null);
        }
        return s;
    }
}
