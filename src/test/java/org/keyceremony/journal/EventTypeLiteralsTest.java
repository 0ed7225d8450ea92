package org.keyceremony.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * An event's type is an {@link EventType} everywhere: the wire names live in that enum and are
 * compared through {@link Event#is} and {@link Event#kind}, so a misspelt type cannot silently
 * match nothing. This scans the main sources for string literals equal to a wire name.
 */
class EventTypeLiteralsTest {
    private static final Path MAIN = Path.of("src/main/java");

    /**
     * Literals that happen to spell a one-word wire name but mean something else, by file name
     * (not path, so moving a file keeps its entry). A hyphenated wire name is never allowed here
     * except as the wizard's style class.
     */
    private static final Map<String, Set<String>> OTHER_MEANINGS = Map.of(
            "StepCell.java", Set.of("step-failed"), // the JavaFX style class of a failed step
            "RequestPanels.java", Set.of("retry", "abort"), // button ids
            "TerminalPrompter.java", Set.of("retry", "abort"), // what the operator types
            "AnswersFilePrompter.java", Set.of("retry", "abort"), // the answers file's choices
            "AnswersFile.java", Set.of("retry", "abort", "rollback", "recovery"), // its keys and choices
            "CeremonyRun.java", Set.of("rollback", "abort"), // a data key; why removals run
            "Recovery.java", Set.of("rollback"), // the data key naming a registered rollback
            "KeyProtectionProbe.java", Set.of("created")); // a probe's answer

    @Test
    void noStringLiteralOutsideEventTypeSpellsAnEventType() throws IOException {
        Set<String> wires = Arrays.stream(EventType.values()).map(EventType::wire).collect(Collectors.toSet());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = f.getFileName().toString();
                if (f.endsWith(Path.of("org/keyceremony/journal/EventType.java"))) {
                    continue;
                }
                for (String literal : stringLiterals(Files.readString(f))) {
                    if (wires.contains(literal) && !OTHER_MEANINGS.getOrDefault(name, Set.of()).contains(literal)) {
                        found.add(MAIN.relativize(f) + ": \"" + literal + "\"");
                    }
                }
            }
        }
        assertThat(found).as("use EventType (Event.is, Event.kind) instead of these literals").isEmpty();
    }

    @Test
    void anEventKnowsItsKindAndAnUnknownTypeHasNone() {
        Event end = Event.next(1, java.time.Instant.EPOCH, EventType.STEP_END.wire(), "1.1", "engine", Map.of(),
                Event.GENESIS);
        assertThat(end.kind()).contains(EventType.STEP_END);
        assertThat(end.is(EventType.STEP_END)).isTrue();
        assertThat(end.is(EventType.STEP_BEGIN)).isFalse();
        Event future = Event.next(1, java.time.Instant.EPOCH, "from-a-later-version", "", "engine", Map.of(),
                Event.GENESIS);
        assertThat(future.kind()).isEmpty();
    }

    @Test
    void theScanSeesLiteralsButNotCommentsOrCharacters() {
        assertThat(stringLiterals("""
                // "step-end" in a comment
                /* "step-begin" */ char q = '"'; String a = "step-end"; String b = "x\\"y";
                """)).containsExactly("step-end", "x\\\"y");
        assertThat(stringLiterals("""
                String t = \"""
                    abort
                    \""";
                """)).containsExactly("    abort\n    ");
    }

    /** The string literals of a Java source, as written (escapes not resolved), comments skipped. */
    static List<String> stringLiterals(String src) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                int end = src.indexOf('\n', i);
                i = end < 0 ? src.length() : end;
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? src.length() : end + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int start = src.indexOf('\n', i) + 1;
                int end = src.indexOf("\"\"\"", start);
                out.add(src.substring(start, end));
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (src.charAt(j) != c) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    out.add(src.substring(i + 1, j));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }
}
