package org.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyceremony.script.Role;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.journal.EventLog;

/**
 * The names and the place a ceremony records, checked where they enter (issue 16, cases 7 and 9):
 * whatever the terminal, the wizard or an answers file hands over, before the first event.
 */
class ParticipantTextTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"Zoë Ångström-Øre", "José María Núñez-O'Brien", "山田 太郎", "محمد الأحمد", "Ольга Петрова"})
    void acceptsNamesInAnyScript(String name) {
        assertThat(new Participant(name, Role.WITNESS, "W").name()).isEqualTo(name);
    }

    /** Issue 19, part 5: a name the transcript cannot print is refused before the ceremony starts. */
    @ParameterizedTest
    @ValueSource(strings = {"Ravi \u0915\u0943\u0937\u094D\u0923", "Sam \uD83D\uDE00"})
    void refusesANameTheTranscriptCannotPrintNamingEachCharacter(String name) {
        String first = String.format("U+%04X (%s)", name.codePointAt(name.indexOf(' ') + 1),
                Character.getName(name.codePointAt(name.indexOf(' ') + 1)));
        assertThatThrownBy(() -> new Participant(name, Role.CUSTODIAN, "C1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the name of a participant cannot be printed in the transcript: no font it "
                        + "embeds prints the character")
                .hasMessageContaining(first);
    }

    @Test
    void refusesAHugeNameSayingHowLongItIsNotWhatItIs() {
        String name = "Ada" + "a".repeat(199_997);

        assertThatThrownBy(() -> new Participant(name, Role.ADMINISTRATOR, "AA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the name of a participant is 200000 characters long; at most 128 are allowed");
    }

    @Test
    void aNameHoldsUpTo128Characters() {
        assertThat(new Participant("N".repeat(128), Role.WITNESS, "NN").name()).hasSize(128);
        assertThatThrownBy(() -> new Participant("N".repeat(129), Role.WITNESS, "NN"))
                .hasMessage("the name of a participant is 129 characters long; at most 128 are allowed");
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x202E, 0x202D, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C, 0x001B, 0x0007, 0x009B})
    void refusesABidiControlOrATerminalControlInANameShowingOnlyItsCodePoint(int cp) {
        String raw = Character.toString(cp);

        assertThatThrownBy(() -> new Participant("Will" + raw + "ssentiW", Role.WITNESS, "WW"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(String.format("the name of a participant character U+%04X (%s) at position 5 is "
                        + "not allowed: ", cp, Character.getName(cp)))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(raw));
    }

    @Test
    void refusesALocationATerminalWouldActOnOrThatIsTooLong() {
        CeremonySetup people = TestScripts.setup();
        CeremonySetup escaped = new CeremonySetup(people.participants(), "\u001b[2JVault B", "Europe/Berlin");
        CeremonySetup reversed = new CeremonySetup(people.participants(), "Vault \u202EB", "Europe/Berlin");
        CeremonySetup longOne = new CeremonySetup(people.participants(), "V".repeat(201), "Europe/Berlin");

        assertThat(people.problemsWith(TestScripts.keyGeneration())).isEmpty();
        assertThat(escaped.problemsWith(TestScripts.keyGeneration())).containsExactly("the location character U+001B "
                + "(ESCAPE) at position 1 is not allowed: a control character (a terminal would act on it, and it prints "
                + "as nothing)");
        assertThat(reversed.problemsWith(TestScripts.keyGeneration())).singleElement().asString()
                .startsWith("the location character U+202E (RIGHT-TO-LEFT OVERRIDE) at position 7 is not allowed");
        assertThat(longOne.problemsWith(TestScripts.keyGeneration()))
                .containsExactly("the location is 201 characters long; at most 200 are allowed");
    }

    @Test
    void aRehearsalWithAnEscapeInTheLocationStopsBeforeItsFirstEvent() throws Exception {
        AnswersFilePrompter answers = AnswersFilePrompter.parse(AnswersFileTest.GOOD
                .replace("location: Vault B", "location: \"\\e[2JVault B\""), "answers.yaml");
        Path out = dir.resolve("out");

        assertThatThrownBy(() -> new Engine(new StandInWorld().registry(), answers, Clock.systemUTC())
                .run(TestScripts.keyGeneration(), out, true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the location character U+001B (ESCAPE) at position 1 is not allowed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
        assertThat(out.resolve(EventLog.FILE_NAME)).doesNotExist();
    }
}
