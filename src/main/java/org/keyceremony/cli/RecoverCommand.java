package org.keyceremony.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.CeremonyEnding;
import org.keyceremony.ceremony.Ceremonies;
import org.keyceremony.ceremony.Prompter;
import org.keyceremony.ceremony.RecoveryChoice;
import org.keyceremony.ceremony.RecoveryPlan;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.base.KeyCeremonyException;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ceremony recover DIR [--resume | --abort] [--answers FILE] [--module LIB]}. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = {"Resume or abort an interrupted ceremony (an event log without its closing event).",
            "Shows where it stopped, what was lost with the process, and what each choice does."})
final class RecoverCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The ceremony's output directory.")
    Path dir;

    @ArgGroup(exclusive = true)
    Choice choice;

    static final class Choice {
        @Option(names = "--resume", description = "Resume from the last safe point without asking.")
        boolean resume;

        @Option(names = "--abort", description = "Abort and remove what the ceremony created, without asking which.")
        boolean abort;
    }

    @Option(names = "--answers", paramLabel = "FILE", description = "Rehearsal answers file (rehearsals only).")
    Path answers;

    @CommandLine.Mixin
    EnvironmentOptions where = new EnvironmentOptions();

    @Override
    public Integer call() throws KeyCeremonyException {
        PrintWriter o = spec.commandLine().getOut();
        CeremonyScript script = Ceremonies.interruptedScript(dir);
        RecoveryPlan plan = Ceremonies.assess(script, dir);
        Optional<RehearsalWorld> world = plan.rehearsal() ? rehearsalWorld(dir) : Optional.empty();
        if (world.isEmpty()) {
            return recover(o, script, null);
        }
        // A rehearsal's recovery holds its world, as the rehearsal did: no other rehearsal works in it meanwhile.
        try (RehearsalWorld.Held lock = RehearsalWorld.lock(world.get().workspace())) {
            if (!world.get().isActiveInThisProcess()) {
                return inChild(world.get());
            }
            return recover(o, script, world.get());
        }
    }

    private Integer recover(PrintWriter o, CeremonyScript script, RehearsalWorld world) throws KeyCeremonyException {
        // A rehearsal is recovered with the same handlers as 'rehearse' ran it with: its
        // rollbacks erase the dead share set's cards and destroy the HSM objects it made.
        // A real ceremony is recovered with the HSM, cards and media given as to 'run'.
        Ceremonies ceremonies = Ceremonies.in(world != null ? RehearsalSetup.environment(world)
                : where.environment(where.resolveModule()), Clock.systemUTC());
        Prompter prompter = answers != null ? AnswersFilePrompter.read(answers) : TerminalPrompter.onSystemTerminal(o);
        Optional<RecoveryChoice> forced = choice == null ? Optional.empty()
                : Optional.of(choice.resume ? RecoveryChoice.RESUME : RecoveryChoice.ABORT);
        // The door locks the folder and the ceremony, reads the log again and makes the choice with
        // that plan; the choice is carried out under the same lock. Nobody at this terminal is asked
        // when the choice was given or an answers file makes it: the plan is printed for the record.
        CeremonyEnding end = ceremonies.recover(script, dir, prompter, new ProgressPrinter(o), forced, now -> {
            if (forced.isPresent() || answers != null) {
                o.println(now.describe());
                o.flush();
            }
        });
        CeremonyOutcomeReport.unsignedTranscript(o, end);
        return CeremonyOutcomeReport.print(o, end);
    }

    /** The rehearsal world whose transcripts folder holds {@code ceremonyDir}, if it is one. */
    static Optional<RehearsalWorld> rehearsalWorld(Path ceremonyDir) throws KeyCeremonyException {
        for (Path p = ceremonyDir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (RehearsalWorld.exists(p)) {
                return Optional.of(RehearsalWorld.open(p));
            }
        }
        return Optional.empty();
    }

    /** SoftHSM2 reads SOFTHSM2_CONF only from the environment: recover in a child JVM that has the world's. */
    private Integer inChild(RehearsalWorld world) throws KeyCeremonyException {
        List<String> args = new ArrayList<>(List.of("recover", dir.toAbsolutePath().toString()));
        if (answers != null) {
            args.addAll(List.of("--answers", answers.toAbsolutePath().toString()));
        }
        if (choice != null) {
            args.add(choice.resume ? "--resume" : "--abort");
        }
        spec.commandLine().getOut().flush();
        try {
            return world.childJvm(args).start().waitFor();
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot start the recovery process: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyCeremonyException("Interrupted while the recovery ran.", e);
        }
    }
}
