package org.keyceremony.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.keyceremony.ceremony.ActionRegistry;
import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Engine;
import org.keyceremony.ceremony.Prompter;
import org.keyceremony.ceremony.Recovery;
import org.keyceremony.ceremony.RecoveryChoice;
import org.keyceremony.ceremony.RecoveryPlan;
import org.keyceremony.ceremony.actions.RootCeremonyActions;
import org.keyceremony.ceremony.actions.UnsignedTranscripts;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
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
        CeremonyScript script = CeremonyScripts.parse(dir.resolve(Engine.SCRIPT_COPY));
        RecoveryPlan plan = Recovery.assess(dir, script);
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
        ActionRegistry registry = world != null
                ? RootCeremonyActions.registry(RehearsalSetup.environment(world))
                : RootCeremonyActions.registry(where.environment(where.resolveModule()));
        Prompter prompter = answers != null ? AnswersFilePrompter.read(answers) : TerminalPrompter.onSystemTerminal(o);
        RecoveryChoice forced = choice == null ? null : choice.resume ? RecoveryChoice.RESUME : RecoveryChoice.ABORT;
        RecoveryChoice[] chosen = new RecoveryChoice[1];
        // The engine locks the folder and the ceremony, reads the log again and asks for the choice
        // with that plan; the choice is carried out under the same lock.
        Engine engine = new Engine(registry, prompter, Clock.systemUTC(), new ProgressPrinter(o));
        CeremonyResult result = engine.recover(script, dir, now -> {
            if (forced != null || answers != null) {
                o.println(now.describe());
                o.flush();
            }
            chosen[0] = forced != null ? forced : prompter.chooseRecovery(now);
            return chosen[0];
        });
        RecoveryChoice what = chosen[0];
        UnsignedTranscripts.writeIfUnsigned(script, dir, result).ifPresent(t -> o.println("Transcript (UNSIGNED: this "
                + "ceremony had no HSM; it says so on every page): " + t.toAbsolutePath()));
        return CeremonyOutcomeReport.print(o, result, what == RecoveryChoice.RESUME
                ? CeremonyResult.Outcome.COMPLETED : CeremonyResult.Outcome.ABORTED);
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
