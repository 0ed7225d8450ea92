package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, cases 8 and 9: a terminal escape or a bidirectional control, in a script or in the name
 * of its file, never reaches the terminal raw from {@code script check}, {@code run --dry-run} or
 * {@code run}. (It used to clear the screen of whoever checked the script.)
 */
class TerminalSafetyCommandTest {
    private static final Path CARD_CHECK = Path.of("ceremony-scripts/card-check.yaml");
    private static final String ESC_CLEAR = "\u001b[2J";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        /** Everything printed: no code point a terminal acts on or that reorders text, line feeds aside. */
        Run printedNothingRaw() {
            assertThat(out + err).as("printed").satisfies(TerminalSafetyCommandTest::hasNoRawControls);
            return this;
        }
    }

    private static Run ceremony(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CeremonyCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Written independently of SafeTerminal: C0 and C1 controls but line feed and tab, DEL, format characters. */
    static void hasNoRawControls(String printed) {
        printed.codePoints().forEach(cp -> assertThat(cp == '\n' || cp == '\t'
                || !(cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || Character.getType(cp) == Character.FORMAT
                || cp == 0x2028 || cp == 0x2029)).as("U+%04X printed raw in: %s", cp, printed.replace("\u001b", "<ESC>"))
                .isTrue());
    }

    private Path cardCheckWithFirstStepTitle(String name, String yamlTitle) throws Exception {
        String text = Files.readString(CARD_CHECK);
        assertThat(text).contains("        title: Participants and roles\n");
        return Files.writeString(dir.resolve(name),
                text.replace("        title: Participants and roles\n", "        title: " + yamlTitle + "\n"));
    }

    @Test
    void scriptCheckRefusesAnEscapeInAStepTitleByItsFieldPathAndNeverPrintsIt() throws Exception {
        Path script = cardCheckWithFirstStepTitle("clear.yaml", "\"\\e[2JParticipants and roles\"");

        Run r = ceremony("script", "check", script.toString()).printedNothingRaw();

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo(script + ":32: acts[1].steps[1].title: character U+001B (ESCAPE) at position 1 is "
                + "not allowed: a control character (a terminal would act on it, and it prints as nothing)"
                + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void dryRunAndRunRefuseTheSameScriptBeforeAnythingStarts() throws Exception {
        Path script = cardCheckWithFirstStepTitle("clear.yaml", "\"\\e[2JParticipants and roles\"");
        Path answers = Files.writeString(dir.resolve("answers.yaml"), RunAndRecoverCommandTest.ANSWERS);
        Path out = dir.resolve("out");

        for (Run r : new Run[] {ceremony("run", script.toString(), "--dry-run"),
                ceremony("run", script.toString(), "--answers", answers.toString(), "--out", out.toString())}) {
            r.printedNothingRaw();
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).startsWith("ceremony: ceremony script " + script + " is not valid (")
                    .contains("acts[1].steps[1].title: character U+001B (ESCAPE) at position 1 is not allowed");
            assertThat(r.out()).isEmpty();
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void aRightToLeftOverrideInTheKeyLabelIsRefusedAndShownAsItsCodePoint() throws Exception {
        String text = Files.readString(Path.of("ceremony-scripts/root-key-generation.yaml"));
        assertThat(text).contains("    label: root-ca\n");
        Path script = Files.writeString(dir.resolve("rlo.yaml"), text.replace("    label: root-ca\n",
                "    label: \"root\u202Eac1\"\n"));

        Run r = ceremony("script", "check", script.toString()).printedNothingRaw();

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(":26: policy.key.label: character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 5 "
                + "is not allowed");
    }

    @Test
    void aFileNameWithATerminalEscapeIsPrintedEscapedByScriptCheckAndRun() throws Exception {
        Path valid = Files.copy(CARD_CHECK, dir.resolve("card" + ESC_CLEAR + "\u0007.yaml"));
        Path invalid = Files.writeString(dir.resolve("bad" + ESC_CLEAR + ".yaml"), "script: {}\n");
        Path missing = dir.resolve("gone" + ESC_CLEAR + ".yaml");
        String shownValid = dir + "/card\\u001b[2J\\u0007.yaml";

        Run check = ceremony("script", "check", valid.toString(), invalid.toString(), missing.toString())
                .printedNothingRaw();
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.out()).startsWith(shownValid + ": OK (card-check 1.0, card-check, ")
                .contains(dir + "/bad\\u001b[2J.yaml:1: ");
        assertThat(check.err()).isEqualTo("ceremony script check: " + dir + "/gone\\u001b[2J.yaml does not exist"
                + System.lineSeparator());

        Run run = ceremony("run", invalid.toString(), "--dry-run").printedNothingRaw();
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("ceremony: ceremony script " + dir + "/bad\\u001b[2J.yaml is not valid (");

        Run gone = ceremony("run", missing.toString(), "--dry-run").printedNothingRaw();
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("ceremony: " + dir + "/gone\\u001b[2J.yaml does not exist" + System.lineSeparator());
    }

    @Test
    void aFileNameWithABidiOverrideOrAC1ControlIsPrintedEscaped() throws Exception {
        assumeTrue(Charset.forName(System.getProperty("sun.jnu.encoding", "US-ASCII")).newEncoder().canEncode('\u202E'),
                "file names on this system cannot hold U+202E");
        Path valid = Files.copy(CARD_CHECK, dir.resolve("card-\u202Elmay.\u009b2J\u2066x"));

        Run check = ceremony("script", "check", valid.toString()).printedNothingRaw();

        assertThat(check.exit()).isZero();
        assertThat(check.out()).startsWith(dir + "/card-\\u202elmay.\\u009b2J\\u2066x: OK (card-check 1.0, ");
    }
}
