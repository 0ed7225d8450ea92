package org.keyceremony.cli;

import java.io.PrintWriter;
import java.util.List;

import org.keyceremony.base.ProgramCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ceremony} command and its subcommands (DESIGN.md, "Command line"). */
@Command(name = "ceremony",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "KeyCeremony: HSM-backed key ceremonies with M-of-N backups on custodian cards "
                + "and signed PDF/A transcripts.%nWithout a command, the graphical wizard opens.")
public final class CeremonyCommand implements Runnable {
    /** The subcommands' names, in the order the usage lists them (see {@link #subcommand}). */
    static final List<String> SUBCOMMANDS = List.of("rehearse", "run", "recover", "verify", "status", "script", "hsm");

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
        CommandLine cl = commandLine(args);
        // Usage lines and "Try '… --help'" name the program as it can be run from here (ProgramCommand).
        cl.setCommandName(ProgramCommand.current());
        // Whatever a script, a name or a file says, no control or bidirectional character reaches the terminal.
        cl.setOut(SafeTerminal.wrap(out));
        cl.setErr(SafeTerminal.wrap(err));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        // An auditor runs 'ceremony verify *.pdf': a file named -V.pdf or -h.pdf must be verified as a
        // file, not taken for an option
        // (see fileNamesAsFiles); only exact option names are options there.
        if (cl.getSubcommands().containsKey("verify")) {
            cl.getSubcommands().get("verify").setPosixClusteredShortOptionsAllowed(false);
        }
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("ceremony: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cl.execute(fileNamesAsFiles(args));
    }

    /**
     * The command line for these arguments: when the first names a subcommand, with that one only,
     * else with all of them (the usage, an unknown command). Picocli reads every registered
     * command's annotations, fields and types by reflection before it parses anything: all seven
     * cost about 70 ms more than one on every start (a fifth of what {@code ceremony --help} takes
     * beyond a bare JVM), and a subcommand's options, usage and behaviour are its own either way.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new CeremonyCommand());
        boolean one = args.length > 0 && SUBCOMMANDS.contains(args[0]);
        for (String name : one ? List.of(args[0]) : SUBCOMMANDS) {
            cl.addSubcommand(name, subcommand(name));
        }
        return cl;
    }

    private static Object subcommand(String name) {
        return switch (name) {
            case "rehearse" -> new RehearseCommand();
            case "run" -> new RunCommand();
            case "recover" -> new RecoverCommand();
            case "verify" -> new VerifyCommand();
            case "status" -> new StatusCommand();
            case "script" -> new ScriptCommand();
            case "hsm" -> new HsmCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    /**
     * After {@code verify}, an argument that starts with '-' but is not exactly one of its
     * options (nor an option's value) is a file an auditor's shell expanded, such as
     * {@code -h.pdf}: it is handed on as {@code ./-h.pdf}, the same file, so that the option parser
     * cannot take it for an option and no such file ends the run unverified.
     */
    static String[] fileNamesAsFiles(String... args) {
        String[] out = args.clone();
        int verify = java.util.Arrays.asList(args).indexOf("verify");
        if (verify < 0 || java.util.Arrays.asList(args).subList(0, verify).stream().anyMatch(a -> !a.startsWith("-"))) {
            return out;
        }
        java.util.Set<String> flags = java.util.Set.of("-h", "--help", "--json");
        java.util.Set<String> withValue = java.util.Set.of("--expect-fingerprint", "--expect-final-hash",
                "--expect-ceremony");
        for (int i = verify + 1; i < out.length; i++) {
            String a = out[i];
            if (a.equals("--")) {
                break;
            }
            if (withValue.contains(a)) {
                i++; // its value
            } else if (a.startsWith("-") && !flags.contains(a)
                    && withValue.stream().noneMatch(o -> a.startsWith(o + "="))) {
                out[i] = "./" + a;
            }
        }
        return out;
    }
}
