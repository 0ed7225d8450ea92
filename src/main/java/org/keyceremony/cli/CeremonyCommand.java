package org.keyceremony.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ceremony} command and its subcommands (DESIGN.md, "Command line"). */
@Command(name = "ceremony",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "KeyCeremony: HSM-backed key ceremonies with M-of-N backups on custodian cards "
                + "and signed PDF/A transcripts.%nWithout a command, the graphical wizard opens.",
        subcommands = {HsmCommand.class, VerifyCommand.class})
public final class CeremonyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and returns the process exit code (0 ok, 1 failure, 2 usage). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new CeremonyCommand());
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
