package org.keyceremony.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;

/**
 * The ceremony script reader ({@code ceremony script check}, and every run) against any file.
 * Seeds: the shipped scripts, the test scripts, every broken script of {@code BrokenScriptsTest}
 * and the hostile ones of {@code HostileScriptsTest} (billion laughs, deep nesting, tags, merge
 * keys, control characters, a hundred errors, bytes that are not UTF-8).
 */
class ScriptFuzzTest {
    @TempDir
    Path dir;

    /**
     * A script with steps whose hash is that of the file, or a {@link ScriptException} listing at
     * most 101 errors, each on a line of the file (as YAML counts lines), with a message printable
     * as it stands (no character {@link TextRules} refuses); never another exception, never a hang.
     */
    @FuzzTest
    @DictionaryFile(resourcePath = "/fuzz-dictionaries/yaml.dict")
    @DictionaryFile(resourcePath = "/fuzz-dictionaries/ceremony-script.dict")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parsesOrRefusesWithLineAndMessage(byte[] file) throws Exception {
        Path script = Files.write(dir.resolve("fuzz.yaml"), file);
        try {
            CeremonyScript parsed = CeremonyScripts.parse(script);
            assertThat(parsed.steps()).isNotEmpty();
            assertThat(parsed.sha256Hex()).isEqualTo(Digests.sha256Hex(file));
        } catch (ScriptException refused) {
            int lines = yamlLines(file);
            assertThat(refused.errors()).isNotEmpty().hasSizeLessThanOrEqualTo(Problems.MAX_ERRORS + 1);
            for (ScriptError error : refused.errors()) {
                assertThat(error.line()).as(error.describe()).isBetween(1, lines);
                assertThat(error.message()).isNotBlank();
                assertThat(error.describe().codePoints().filter(cp -> TextRules.why(cp) != null).toArray())
                        .as("characters a terminal acts on, or that reorder the text, in: %s", error.describe()).isEmpty();
            }
        } catch (InvalidInputException notRead) {
            fail("the file exists and is readable, yet: " + notRead.getMessage());
        }
    }

    /** Lines as YAML counts them: CR LF, CR, LF, and (generously) NEL, LS and PS each end one. */
    private static int yamlLines(byte[] file) {
        String text = new String(file, java.nio.charset.StandardCharsets.UTF_8);
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                continue;
            }
            lines += c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029' ? 1 : 0;
        }
        return lines;
    }
}
