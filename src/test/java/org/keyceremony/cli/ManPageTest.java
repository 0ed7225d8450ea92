package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man page the .deb installs (packaging/linux/ceremony.1) describes the command line that
 * {@code ceremony --help} shows: every command that does something has its section, every long
 * option of it is named there, and no section describes a command that does not exist.
 */
class ManPageTest {
    private static final Path MAN_PAGE = Path.of("packaging/linux/ceremony.1");

    @Test
    void everyCommandAndLongOptionOfTheHelpIsInTheManPage() throws IOException {
        String page = Files.readString(MAN_PAGE);
        List<String> described = sections(page);

        List<CommandSpec> leaves = new ArrayList<>();
        collectLeaves(CeremonyCommand.commandLine().getCommandSpec(), leaves);
        assertThat(leaves).hasSizeGreaterThanOrEqualTo(6);
        List<String> names = leaves.stream().map(CommandSpec::qualifiedName).toList();
        assertThat(described).as("the man page's command sections, against the command line's commands")
                .containsAll(names);
        for (CommandSpec c : leaves) {
            String section = section(page, c.qualifiedName());
            assertThat(page).as("the synopsis names " + c.qualifiedName()).contains(".B " + c.qualifiedName() + "\n");
            for (OptionSpec o : c.options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue; // one "Options of every command" section
                }
                assertThat(section).as(c.qualifiedName() + " " + o.longestName() + " in its man page section")
                        .contains(roff(o.longestName()));
            }
        }
        assertThat(page).contains(roff("--help"), roff("--version"));
    }

    @Test
    void theManPageDescribesNoCommandThatDoesNotExist() throws IOException {
        List<CommandSpec> leaves = new ArrayList<>();
        collectLeaves(CeremonyCommand.commandLine().getCommandSpec(), leaves);
        List<String> commands = leaves.stream().map(CommandSpec::qualifiedName).toList();
        for (String s : sections(Files.readString(MAN_PAGE))) {
            if (s.startsWith("ceremony ")) {
                assertThat(commands).as("man page section \"" + s + "\"").contains(s);
            }
        }
    }

    private static void collectLeaves(CommandSpec spec, List<CommandSpec> out) {
        if (spec.subcommands().isEmpty()) {
            out.add(spec);
        }
        spec.subcommands().values().forEach(sub -> collectLeaves(sub.getCommandSpec(), out));
    }

    private static List<String> sections(String page) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\.SS \"([^\"]+)\"$").matcher(page);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String section(String page, String command) {
        int start = page.indexOf(".SS \"" + command + "\"\n");
        assertThat(start).as("section of " + command).isNotNegative();
        Matcher next = Pattern.compile("(?m)^\\.S[SH] ").matcher(page);
        int end = next.find(start + 4) ? next.start() : page.length();
        return page.substring(start, end);
    }

    /** An option name as roff writes it: every hyphen escaped, so that it prints as a minus a shell accepts. */
    private static String roff(String option) {
        return option.replace("-", "\\-");
    }
}
