package org.keyceremony.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.keyceremony.base.InvalidInputException;

class JsonTest {

    @Test
    void canonicalFormSortsKeysAndHasNoWhitespace() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zeta", 1);
        m.put("alpha", List.of(true, false, Map.of("b", 2L, "a", "x")));
        m.put("mid", null);
        assertThat(Json.canonical(m)).isEqualTo("{\"alpha\":[true,false,{\"a\":\"x\",\"b\":2}],\"mid\":null,\"zeta\":1}");
    }

    @Test
    void escapesOnlyQuoteBackslashAndControlCharacters() {
        assertThat(Json.canonical("a\"b\\c\n\u0001\u001f/é€😀\u007f"))
                .isEqualTo("\"a\\\"b\\\\c\\u000a\\u0001\\u001f/é€😀\u007f\"");
        assertThat(Json.canonicalBytes("é")).containsExactly('"', 0xC3, 0xA9, '"');
    }

    @Test
    void parsesWhatItWritesBackToTheSameCanonicalText() throws Exception {
        String text = "{\"a\":[1,-2,9223372036854775807,-9223372036854775808],\"b\":{\"c\":\"\\u00e9\\n\"},\"d\":null}";
        Object parsed = Json.parse(text);
        assertThat(Json.canonical(parsed)).isEqualTo("{\"a\":[1,-2,9223372036854775807,-9223372036854775808],"
                + "\"b\":{\"c\":\"é\\u000a\"},\"d\":null}");
        assertThat(Json.parse(" [ 1 , \"x\" ]\n")).isEqualTo(List.of(1L, "x"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|invalid JSON at offset 0: unexpected end of text",
        "{\"a\":1,\"a\":2}|invalid JSON at offset 7: duplicate key \"a\"",
        "01|invalid JSON at offset 0: number with a leading zero",
        "1.5|invalid JSON at offset 1: only integers are allowed",
        "1e3|invalid JSON at offset 1: only integers are allowed",
        "9223372036854775808|invalid JSON at offset 0: integer out of range",
        "-|invalid JSON at offset 1: expected a digit",
        "{} {}|invalid JSON at offset 3: unexpected text after the value",
        "\"\\ud800\"|invalid JSON at offset 8: string holds an unpaired surrogate",
        "\"\\x\"|invalid JSON at offset 2: invalid escape \\'x'",
        "\"abc|invalid JSON at offset 4: unterminated string",
        "[1,]|invalid JSON at offset 3: unexpected character ']'",
        "{\"a\" 1}|invalid JSON at offset 5: expected ':'",
        "{1:2}|invalid JSON at offset 1: expected a string key",
        "tru|invalid JSON at offset 0: invalid literal",
        "NaN|invalid JSON at offset 0: unexpected character 'N'",
        "[1 2]|invalid JSON at offset 3: expected ',' or ']'",
        "\"\\u12\"|invalid JSON at offset 3: truncated \\u escape",
        "\"\\u12zz\"|invalid JSON at offset 3: invalid \\u escape",
    })
    void rejectsMalformedInputWithItsPosition(String text, String message) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    @Test
    void aDuplicateKeyIsNamedOnOneLineAndShort() {
        // Found by EventLogFuzzTest: a key holding a line feed made the message two lines.
        assertThatThrownBy(() -> Json.parse("{\"a\\n\":1,\"a\\n\":2}"))
                .hasMessage("invalid JSON at offset 9: duplicate key \"a\\u000a\"");
        String longKey = "k".repeat(100);
        assertThatThrownBy(() -> Json.parse("{\"" + longKey + "\":1,\"" + longKey + "\":2}"))
                .hasMessage("invalid JSON at offset 106: duplicate key \"" + "k".repeat(40) + "\"…");
    }

    @Test
    void rejectsRawControlCharactersInStrings() {
        assertThatThrownBy(() -> Json.parse("\"a\u0000b\"")).hasMessage("invalid JSON at offset 2: raw control character in string");
    }

    @Test
    void hostileNestingAndSizeAreRefusedWithoutStackOverflow() {
        assertThatThrownBy(() -> Json.parse("[".repeat(100_000))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nested deeper than 32 levels");
        assertThatThrownBy(() -> Json.parse("{\"a\":".repeat(40) + "1" + "}".repeat(40)))
                .hasMessageContaining("nested deeper than 32 levels");
        assertThatThrownBy(() -> Json.parse("\"" + "x".repeat(Json.MAX_LENGTH) + "\""))
                .hasMessage("JSON text longer than 1048576 characters");
    }

    @Test
    void acceptsNestingUpToTheLimit() throws Exception {
        assertThat(Json.canonical(Json.parse("[".repeat(33) + "]".repeat(33)))).isEqualTo("[".repeat(33) + "]".repeat(33));
    }

    @Test
    void refusesValuesThatAreNotJson() {
        assertThatThrownBy(() -> Json.canonical(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSON value: Double");
        assertThatThrownBy(() -> Json.canonical("\ud800")).hasMessage("string holds an unpaired surrogate at index 0");
        assertThatThrownBy(() -> Json.copyOf(Map.of(1, 2))).hasMessage("JSON object key is not a string: 1");
    }

    /**
     * Every code point but the surrogate halves, in runs of 8,192 characters, reads back from its
     * canonical JSON unchanged: exhaustive where a property test drew a few hundred strings. Arbitrary
     * text, valid or not, is EventLogFuzzTest's.
     */
    @Test
    void everyCodePointRoundTrips() throws Exception {
        StringBuilder run = new StringBuilder();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                run.appendCodePoint(cp);
            }
            if (run.length() >= 8192 || cp == Character.MAX_CODE_POINT) {
                String s = run.toString();
                assertThat(Json.parse(Json.canonical(s))).isEqualTo(s);
                run.setLength(0);
            }
        }
    }
}
