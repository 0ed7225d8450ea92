package org.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keyceremony.script.Role;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.Pin;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;

class AnswersFileTest {
    @TempDir
    Path dir;

    static final String GOOD = """
            rehearsal: true
            participants:
              - {name: Ada Admin, role: administrator, initials: AA}
              - {name: Will Witness, role: witness, initials: WW}
              - {name: Cora One, role: custodian, initials: C1}
              - {name: Cal Two, role: custodian, initials: C2}
              - {name: Cid Three, role: custodian, initials: C3}
            location: Vault B
            time-zone: Europe/Berlin
            pins:
              hsm: "1234"
            values:
              "1.2": "BAG-77"
            failures:
              steps:
                "2.2": [retry]
            """;

    @Test
    void theShippedExampleIsAValidAnswersFile() throws Exception {
        AnswersFilePrompter p = AnswersFilePrompter.read(Path.of("ceremony-scripts/rehearsal/example-answers.yaml"));
        CeremonySetup setup = p.setup(TestScripts.keyGeneration(), true);
        assertThat(setup.holding(Role.CUSTODIAN)).hasSize(5);
        assertThat(setup.timeZone()).isEqualTo("Europe/Amsterdam");
        assertThat(p.recovery()).isEqualTo(RecoveryChoice.RESUME);
    }

    @Test
    void everyShippedAnswersFileIsValid() throws Exception {
        List<Path> files;
        try (var list = java.nio.file.Files.list(Path.of("ceremony-scripts/rehearsal"))) {
            files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            AnswersFilePrompter p = AnswersFilePrompter.read(f);
            assertThat(p.rehearsalOnly()).as(f.toString()).isTrue();
        }
    }

    @Test
    void drivesARehearsalToTheEndWithRetriesAsPlanned() throws Exception {
        StandInWorld world = new StandInWorld();
        world.failures.put("2.2", 1);
        AnswersFilePrompter answers = AnswersFilePrompter.parse(GOOD, "answers.yaml");

        CeremonyResult result = new Engine(world.registry(), answers, Clock.systemUTC())
                .run(TestScripts.keyGeneration(), dir.resolve("out"), true);

        assertThat(result.outcome()).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        List<Event> events = EventLogVerifier.verify(dir.resolve("out").resolve(EventLog.FILE_NAME)).events();
        assertThat(events.get(0).data()).containsEntry("location", "Vault B").containsEntry("timeZone", "Europe/Berlin");
        Event exception = events.stream().filter(e -> e.type().equals("exception")).findFirst().orElseThrow();
        assertThat(exception.data()).containsEntry("actions", "retry, as planned in the rehearsal answers file answers.yaml")
                .containsEntry("initials", List.of("AA", "WW", "C1", "C2", "C3"));
        assertThat(events).filteredOn(e -> e.type().equals("step-end") && e.step().equals("1.2"))
                .singleElement().satisfies(e -> assertThat(e.data().get("facts").toString()).contains("BAG-77"));
    }

    @Test
    void aListOfPinsIsTypedInOrderAndItsLastOneRepeats() throws Exception {
        AnswersFilePrompter answers = AnswersFilePrompter.parse(GOOD.replace("  hsm: \"1234\"\n",
                "  card-2: [\"0000\", \"99999\"]\n"), "a.yaml");
        var step = TestScripts.keyGeneration().steps().get(6);
        for (int expected : new int[] {4, 5, 5}) {
            try (Pin pin = answers.pin(step, "card-2")) {
                assertThat(pin.length()).isEqualTo(expected);
            }
        }
        assertThatThrownBy(() -> AnswersFilePrompter.parse(GOOD.replace("  hsm: \"1234\"\n", "  hsm: []\n"), "a.yaml"))
                .hasMessage("a.yaml: pins.hsm: must be a PIN or a non-empty list of PINs");
    }

    @Test
    void aKeyThatIsNotTextIsNamedByItsKindNeverEchoedItCanBeAPin() {
        // Found by HostileInputFuzzTest: a damaged file turned the whole pins mapping into a key.
        assertThatThrownBy(() -> AnswersFilePrompter.parse(GOOD.replace("  hsm: \"1234\"\n",
                "  ? {card-9: \"987654\"}\n  : x\n"), "a.yaml"))
                .hasMessage("a.yaml: pins: keys must be text, but a key here is a mapping (quote a key that looks like "
                        + "a number; check the indentation)")
                .message().doesNotContain("987654");
        assertThatThrownBy(() -> AnswersFilePrompter.parse(GOOD.replace("  hsm: \"1234\"\n", "  246810: hsm\n"), "a.yaml"))
                .message().contains("a key here is a number").doesNotContain("246810");
    }

