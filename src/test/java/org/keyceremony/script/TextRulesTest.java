package org.keyceremony.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What text a script field, a participant's name or a typed value may hold (issue 16, cases 8 and 9):
 * every character a reviewer sees is one the transcript prints, in the order it is stored.
 */
class TextRulesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Root CA 2026",
        "Zoë Ångström-Øre, São Paulo",
        "Małgorzata Łukasiewicz",
        "山田 太郎",
        "محمد الأحمد",
        "Ολυμπία Παπαδοπούλου",
        "דוד כהן",
        "Пётр Ильич",
        "Zoe\u0308 (a combining diaeresis)",
        "می\u200Cخواهم",
        "山田, やまだ, ヤマダ",
    })
    void acceptsTheLettersAndSymbolsOfEveryScriptOnOneLine(String text) {
        assertThat(TextRules.line(text, TextRules.LINE)).isEmpty();
    }

    /** Issue 19, part 5: what the transcript cannot print is refused, each character named. */
    @Test
    void refusesWhatNoFontOfTheTranscriptPrintsNamingEveryCharacter() {
        assertThat(TextRules.line("Smiley \uD83D\uDE00 and \uD83D\uDD11", TextRules.NAME)).contains(
                "cannot be printed in the transcript: no font it embeds prints the characters U+1F600 (GRINNING FACE), "
                        + "U+1F511 (KEY); the transcript prints Latin, Greek, Cyrillic, Hebrew, Arabic, Chinese "
                        + "and Japanese (write the text in one of these scripts, e.g. a transliteration)");
        assertThat(TextRules.line("कृष्ण", TextRules.NAME)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("cannot be printed in the transcript: no font it embeds prints the characters "
                        + "U+0915 (DEVANAGARI LETTER KA), U+0943 (DEVANAGARI VOWEL SIGN VOCALIC R), "));
        assertThat(TextRules.paragraph("Read aloud.\n\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35", TextRules.PARAGRAPH))
                .hasValueSatisfying(why -> assertThat(why).contains("U+0E2A (THAI CHARACTER SO SUA)"));
        assertThat(TextRules.line("김민준", TextRules.NAME)).hasValueSatisfying(why -> assertThat(why)
                .contains("U+AE40 (HANGUL SYLLABLES AE40)"));
        // a letter of a script that is printed, with a mark from one that is not
        assertThat(TextRules.line("Ada\u0951", TextRules.NAME)).hasValueSatisfying(why -> assertThat(why)
                .contains("U+0951 (DEVANAGARI STRESS SIGN UDATTA)"));
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource(delimiter = '|', value = {
        "001B|ESCAPE",
        "0007|BEL",
        "0000|NULL",
        "007F|DELETE",
        "009B|CONTROL SEQUENCE INTRODUCER",
        "000D|CARRIAGE RETURN (CR)",
        "000A|LINE FEED (LF)",
        "0009|CHARACTER TABULATION",
    })
    void refusesControlCharactersNamingTheCodePointNotPrintingIt(String hex, String name) {
        int cp = Integer.parseInt(hex, 16);
        String value = "Root" + Character.toString(cp) + "[2J";

        assertThat(TextRules.line(value, TextRules.LINE)).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("character U+" + hex + " (" + name + ") at position 5 is not allowed: a control character "
                        + "(a terminal would act on it, and it prints as nothing)")
                .doesNotContain(Character.toString(cp)));
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"061C", "200E", "200F", "202A", "202B", "202C", "202D", "202E", "2066", "2067", "2068", "2069"})
    void refusesEveryBidirectionalControl(String hex) {
        int cp = Integer.parseInt(hex, 16);
        String value = "root" + Character.toString(cp) + "ac1";

        assertThat(TextRules.isBidiControl(cp)).isTrue();
        assertThat(TextRules.line(value, TextRules.LINE)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("character U+" + hex + " (")
                .endsWith(") at position 5 is not allowed: a bidirectional control reorders what is shown, so reviewers "
                        + "and the transcript would not read what is stored")
                .doesNotContain(Character.toString(cp)));
        assertThat(TextRules.paragraph(value, TextRules.PARAGRAPH)).isPresent();
    }

    @Test
    void theRightToLeftOverrideIsNamedInWords() {
        assertThat(TextRules.line("root\u202Eac1", TextRules.LINE)).contains("character U+202E (RIGHT-TO-LEFT OVERRIDE) "
                + "at position 5 is not allowed: a bidirectional control reorders what is shown, so reviewers and the "
                + "transcript would not read what is stored");
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x2029, 0x2065, 0x206A, 0x200D, 0x0627, 0x05D0})
    void onlyTheBidirectionalControlsAreBidiControlsNotTheirNeighboursOrRightToLeftLetters(int cp) {
        assertThat(TextRules.isBidiControl(cp)).isFalse();
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource(delimiter = '|', value = {
        "200B|an invisible format character",
        "FEFF|an invisible format character",
        "00AD|an invisible format character",
        "2060|an invisible format character",
        "2028|a line break inside a single line",
        "2029|a line break inside a single line",
        "E000|it is no character the transcript can print",
        "0378|it is no character the transcript can print",
        "D800|it is no character the transcript can print",
        "DC00|it is no character the transcript can print",
    })
    void refusesInvisibleSeparatorsPrivateUseUnassignedAndLoneSurrogates(String hex, String reason) {
        String value = "ab" + (char) Integer.parseInt(hex, 16) + "c";

        assertThat(TextRules.line(value, TextRules.LINE)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("character U+" + hex).endsWith(" at position 3 is not allowed: " + reason));
        assertThat(TextRules.paragraph(value, TextRules.PARAGRAPH)).isPresent();
    }

    @Test
    void aParagraphKeepsItsLineFeedsAndTabsButNoOtherControl() {
        assertThat(TextRules.paragraph("Insert the card.\n\tThen confirm.\n", TextRules.PARAGRAPH)).isEmpty();
        assertThat(TextRules.line("Insert the card.\nThen confirm.", TextRules.LINE)).isPresent();
        assertThat(TextRules.paragraph("Insert the card.\r\nThen confirm.", TextRules.PARAGRAPH))
                .contains("character U+000D (CARRIAGE RETURN (CR)) at position 17 is not allowed: a control character "
                        + "(a terminal would act on it, and it prints as nothing)");
        assertThat(TextRules.paragraph("Insert\n\u001b[2J", TextRules.PARAGRAPH))
                .hasValueSatisfying(why -> assertThat(why).startsWith("character U+001B (ESCAPE) at position 8 "));
    }

    @Test
    void countsCodePointsNotUtf16UnitsInLengthsAndPositions() {
        String emoji = "\uD83D\uDE00";
        assertThat(TextRules.line(emoji.repeat(TextRules.NAME), TextRules.NAME))
                .hasValueSatisfying(why -> assertThat(why).startsWith("cannot be printed in the transcript"));
        assertThat(TextRules.line(emoji.repeat(TextRules.NAME + 1), TextRules.NAME))
                .contains("is 129 characters long; at most 128 are allowed");
        assertThat(TextRules.line(emoji + emoji + "\u202E", TextRules.LINE))
                .hasValueSatisfying(why -> assertThat(why).contains(" at position 3 "));
    }

    @Test
    void boundsEachKindOfFieldAtItsLimit() {
        assertThat(TextRules.LINE).isEqualTo(200);
        assertThat(TextRules.NAME).isEqualTo(128);
        assertThat(TextRules.PARAGRAPH).isEqualTo(4000);
        assertThat(TextRules.line("x".repeat(200), TextRules.LINE)).isEmpty();
        assertThat(TextRules.line("x".repeat(201), TextRules.LINE)).contains("is 201 characters long; at most 200 are allowed");
        assertThat(TextRules.paragraph("x\n".repeat(2000), TextRules.PARAGRAPH)).isEmpty();
        assertThat(TextRules.paragraph("x\n".repeat(2000) + "x", TextRules.PARAGRAPH))
                .contains("is 4001 characters long; at most 4000 are allowed");
    }

    @Test
    void aHugeValueIsRefusedByItsLengthWithoutQuotingIt() {
        String huge = "A".repeat(200_000);

        assertThat(TextRules.line(huge, TextRules.NAME)).contains("is 200000 characters long; at most 128 are allowed");
    }
}
