package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line is built with only the subcommand that is run (picocli reflects over every
 * command it is given before parsing): that subcommand must be exactly what the full command
 * line has, and everything else still sees all of them.
 */
class CeremonyCommandTest {

    @Test
    void withoutASubcommandFirstEverySubcommandIsThereInTheUsageOrder() {
        for (String[] args : new String[][] {{}, {"--help"}, {"-V"}, {"frobnicate"}, {"--", "verify"}}) {
            assertThat(CeremonyCommand.commandLine(args).getSubcommands().keySet()).as(String.join(" ", args))
                    .containsExactlyElementsOf(CeremonyCommand.SUBCOMMANDS);
        }
        String usage = CeremonyCommand.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String name : CeremonyCommand.SUBCOMMANDS) {
            assertThat(usage).contains("  " + name + " ");
        }
    }

    @Test
    void aSubcommandRunAloneIsTheSameCommandAsInTheFullCommandLine() {
        CommandLine full = CeremonyCommand.commandLine();
        for (String name : CeremonyCommand.SUBCOMMANDS) {
            CommandLine alone = CeremonyCommand.commandLine(name, "--help");
            assertThat(alone.getSubcommands().keySet()).containsExactly(name);
            CommandLine sub = alone.getSubcommands().get(name);
            assertThat(sub.getCommandSpec().name()).as("the @Command name of " + name).isEqualTo(name);
            assertThat(sub.getUsageMessage(CommandLine.Help.Ansi.OFF))
                    .isEqualTo(full.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF));
            assertThat(sub.getSubcommands().keySet())
                    .containsExactlyElementsOf(full.getSubcommands().get(name).getSubcommands().keySet());
        }
    }

    @Test
    void theUsageAndAnUnknownCommandBehaveAsBefore() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(CeremonyCommand.execute(new PrintWriter(out), new PrintWriter(err), "verify", "--help")).isZero();
        assertThat(out.toString()).contains("verify").contains("--expect-fingerprint");
        out.getBuffer().setLength(0);
        assertThat(CeremonyCommand.execute(new PrintWriter(out), new PrintWriter(err), "frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate").contains("--help");
        assertThat(CeremonyCommand.execute(new PrintWriter(out), new PrintWriter(err), "--help")).isZero();
        assertThat(out.toString()).contains("rehearse").contains("verify").contains("hsm");
    }
}
