package org.keyceremony.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.script.ScriptError;
import org.keyceremony.script.ScriptException;
import org.keyceremony.base.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ceremony script …}: work with ceremony scripts before a ceremony. */
@Command(name = "script", mixinStandardHelpOptions = true, description = "Check ceremony scripts.",
        subcommands = {ScriptCommand.Check.class})
final class ScriptCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /**
     * {@code ceremony script check SCRIPT…}: every error of every file as
     * {@code FILE:LINE: path: message}, or {@code FILE: OK (…)}. Exit 0 all valid, 1 any
     * invalid, 2 a file could not be read.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Parse and validate ceremony scripts; print every error with its line and field path.%n"
                    + "Exit status: 0 all valid, 1 any invalid, 2 a file could not be read.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "SCRIPT", description = "Script files to check.")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int exit = 0;
            for (Path file : files) {
                try {
                    CeremonyScript script = CeremonyScripts.parse(file);
                    List<String> refused = org.keyceremony.ceremony.Ceremonies.refusalsBeforeStart(script);
                    if (!refused.isEmpty()) {
                        refused.forEach(r -> out.println(file + ": " + r));
                        exit = Math.max(exit, 1);
                        continue;
                    }
                    out.println(file + ": OK (" + script.metadata().name() + " " + script.metadata().version() + ", "
                            + script.metadata().kind().yamlName() + ", " + script.steps().size() + " steps, sha256 "
                            + script.sha256Hex() + ")");
                } catch (ScriptException e) {
                    for (ScriptError error : e.errors()) {
                        out.println(error.describe(file.toString()));
                    }
                    exit = Math.max(exit, 1);
                } catch (InvalidInputException e) {
                    err.println("ceremony script check: " + e.getMessage());
                    exit = 2;
                } catch (org.keyceremony.base.KeyCeremonyException e) {
                    err.println("ceremony script check: " + file + ": " + e.getMessage());
                    exit = 2;
                }
            }
            out.flush();
            err.flush();
            return exit;
        }
    }
}