    @Test
    void theWorldPinsAreOptionalAndChecked() throws Exception {
        assertThat(AnswersFilePrompter.parse(GOOD, "a.yaml").worldUserPin()).isEmpty();
        AnswersFilePrompter p = AnswersFilePrompter.parse(GOOD + "world:\n  user-pin: \"u-pin-1\"\n  so-pin: \"so-pin-22\"\n",
                "a.yaml");
        assertThat(p.worldUserPin()).contains("u-pin-1");
        assertThat(p.worldSoPin()).contains("so-pin-22");
        assertThatThrownBy(() -> AnswersFilePrompter.parse(GOOD + "world:\n  user-pin: \"123\"\n", "a.yaml"))
                .hasMessage("a.yaml: world.user-pin: must be 4 to 255 bytes long");
        assertThatThrownBy(() -> AnswersFilePrompter.parse(GOOD + "world:\n  pin: \"1234\"\n", "a.yaml"))
                .hasMessage("a.yaml: world.pin: unknown key (allowed: so-pin, user-pin)");
    }

    @Test
    void aMissingPinStopsTheRunNamingTheField() throws Exception {
        AnswersFilePrompter answers = AnswersFilePrompter.parse(GOOD.replace("  hsm: \"1234\"\n", "  card-1: \"1\"\n"), "a.yaml");
        try (Pin pin = answers.pin(TestScripts.keyGeneration().steps().get(6), "card-1")) {
            assertThat(pin.length()).isEqualTo(1);
        }
        assertThatThrownBy(() -> answers.pin(TestScripts.keyGeneration().steps().get(3), "hsm"))
                .hasMessage("a.yaml: pins.hsm is missing (step 2.1 needs the PIN of hsm)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rehearsal: true|rehearsal: false|a.yaml: rehearsal: must be true: answers files drive rehearsals only",
        "location: Vault B|place: Vault B|a.yaml: place: unknown key (allowed: confirmations, failures, location, participants, pins, recovery, rehearsal, rollback, time-zone, values, world)",
        "  hsm: \"1234\"|  hsm: 1234|a.yaml: pins.hsm: must be text (quote it, e.g. \"0123\")",
        "time-zone: Europe/Berlin|time-zone: Mars/Olympus|a.yaml: time-zone: \"Mars/Olympus\" is not a time zone (e.g. Europe/Amsterdam, UTC)",
        "role: witness|role: notary|a.yaml: participants[1].role: unknown role \"notary\" (administrator, witness, custodian, auditor, security-officer)",
        "initials: C3}|initials: C3, age: 3}|a.yaml: participants[4].age: unknown key (allowed: initials, name, role)",
        "[retry]|[retry, later]|a.yaml: failures.steps.2.2[1]: must be one of [abort, retry], not \"later\"",
        "location: Vault B|location: Vault B\\nlocation: Vault C|a.yaml: line 9: not a valid answers file: while constructing a mapping, found duplicate key location",
        "rehearsal: true|rehearsal: true\\n---\\nx: 1\\n---|a.yaml: line 2: not a valid answers file: expected a single document in the stream, but found another document",
    })
    void refusesWhatIsNotExactlyTheFormat(String from, String to, String message) {
        String text = GOOD.replace(from, to.replace("\\n", "\n"));
        assertThatThrownBy(() -> AnswersFilePrompter.parse(text, "a.yaml")).isInstanceOf(InvalidInputException.class)
                .hasMessage(message);
    }

    /** Issue 16, case 10: the rehearsal README says anchors and aliases are errors; they were accepted. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "anchor and alias|hsm: &975310 \"24680\"\\n  card-1: *975310|line 11: an anchor (&…) is not allowed in an answers file: write every value out in full",
        "alias alone|hsm: *975310|line 11: an alias (*…) is not allowed in an answers file: write the value out in full",
        "merge key|hsm: \"24680\"\\nworld: &975310\\n  user-pin: \"24680\"\\nvalues2:\\n  <<: *975310|line 12: an anchor (&…) is not allowed in an answers file: write every value out in full",
        "merge key alone|hsm: \"24680\"\\n  <<: *975310|line 12: an alias (*…) is not allowed in an answers file: write the value out in full",
        "core tag|hsm: !!str 24680|line 11: an explicit tag (!…) is not allowed in an answers file: write plain values",
        "local tag|hsm: !975310 \"24680\"|line 11: an explicit tag (!…) is not allowed in an answers file: write plain values",
        "tag on a mapping|hsm: !!map {a: \"24680\"}|line 11: an explicit tag (!…) is not allowed in an answers file: write plain values",
    })
    void refusesAnchorsAliasesAndTagsByLineWithoutEchoingAPin(String what, String pins, String message) {
        String text = GOOD.replace("hsm: \"1234\"\n", pins.replace("\\n", "\n") + "\n");

        assertThatThrownBy(() -> AnswersFilePrompter.parse(text, "a.yaml")).isInstanceOf(InvalidInputException.class)
                .hasMessage("a.yaml: " + message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("24680").doesNotContain("975310"));
    }

    /** Issue 16, case 7: a 200,000-character name hung the transcript's text wrapping for a quarter of an hour. */
    @Test
    void refusesAHugeParticipantNameWithoutEchoingIt() {
        String name = "Ada" + "a".repeat(199_997);
        String text = GOOD.replace("{name: Ada Admin,", "{name: " + name + ",");

        assertThatThrownBy(() -> AnswersFilePrompter.parse(text, "a.yaml")).isInstanceOf(InvalidInputException.class)
                .hasMessage("a.yaml: participants[0]: the name of a participant is 200000 characters long; at most 128 "
                        + "are allowed");
    }

