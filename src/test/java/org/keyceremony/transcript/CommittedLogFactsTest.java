package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.EventType;
import org.keyceremony.journal.Json;
import org.keyceremony.journal.facts.ActionFacts;

/**
 * Every step's facts in every committed log (the sample, the fixtures, the fuzz seeds) read
 * strictly as the record of its action, and that record written back gives the same JSON: the
 * records say exactly what the engine has written, older versions included.
 */
class CommittedLogFactsTest {

    static Stream<Path> logs() throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Stream.concat(Stream.concat(Files.list(Path.of("transcripts/samples")),
                Files.list(Path.of("transcripts/fixtures"))), Stream.concat(
                Files.list(Path.of("src/test/resources/org/keyceremony/transcript/TranscriptFuzzTestInputs/"
                        + "verifiesOnlyTheGenuineTranscript")),
                Files.list(Path.of("src/test/resources/org/keyceremony/journal/EventLogFuzzTestInputs/"
                        + "aLogVerifiesOnlyAsAGenuinePrefix"))))) {
            s.filter(p -> !p.getFileName().toString().contains("formats-md"))
                    .filter(p -> p.getFileName().toString().startsWith("genuine")
                    || p.getFileName().toString().startsWith("transcript-")).sorted().forEach(out::add);
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("logs")
    void everyStepsFactsReadAsTheirRecordAndWriteBackUnchanged(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        if (file.toString().endsWith(".pdf")) {
            try (PDDocument doc = Loader.loadPDF(bytes)) {
                bytes = EmbeddedFiles.read(doc, Attachment.EVENT_LOG, 1 << 26).orElseThrow();
            }
        }
        List<Event> events = EventLogVerifier.verify(bytes).events();
        Map<String, String> actionOf = new HashMap<>();
        int read = 0;
        for (Event e : events) {
            if (e.type().equals(EventType.STEP_BEGIN.wire())) {
                actionOf.put(e.step(), (String) e.data().get("action"));
            }
            if (e.type().equals(EventType.STEP_END.wire())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> facts = (Map<String, Object>) e.data().get("facts");
                String written = Json.canonical(ActionFacts.write(ActionFacts.read(actionOf.get(e.step()), facts)));
                assertThat(written).as("step %s (%s)", e.step(), actionOf.get(e.step())).isEqualTo(Json.canonical(facts));
                read++;
            }
        }
        assertThat(read).isPositive();
    }
}
