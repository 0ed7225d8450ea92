package org.keyceremony.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.script.TestScripts.rootWith;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The character and length rules of {@link TextRules} as a script meets them (issue 16, cases 6, 8
 * and 9): refused before any ceremony starts, named by field path and code point, never quoted raw.
 */
class ScriptTextLimitsTest {
    private static final String SUBJECT = "CN=Test Root, O=Test, C=NL";
    /**
     * U+1F600, four bytes in UTF-8, written as a YAML escape: raw, a run of them can straddle the YAML
     * reader's buffer and crash SnakeYAML Engine 2.10 (reported on issue 16).
     */
    private static final String GRINNING = "\\U0001F600";
    private static final String STEP_1_1 = "{id: \"1.1\", title: T, text: Read.,";

    private static List<String> errors(String text) {
        try {
            CeremonyScripts.parse(text, "test.yaml");
        } catch (ScriptException e) {
            assertThat(e.getMessage()).as("the message of the whole refusal").doesNotContain("\u001b");
            return e.errors().stream().map(ScriptError::describe).toList();
        }
        throw new AssertionError("accepted: " + text);
    }

    private static void accepted(String text) throws ScriptException {
        assertThat(CeremonyScripts.parse(text, "test.yaml").steps()).hasSize(18);
    }

    static Stream<Integer> bidiControls() {
        return Stream.of(IntStream.of(0x061C, 0x200E, 0x200F), IntStream.rangeClosed(0x202A, 0x202E),
                IntStream.rangeClosed(0x2066, 0x2069)).flatMapToInt(s -> s).boxed();
    }

    private static String refusal(String path, int cp, int position, int line) {
        return String.format("%s: character U+%04X (%s) at position %d is not allowed: a bidirectional control reorders "
                + "what is shown, so reviewers and the transcript would not read what is stored (line %d)", path, cp,
                Character.getName(cp), position, line);
    }

    @ParameterizedTest(name = "U+{0}")
    @MethodSource("bidiControls")
    void refusesEveryBidirectionalControlInTheKeyLabelTheSubjectAndTheScriptName(int cp) {
        String raw = Character.toString(cp);
        String yamlEscape = String.format("\\u%04X", cp);

        assertThat(errors(rootWith("label: test-root", "label: \"root" + yamlEscape + "ca1\"")))
                .containsExactly(refusal("policy.key.label", cp, 5, 7));
        assertThat(errors(rootWith("CN=Test Root", "CN=Test" + raw + " Root")))
                .containsExactly(refusal("policy.certificate.subject", cp, 8, 9));
        assertThat(errors(rootWith("name: test-root", "name: \"test" + yamlEscape + "-root\"")))
                .containsExactly(refusal("script.name", cp, 5, 2))
                .allSatisfy(message -> assertThat(message).doesNotContain(raw));
    }

    @Test
    void refusesATerminalEscapeInEveryTitleAndInTheTextReadAloud() {
        String esc = "character U+001B (ESCAPE) at position 1 is not allowed: a control character (a terminal would act on "
                + "it, and it prints as nothing)";
        assertThat(errors(rootWith("title: Preflight", "title: \"\\e[2JPreflight\"")))
                .containsExactly("acts[1].title: " + esc + " (line 14)");
        assertThat(errors(rootWith(STEP_1_1, "{id: \"1.1\", title: T, text: \"\\e]0;pwned\\a\",")))
                .containsExactly("acts[1].steps[1].text: " + esc + " (line 16)");
        assertThat(errors(rootWith("name: test-root", "name: \"\\x9b2Jroot\"")))
                .containsExactly("script.name: character U+009B (CONTROL SEQUENCE INTRODUCER) at position 1 is not "
                        + "allowed: a control character (a terminal would act on it, and it prints as nothing) (line 2)");
    }

    @Test
    void theTextReadAloudMayHaveLinesAndTabsUpToItsLimit() throws Exception {
        String text = ("Insert the card.\n\tThen confirm." + " ".repeat(69)).repeat(40);
        assertThat(text.length()).isEqualTo(TextRules.PARAGRAPH);
        String yaml = "\"" + text.replace("\n", "\\n").replace("\t", "\\t") + "\"";

        accepted(rootWith(STEP_1_1, "{id: \"1.1\", title: T, text: " + yaml + ","));
        assertThat(errors(rootWith(STEP_1_1, "{id: \"1.1\", title: T, text: " + yaml.replace("\"Insert", "\"xInsert") + ",")))
                .containsExactly("acts[1].steps[1].text: is 4001 characters long; at most 4000 are allowed (line 16)");
        assertThat(errors(rootWith(STEP_1_1, "{id: \"1.1\", title: \"Two\\nlines\", text: Read.,")))
                .singleElement().asString().startsWith("acts[1].steps[1].title: character U+000A (LINE FEED (LF)) at position 4");
    }

