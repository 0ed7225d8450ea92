package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, case 13: one size limit for a script, with one message and one exit status whatever
 * the size (a 600 KiB script exited 1 saying "512 KiB", one over 1 MiB exited 2 saying "1024 KiB").
 */
class ScriptSizeCommandTest {
    private static final String TOO_LARGE = ":1: the file is larger than 512 KiB; a ceremony script is a few hundred lines";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run ceremony(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CeremonyCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A valid script padded with a comment to {@code kib} KiB. */
    private Path scriptOf(int kib) throws Exception {
        byte[] script = Files.readAllBytes(Path.of("ceremony-scripts/card-check.yaml"));
        StringBuilder padded = new StringBuilder(new String(script, StandardCharsets.UTF_8));
        while (padded.length() < kib * 1024) {
            padded.append("# padding").append(" ".repeat(69)).append('\n');
        }
        padded.setLength(kib * 1024);
        return Files.writeString(dir.resolve(kib + "k.yaml"), padded, StandardCharsets.US_ASCII);
    }

    @Test
    void scriptCheckRefusesA600KiBAndA1536KiBScriptInTheSameWordsWithTheSameStatus() throws Exception {
        Path medium = scriptOf(600);
        Path large = scriptOf(1536);

        Run m = ceremony("script", "check", medium.toString());
        Run l = ceremony("script", "check", large.toString());

        assertThat(m.exit()).isEqualTo(1);
        assertThat(l.exit()).isEqualTo(m.exit());
        assertThat(m.out()).isEqualTo(medium + TOO_LARGE + System.lineSeparator());
        assertThat(l.out()).isEqualTo(large + TOO_LARGE + System.lineSeparator());
        assertThat(m.err()).isEmpty();
        assertThat(l.err()).isEmpty();
    }

    @Test
    void runSaysTheSameOfBoth() throws Exception {
        Path medium = scriptOf(600);
        Path large = scriptOf(1536);

        Run m = ceremony("run", medium.toString(), "--dry-run");
        Run l = ceremony("run", large.toString(), "--dry-run");

        assertThat(m.exit()).isEqualTo(1);
        assertThat(l.exit()).isEqualTo(1);
        assertThat(m.err()).contains(medium + TOO_LARGE);
        assertThat(l.err()).isEqualTo(m.err().replace(medium.toString(), large.toString()));
    }

    @Test
    void aScriptJustUnderTheLimitIsReadAndChecked() throws Exception {
        Path script = scriptOf(512);

        Run r = ceremony("script", "check", script.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith(script + ": OK (card-check 1.0, card-check, ");
    }
}
