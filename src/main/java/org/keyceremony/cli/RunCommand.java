package org.keyceremony.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.CeremonyEnding;
import org.keyceremony.ceremony.Ceremonies;
import org.keyceremony.ceremony.Prompter;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.base.KeyCeremonyException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ceremony run SCRIPT [--module LIB] [--hsm TOKEN] … [--answers FILE] [--out DIR] [--dry-run]}: the headless runner. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a ceremony script on the terminal, or print its plan with --dry-run.",
            "Without --answers the people at the table answer on this terminal (PINs without echo).",
            "With --answers FILE the run is a REHEARSAL answered from that file."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "The approved ceremony script (YAML).")
    Path script;

    @CommandLine.Mixin
    EnvironmentOptions where = new EnvironmentOptions();

    @Option(names = "--answers", paramLabel = "FILE", description = "Rehearsal answers file (rehearsals only).")
    Path answers;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory for the event log and outputs (default: ./ceremony-NAME-UTCTIME).")
    Path out;

    @Option(names = "--dry-run", description = "Validate and print every step, what it asks for and creates; "
            + "opens no PKCS#11 session and writes nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws KeyCeremonyException {
        PrintWriter o = spec.commandLine().getOut();
        CeremonyScript s = CeremonyScripts.parse(script);
        Ceremonies ceremonies = dryRun ? Ceremonies.in(where.environment(Path.of("(module)")), Clock.systemUTC())
                : Ceremonies.in(where.environment(where.resolveModule()), Clock.systemUTC());
        if (dryRun) {
            o.print(ceremonies.plan(s).render());
            o.flush();
            return 0;
        }
        // Before asking anyone anything: a build that cannot do every step refuses now.
        ceremonies.refuseUnsupported(s);
        Prompter prompter = answers != null ? AnswersFilePrompter.read(answers) : TerminalPrompter.onSystemTerminal(o);
        Path dir = out != null ? out : Path.of("ceremony-" + s.metadata().name() + "-"
                + DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Clock.systemUTC().instant()));
        if (answers != null) {
            o.println("REHEARSAL: answered from " + answers);
        }
        o.println("Output directory: " + dir.toAbsolutePath());
        o.flush();
        CeremonyEnding end = ceremonies.run(s, dir, answers != null, prompter, new ProgressPrinter(o));
        CeremonyOutcomeReport.unsignedTranscript(o, end);
        return CeremonyOutcomeReport.print(o, end);
    }
}