    @Test
    void aSingleLineFieldHoldsTwoHundredCharactersAndTheObjectivesTwoThousand() throws Exception {
        accepted(rootWith(STEP_1_1, "{id: \"1.1\", title: " + "T".repeat(200) + ", text: Read.,"));
        assertThat(errors(rootWith(STEP_1_1, "{id: \"1.1\", title: " + "T".repeat(201) + ", text: Read.,")))
                .containsExactly("acts[1].steps[1].title: is 201 characters long; at most 200 are allowed (line 16)");
        accepted(rootWith("objectives: Test the parser.", "objectives: " + "o".repeat(2000)));
        assertThat(errors(rootWith("objectives: Test the parser.", "objectives: " + "o".repeat(2001))))
                .containsExactly("script.objectives: is 2001 characters long; at most 2000 are allowed (line 5)");
    }

    @Test
    void eachSubjectAttributeMayReachItsBoundInTheWidestCharacters() throws Exception {
        // 64 for CN and O, 128 for L and ST (BR 7.1.4.2), counted in characters; the widest the transcript prints
        // take three bytes in UTF-8 (a four-byte emoji is refused: no font of the transcript prints it)
        accepted(rootWith(SUBJECT, "CN=" + "\u4E00".repeat(64) + ", O=" + "\u4E00".repeat(64) + ", L="
                + "\u4E00".repeat(128) + ", ST=" + "\u4E00".repeat(128) + ", C=NL"));
        assertThat(errors(rootWith(SUBJECT, "CN=" + "\u4E00".repeat(65) + ", O=Test, C=NL")))
                .containsExactly("policy.certificate.subject: CN is 65 characters long; at most 64 are allowed "
                        + "(CA/B Forum BR 7.1.4.2) (line 9)");
        assertThat(errors(rootWith(SUBJECT, "CN=Test Root, O=Test, ST=" + "s".repeat(129) + ", C=NL")))
                .containsExactly("policy.certificate.subject: ST is 129 characters long; at most 128 are allowed "
                        + "(CA/B Forum BR 7.1.4.2) (line 9)");
        assertThat(errors(rootWith(SUBJECT, "CN=Test Root, O=" + "o".repeat(65) + ", C=NL")))
                .containsExactly("policy.certificate.subject: O is 65 characters long; at most 64 are allowed "
                        + "(CA/B Forum BR 7.1.4.2) (line 9)");
    }

    /** Issue 19, part 5: a field the transcript prints is refused, by its path, when no font prints it. */
    @Test
    void refusesInEveryPrintedFieldTextNoFontOfTheTranscriptPrints() {
        String why = "cannot be printed in the transcript: no font it embeds prints the character U+1F600 (GRINNING "
                + "FACE); the transcript prints Latin, Greek, Cyrillic, Hebrew, Arabic, Chinese and Japanese "
                + "(write the text in one of these scripts, e.g. a transliteration)";
        assertThat(errors(rootWith("name: test-root", "name: \"test-" + GRINNING + "\"")))
                .containsExactly("script.name: " + why + " (line 2)");
        assertThat(errors(rootWith("objectives: Test the parser.", "objectives: \"Test " + GRINNING + "\"")))
                .containsExactly("script.objectives: " + why + " (line 5)");
        assertThat(errors(rootWith("title: Preflight", "title: \"Preflight " + GRINNING + "\"")))
                .containsExactly("acts[1].title: " + why + " (line 14)");
        assertThat(errors(rootWith(STEP_1_1, "{id: \"1.1\", title: T, text: \"Read " + GRINNING + "\",")))
                .containsExactly("acts[1].steps[1].text: " + why + " (line 16)");
        assertThat(errors(rootWith(SUBJECT, "CN=" + GRINNING + ", O=Test, C=NL")))
                .singleElement().asString().startsWith("policy.certificate.subject: ").contains("U+1F600 (GRINNING FACE)");
    }

    @Test
    void aSubjectHasAtMostTenAttributes() throws Exception {
        accepted(rootWith(SUBJECT, "CN=Test Root, O=Test, STREET=1, STREET=2, STREET=3, STREET=4, STREET=5, STREET=6, STREET=7, C=NL"));
        assertThat(errors(rootWith(SUBJECT, "CN=Test Root, O=Test, STREET=1, STREET=2, STREET=3, STREET=4, STREET=5, STREET=6, STREET=7, STREET=8, C=NL")))
                .containsExactly("policy.certificate.subject: has 11 attributes; a root's subject needs a few (CN, O, C), "
                        + "at most 10 (line 9)");
    }

    @Test
    void aHugeSubjectIsRefusedByItsLengthWithoutBeingQuoted() {
        String cn = "x".repeat(12_000);
        assertThatThrownBy(() -> CeremonyScripts.parse(rootWith("CN=Test Root", "CN=" + cn), "test.yaml"))
                .isInstanceOfSatisfying(ScriptException.class, e -> assertThat(e.getMessage())
                        .contains("policy.certificate.subject: is 12017 characters long; at most 1024 are allowed")
                        .doesNotContain("x".repeat(100)));
    }
}
