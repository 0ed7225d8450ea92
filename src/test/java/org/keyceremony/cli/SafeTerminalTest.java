package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter between everything the command line prints and the terminal (issue 16, cases 8 and 9):
 * what a terminal would act on, or what hides or reorders text, is shown as {@code \}{@code uXXXX}.
 */
class SafeTerminalTest {
    private final StringWriter screen = new StringWriter();
    private final PrintWriter terminal = SafeTerminal.wrap(new PrintWriter(screen));

    private String shown(String text) {
        terminal.print(text);
        terminal.flush();
        return screen.toString();
    }

    static Stream<Arguments> unsafe() {
        return Stream.of(
                Arguments.of("clear screen", "\u001b[2J", "\\u001b[2J"),
                Arguments.of("bell", "ding\u0007", "ding\\u0007"),
                Arguments.of("NUL and DEL", "a\u0000b\u007f", "a\\u0000b\\u007f"),
                Arguments.of("C1 control sequence introducer", "\u009b2J", "\\u009b2J"),
                Arguments.of("carriage return over INVALID", "INVALID\rVALID  ", "INVALID\\u000dVALID  "),
                Arguments.of("carriage return at the end", "INVALID\r", "INVALID\\u000d"),
                Arguments.of("carriage return twice before a line feed", "a\r\r\n", "a\\u000d\r\n"),
                Arguments.of("right-to-left override", "root\u202Eac1", "root\\u202eac1"),
                Arguments.of("isolates and marks", "\u2066a\u2069\u200E\u200F\u061C",
                        "\\u2066a\\u2069\\u200e\\u200f\\u061c"),
                Arguments.of("zero-width space and BOM", "a\u200Bb\uFEFF", "a\\u200bb\\ufeff"),
                Arguments.of("line and paragraph separators", "a\u2028b\u2029", "a\\u2028b\\u2029"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafe")
    void showsWhatATerminalWouldActOnAsAnEscape(String what, String raw, String expected) {
        assertThat(shown(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Zoë Ångström-Øre, São Paulo",
        "山田 太郎 — محمد الأحمد",
        "key \uD83D\uDD11 ok \uD83D\uDE00",
        "two\nlines\tand a tab",
        "a backslash \\u001b typed as text",
        "a Windows line end\r\nand the next line",
    })
    void passesLettersSymbolsLineFeedsAndTabsUnchanged(String text) {
        assertThat(shown(text)).isEqualTo(text);
    }

    @Test
    void keepsASurrogatePairThatArrivesInTwoWrites() {
        terminal.print('\uD83D');
        terminal.print('\uDE00');
        terminal.flush();

        assertThat(screen.toString()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void escapesLoneSurrogatesAndInvisibleSupplementaryFormatCharacters() {
        assertThat(shown("a\uD800b\uDC00c\uDB40\uDC01")).isEqualTo("a\\ud800b\\udc00c\\ue0001");
    }

    @Test
    void printlnEndsTheLineAndFlushesAsTheTerminalsOwnWritersDo() {
        terminal.println("ceremony: \u001b[31mINVALID\u001b[0m");

        assertThat(screen.toString()).isEqualTo("ceremony: \\u001b[31mINVALID\\u001b[0m" + System.lineSeparator());
    }
}
