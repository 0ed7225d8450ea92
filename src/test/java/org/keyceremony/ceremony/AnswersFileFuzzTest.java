package org.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.script.TextRules;
import org.keyceremony.base.InvalidInputException;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The rehearsal answers file reader against any file. Seeds: the shipped answers files, the
 * files of {@code AnswersFileTest} (good and each broken form), and the damaged ones that the
 * earlier property test found (a value without text, a PIN turned into an alias).
 */
class AnswersFileFuzzTest {
    /** Letters one of which is absent from a given input: what a PIN becomes in the probe. */
    private static final String PROBES = "QZJXVKW";
    /** At most this many PINs of one input are probed (the shipped files hold seven). */
    private static final int MAX_PROBES = 12;

    @TempDir
    Path dir;

    /**
     * Read, or refused with an {@link InvalidInputException} naming the file, printable as it
     * stands; never another exception or a hang. Never a PIN in the message: every text the file
     * holds where a PIN belongs (under {@code pins} or {@code world}, not as a key) is read again
     * with its letters and digits replaced by a letter the input does not contain, and that letter
     * must not appear in the message. So a message that echoes what sits in a PIN's place is
     * caught, while one that merely happens to contain the same characters is not.
     */
    @FuzzTest
    @DictionaryFile(resourcePath = "/fuzz-dictionaries/yaml.dict")
    @DictionaryFile(resourcePath = "/fuzz-dictionaries/answers-file.dict")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parsesOrRefusesNamingTheFileNeverEchoingAPin(byte[] file) throws Exception {
        String message = refusal(file);
        if (message != null) {
            assertThat(message).contains("answers.yaml");
            assertThat(TextRules.line(message, Integer.MAX_VALUE)).as("printable: %s", message).isEmpty();
        }
        String text = new String(file, StandardCharsets.UTF_8);
        char probe = 0;
        for (char c : PROBES.toCharArray()) {
            if (text.indexOf(c) < 0 && (message == null || message.indexOf(c) < 0)) {
                probe = c;
                break;
            }
        }
        if (probe == 0) {
            return;
        }
        for (int[] span : pinSpans(text)) {
            String probed = replaceLettersAndDigits(text, span[0], span[1], probe);
            String echo = refusal(probed.getBytes(StandardCharsets.UTF_8));
            if (echo != null) {
                assertThat(echo).as("the text in a PIN's place (characters %d to %d) is echoed", span[0], span[1])
                        .doesNotContain(String.valueOf(probe));
            }
        }
    }

    /** The reader's message, or null when it accepts the file. */
    private String refusal(byte[] file) throws Exception {
        Path answers = Files.write(dir.resolve("answers.yaml"), file);
        try {
            AnswersFilePrompter.read(answers);
            return null;
        } catch (InvalidInputException refused) {
            return refused.getMessage();
        }
    }

    private static String replaceLettersAndDigits(String text, int from, int to, char with) {
        StringBuilder sb = new StringBuilder(text);
        for (int i = from; i < to; i++) {
            char c = sb.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                sb.setCharAt(i, with);
            }
        }
        return sb.toString();
    }

    /**
     * Where PINs sit, as char ranges of {@code text}: the scalars and aliases below a top-level
     * {@code pins} or {@code world} key, except those in a key's place. Read leniently from YAML's
     * event stream (up to its first syntax error), the way a person reads a damaged file.
     */
    static List<int[]> pinSpans(String text) {
        List<int[]> spans = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try {
            for (Event e : new Parse(LoadSettings.builder().build()).parseString(text)) {
                switch (e.getEventId()) {
                    case MappingStart, SequenceStart, Scalar, Alias -> {
                        Frame parent = stack.peek();
                        boolean keyPlace = parent != null && parent.mapping && parent.keyNext;
                        boolean secret = parent != null && (parent.secret
                                || (stack.size() == 1 && parent.mapping && !keyPlace
                                && ("pins".equals(parent.lastKey) || "world".equals(parent.lastKey))));
                        if (parent != null && parent.mapping) {
                            if (keyPlace) {
                                parent.lastKey = e instanceof ScalarEvent s ? s.getValue() : null;
                            }
                            parent.keyNext = !parent.keyNext;
                        }
                        if (e.getEventId() == Event.ID.MappingStart || e.getEventId() == Event.ID.SequenceStart) {
                            stack.push(new Frame(e.getEventId() == Event.ID.MappingStart, secret));
                        } else if (secret && !keyPlace && spans.size() < MAX_PROBES) {
                            span(text, e).ifPresent(spans::add);
                        }
                    }
                    case MappingEnd, SequenceEnd -> stack.pop();
                    default -> {
                        // stream and document boundaries, comments
                    }
                }
            }
        } catch (YamlEngineException | java.util.NoSuchElementException e) {
            // the rest of the file is not YAML: the PINs found so far are those a reader can see
        }
        return spans;
    }

    private static java.util.Optional<int[]> span(String text, Event e) {
        if (e.getStartMark().isEmpty() || e.getEndMark().isEmpty()) {
            return java.util.Optional.empty();
        }
        int points = text.codePointCount(0, text.length());
        int from = e.getStartMark().map(Mark::getIndex).get();
        int to = e.getEndMark().map(Mark::getIndex).get();
        if (from < 0 || to > points || from >= to) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new int[] {text.offsetByCodePoints(0, from), text.offsetByCodePoints(0, to)});
    }

    private static final class Frame {
        final boolean mapping;
        final boolean secret;
        boolean keyNext = true;
        String lastKey;

        Frame(boolean mapping, boolean secret) {
            this.mapping = mapping;
            this.secret = secret;
        }
    }
}
