package org.keyceremony.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ceremony} command and its subcommands (DESIGN.md, "Command line"). */
@Command(name = "ceremony",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "KeyCeremony: HSM-backed key ceremonies with M-of-N backups on custodian cards "
                + "and signed PDF/A transcripts.%nWithout a command, the graphical wizard opens.",
        subcommands = {RehearseCommand.class, RunCommand.class, RecoverCommand.class, VerifyCommand.class,
                ScriptCommand.class, HsmCommand.class})
public final class CeremonyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the process exit code (0 ok, 1 failure, 2 usage). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, writing to the given streams (tests, embedding). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new CeremonyCommand());
        // Whatever a script, a name or a file says, no control or bidirectional character reaches the terminal.
        cl.setOut(SafeTerminal.wrap(out));
        cl.setErr(SafeTerminal.wrap(err));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("ceremony: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cl.execute(args);
    }
}
