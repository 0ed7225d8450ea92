package org.keyceremony.ui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keyceremony.base.KeyCeremonyException;

/** Opening and printing a transcript on a Debian desktop, and the clear refusal where it cannot be done. */
class SystemDocumentsTest {
    private static final Path PDF = Path.of("/media/audit/transcript-1.pdf");

    /** A desktop with the programs {@code present}, answering each command from {@code answers} (by program name). */
    static final class FakeDesktop implements SystemDocuments.Commands {
        final Set<String> present;
        final Map<String, SystemDocuments.Result> answers;
        final List<List<String>> ran = new ArrayList<>();

        FakeDesktop(Set<String> present, Map<String, SystemDocuments.Result> answers) {
            this.present = present;
            this.answers = answers;
        }

        @Override
        public Optional<Path> find(String name) {
            return present.contains(name) ? Optional.of(Path.of("/usr/bin", name)) : Optional.empty();
        }

        @Override
        public SystemDocuments.Result run(List<String> command) {
            ran.add(command);
            String program = Path.of(command.get(0)).getFileName() + (command.size() > 1 && command.get(1).startsWith("-")
                    && command.get(0).endsWith("lpstat") ? " " + command.get(1) : "");
            return answers.getOrDefault(program, new SystemDocuments.Result(0, ""));
        }
    }

    @Test
    void opensThePdfWithXdgOpen() throws Exception {
        FakeDesktop d = new FakeDesktop(Set.of("xdg-open"), Map.of());
        new SystemDocuments(d).open(PDF);
        assertThat(d.ran).containsExactly(List.of("/usr/bin/xdg-open", PDF.toString()));
    }

    @Test
    void withoutXdgOpenSaysHowToGetAViewer() {
        assertThatThrownBy(() -> new SystemDocuments(new FakeDesktop(Set.of(), Map.of())).open(PDF))
                .isInstanceOf(KeyCeremonyException.class)
                .hasMessage("No PDF viewer can be started here: the desktop's 'xdg-open' is missing (Debian: apt-get "
                        + "install xdg-utils). The file is " + PDF + ".");
    }

    @Test
    void printsTheFileOnTheDefaultPrinterAndSaysTheRequestId() throws Exception {
        FakeDesktop d = new FakeDesktop(Set.of("lp", "lpstat"), Map.of(
                "lpstat -d", new SystemDocuments.Result(0, "system default destination: Office"),
                "lp", new SystemDocuments.Result(0, "request id is Office-12 (1 file(s))")));

        String said = new SystemDocuments(d).print(PDF);

        assertThat(d.ran).contains(List.of("/usr/bin/lp", "--", PDF.toString()));
        assertThat(said).isEqualTo("transcript-1.pdf was sent to the printer (request id is Office-12 (1 file(s))). "
                + "Collect the pages from the printer.");
    }

    @Test
    void theOnlyPrinterIsUsedWhenNoneIsTheDefault() throws Exception {
        FakeDesktop d = new FakeDesktop(Set.of("lp", "lpstat"), Map.of(
                "lpstat -d", new SystemDocuments.Result(0, "no system default destination"),
                "lpstat -a", new SystemDocuments.Result(0, "Laser accepting requests since Fri 04 Dec 2026")));
        new SystemDocuments(d).print(PDF);
        assertThat(d.ran).contains(List.of("/usr/bin/lp", "-d", "Laser", "--", PDF.toString()));
    }

    @Test
    void withoutAPrinterOrAPrintSystemNothingIsSentAndTheMessageSaysWhatToDo() {
        FakeDesktop none = new FakeDesktop(Set.of("lp", "lpstat"), Map.of(
                "lpstat -d", new SystemDocuments.Result(0, "no system default destination"),
                "lpstat -a", new SystemDocuments.Result(1, "lpstat: No destinations added.")));
        assertThatThrownBy(() -> new SystemDocuments(none).print(PDF))
                .hasMessageStartingWith("No printer is set up on this computer, so " + PDF + " was not printed.");
        assertThat(none.ran).noneMatch(c -> c.get(0).endsWith("/lp"));

        assertThatThrownBy(() -> new SystemDocuments(new FakeDesktop(Set.of("xdg-open"), Map.of())).print(PDF))
                .hasMessageStartingWith("This computer has no print system: the command 'lp' (CUPS) is missing.");

        FakeDesktop two = new FakeDesktop(Set.of("lp", "lpstat"), Map.of(
                "lpstat -d", new SystemDocuments.Result(0, "no system default destination"),
                "lpstat -a", new SystemDocuments.Result(0, "A accepting requests since x\nB accepting requests since y")));
        assertThatThrownBy(() -> new SystemDocuments(two).print(PDF))
                .hasMessageStartingWith("Several printers are set up (A, B) and none is the default");
    }

    @Test
    void aRefusedPrintJobIsReportedWithTheServicesWords() {
        FakeDesktop d = new FakeDesktop(Set.of("lp"), Map.of(
                "lp", new SystemDocuments.Result(1, "lp: Error - The printer or class does not exist.")));
        assertThatThrownBy(() -> new SystemDocuments(d).print(PDF))
                .hasMessage("The print service refused " + PDF + ": lp: Error - The printer or class does not exist. "
                        + "(lp exit 1). Check the printer, then print again.");
    }
}