    /** Issue 16, case 9: a right-to-left override in a name reorders what the transcript shows. */
    @ParameterizedTest(name = "U+{0}")
    @CsvSource({"202E, RIGHT-TO-LEFT OVERRIDE", "2066, LEFT-TO-RIGHT ISOLATE", "200E, LEFT-TO-RIGHT MARK",
        "061C, ARABIC LETTER MARK", "001B, ESCAPE"})
    void refusesABidiControlOrAnEscapeInAParticipantNameNamingItsCodePoint(String hex, String name) {
        String text = GOOD.replace("{name: Will Witness,", "{name: \"Will\\u" + hex + "ssentiW\",");

        assertThatThrownBy(() -> AnswersFilePrompter.parse(text, "a.yaml")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("a.yaml: participants[1]: the name of a participant character U+" + hex + " ("
                        + name + ") at position 5 is not allowed: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(Character.toString(Integer.parseInt(hex, 16))));
    }

    /** Issue 19, part 5: a name the transcript cannot print is refused when the file is read, before the start. */
    @Test
    void refusesAParticipantNameTheTranscriptCannotPrint() throws Exception {
        String text = GOOD.replace("{name: Will Witness,", "{name: \"Will \\U0001F600\",");

        assertThatThrownBy(() -> AnswersFilePrompter.parse(text, "a.yaml")).isInstanceOf(InvalidInputException.class)
                .hasMessage("a.yaml: participants[1]: the name of a participant cannot be printed in the transcript: no "
                        + "font it embeds prints the character U+1F600 (GRINNING FACE); the transcript prints Latin, "
                        + "Greek, Cyrillic, Hebrew, Arabic, Chinese and Japanese (write the text in one of these "
                        + "scripts, e.g. a transliteration)");
        assertThat(AnswersFilePrompter.parse(GOOD.replace("{name: Will Witness,", "{name: \"עאישה دוד 山田\","),
                "a.yaml")).isNotNull();
    }

    @Test
    void neverEchoesAPinInAnError() {
        String text = GOOD.replace("  hsm: \"1234\"", "  hsm: \"98765\n  hsm: \"98765\"");
        assertThatThrownBy(() -> AnswersFilePrompter.parse(text, "a.yaml")).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("98765"));
    }

    @Test
    void aCharacterOutsideTheBmpIsReadWhereverItFallsInTheFile() throws Exception {
        // SnakeYAML Engine 2.10 crashed (IndexOutOfBoundsException) when an emoji straddled its 1 KiB buffers.
        String shipped = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("keyceremony.test.basedir",
                "."), "ceremony-scripts", "rehearsal", "root-key-generation.answers.yaml"));
        for (int n = 1010; n <= 1030; n++) {
            String text = "# " + "x".repeat(n) + "\uD83D\uDE00\n# " + "\uD83D\uDE00".repeat(2000) + "\n" + shipped;
            assertThat(AnswersFilePrompter.parse(text, "emoji.answers.yaml")).as("offset " + n).isNotNull();
        }
    }

    @Test
    void whatAMessageQuotesFromTheFileIsPrintableAndNoPieceOfAPin() {
        // Found by AnswersFileFuzzTest: a key with a tab in it reached the terminal as it was, and an
        // unknown escape inside a quoted PIN was named with its character.
        assertThatThrownBy(() -> AnswersFilePrompter.parse(GOOD.replace("location: Vault B", "loc\tation: Vault B"),
                "a.yaml")).hasMessage("a.yaml: 'loc?ation': unknown key (allowed: confirmations, failures, location, "
                        + "participants, pins, recovery, rehearsal, rollback, time-zone, values, world)");
        assertThatThrownBy(() -> AnswersFilePrompter.parse(GOOD.replace("hsm: \"1234\"", "hsm: \"12\\q34\""), "a.yaml"))
                .hasMessage("a.yaml: line 11: not a valid answers file: while scanning a double-quoted scalar, "
                        + "found unknown escape character …");
        assertThatThrownBy(() -> AnswersFilePrompter.parse(GOOD.replace("role: witness", "role: \"wit\\u001Bness\""),
                "a.yaml")).hasMessage("a.yaml: participants[1].role: unknown role \"wit?ness\" (administrator, witness, "
                        + "custodian, auditor, security-officer)");
    }
}
