package org.keyceremony.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Input written to hurt a parser is refused quickly with a validation error. */
class HostileScriptsTest {

    private static void refusedQuickly(String text, String expectedFirstError) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> CeremonyScripts.parse(text, "hostile.yaml"))
                .isInstanceOfSatisfying(ScriptException.class,
                        e -> assertThat(e.errors().get(0).describe()).isEqualTo(expectedFirstError));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusesBillionLaughs() {
        StringBuilder sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            sb.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        refusedQuickly(sb.toString(), "anchor &a is not allowed; a reviewed script is written out in full (line 1)");
    }

    @Test
    void refusesVeryDeepNestingWithoutRecursing() {
        refusedQuickly("[".repeat(200_000), "nested more than 16 levels deep; this is not a ceremony script (line 1)");
        refusedQuickly("a:\n" + "  ".repeat(1) + "- ".repeat(5_000) + "x\n",
                "nested more than 16 levels deep; this is not a ceremony script (line 2)");
    }

    @Test
    void aCharacterOutsideTheBmpIsReadWhereverItFallsInTheFile() throws Exception {
        // SnakeYAML Engine 2.10 crashed (IndexOutOfBoundsException) when an emoji straddled its 1 KiB buffers.
        String shipped = java.nio.file.Files.readString(java.nio.file.Path.of(
                System.getProperty("keyceremony.test.basedir", "."), "ceremony-scripts", "card-check.yaml"));
        for (int n = 1010; n <= 1030; n++) {
            String text = "# " + "x".repeat(n) + "\uD83D\uDE00\n# " + "\uD83D\uDE00".repeat(2000) + "\n" + shipped;
            assertThat(CeremonyScripts.parse(text, "emoji.yaml").metadata().name()).as("offset " + n).isEqualTo("card-check");
        }
    }

    @Test
    void refusesATextLargerThanAnyScript() {
        refusedQuickly("# " + "x".repeat(PlainYaml.MAX_CODE_POINTS) + "\n",
                "the file is larger than 512 KiB; a ceremony script is a few hundred lines (line 1)");
    }

    @Test
    void refusesRecursiveAndMergeKeys() {
        refusedQuickly("a: &x {b: *x}\n", "anchor &x is not allowed; a reviewed script is written out in full (line 1)");
        refusedQuickly("<<: {script: 1}\n", "<<: unknown key; allowed here: script, policy, roles, acts (line 1)");
    }

    @Test
    void refusesDirectivesAndTags() {
        refusedQuickly("%TAG ! tag:evil.example,2026:\n--- !x {}\n",
                "explicit tag 'tag:evil.example,2026:x' is not allowed; write plain values (line 2)");
    }

    @Test
    void quotesInputShortAndPrintable() {
        String text = TestScripts.rootWith("kind: root-key-generation", "kind: \"" + "\\u0007".repeat(3) + "z".repeat(100) + "\"");
        assertThatThrownBy(() -> CeremonyScripts.parse(text, "t.yaml")).isInstanceOfSatisfying(ScriptException.class,
                e -> assertThat(e.errors().get(0).describe()).isEqualTo("script.kind: character U+0007 (BEL) at position 1 "
                        + "is not allowed: a control character (a terminal would act on it, and it prints as nothing) "
                        + "(line 4)"));
    }

    @Test
    void stopsListingAfterAHundredErrors() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append("k").append(i).append(": 1\n");
        }
        assertThatThrownBy(() -> CeremonyScripts.parse(sb.toString(), "t.yaml")).isInstanceOfSatisfying(ScriptException.class,
                e -> {
                    assertThat(e.errors()).hasSize(Problems.MAX_ERRORS + 1);
                    assertThat(e.errors().get(Problems.MAX_ERRORS).message()).startsWith("more than 100 errors");
                });
    }
}
