package org.keyceremony.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.base.KeyCeremonyException;

class EventLogTest {
    @TempDir
    Path dir;
    Path file;
    List<String> lines;
    String finalHash;

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:15:30.123456Z"), ZoneOffset.UTC);

    @BeforeEach
    void sixEvents() throws Exception {
        file = dir.resolve(EventLog.FILE_NAME);
        try (EventLog log = EventLog.create(file, CLOCK)) {
            log.append(EventType.CEREMONY_START, "", "engine", Map.of("ceremonyId", "c-1"));
            for (int i = 1; i <= 4; i++) {
                log.append(EventType.STEP_BEGIN, "1." + i, "administrator", Map.of("attempt", 1L, "title", "Step é " + i));
            }
            finalHash = log.append(EventType.CEREMONY_END, "", "engine", Map.of("outcome", "completed")).hash();
        }
        lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private EventLogVerifier.Result verifyLines(List<String> ls) throws Exception {
        Files.writeString(file, String.join("\n", ls) + "\n", StandardCharsets.UTF_8);
        return EventLogVerifier.verify(file);
    }

    @Test
    void anUntouchedLogVerifiesWithItsFinalHash() throws Exception {
        EventLogVerifier.Result r = EventLogVerifier.verify(file);
        assertThat(r.valid()).isTrue();
        assertThat(r.events()).hasSize(6);
        assertThat(r.finalHash()).isEqualTo(finalHash);
        assertThat(r.events().get(0).prev()).isEqualTo(Event.GENESIS);
        assertThat(r.summary()).isEqualTo("valid, 6 events, final hash " + finalHash);
        assertThat(lines.get(1)).isEqualTo("{\"actor\":\"administrator\",\"data\":{\"attempt\":1,\"title\":\"Step é 1\"},"
                + "\"hash\":\"" + r.events().get(1).hash() + "\",\"prev\":\"" + r.events().get(0).hash()
                + "\",\"seq\":2,\"step\":\"1.1\",\"time\":\"2026-11-26T10:15:30.123Z\",\"type\":\"step-begin\"}");
    }

    @Test
    void theHashIsSha256OverPrevBytesAndTheCanonicalEventWithoutHash() throws Exception {
        Event e = EventLogVerifier.verify(file).events().get(1);
        String withoutHash = "{\"actor\":\"administrator\",\"data\":{\"attempt\":1,\"title\":\"Step é 1\"},"
                + "\"prev\":\"" + e.prev() + "\",\"seq\":2,\"step\":\"1.1\",\"time\":\"2026-11-26T10:15:30.123Z\",\"type\":\"step-begin\"}";
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(HexFormat.of().parseHex(e.prev()));
        sha.update(withoutHash.getBytes(StandardCharsets.UTF_8));
        assertThat(e.hash()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void anEditedEventIsNamed() throws Exception {
        lines.set(2, lines.get(2).replace("Step é 2", "Step e 2"));
        EventLogVerifier.Result r = verifyLines(lines);
        assertThat(r.valid()).isFalse();
        assertThat(r.problem()).isEqualTo("event 3 (line 3): its hash does not match its content: the event was edited");
        assertThat(r.problemSeq()).isEqualTo(3);
        assertThat(r.events()).hasSize(2);
    }

    @Test
    void anEditedAndReHashedEventIsNamedByTheNextOne() throws Exception {
        Event e = Event.parse(lines.get(2));
        Event forged = Event.next(e.seq(), e.time(), e.type(), e.step(), e.actor(), Map.of("attempt", 2L), e.prev());
        lines.set(2, forged.toJsonLine());
        assertThat(verifyLines(lines).problem()).isEqualTo("event 4 (line 4): prev does not match the hash of event 3: "
                + "event 3 was changed or replaced, or an event before it was inserted");
    }

    @Test
    void aDeletedEventIsNamed() throws Exception {
        lines.remove(2);
        EventLogVerifier.Result r = verifyLines(lines);
        assertThat(r.problem()).isEqualTo("event 3 is missing: line 3 holds seq 4 (deleted event)");
        assertThat(r.problemLine()).isEqualTo(3);
    }

    @Test
    void anInsertedEventIsNamed() throws Exception {
        lines.add(2, lines.get(1));
        assertThat(verifyLines(lines).problem())
                .isEqualTo("line 3 holds seq 2 again after event 2: an event was inserted or duplicated here");
    }

    @Test
    void reorderedEventsAreNamed() throws Exception {
        String third = lines.get(2);
        lines.set(2, lines.get(3));
        lines.set(3, third);
        assertThat(verifyLines(lines).problem())
                .isEqualTo("line 3 holds seq 4 where event 3 belongs: events are out of order (reordered)");
    }

    @Test
    void aTruncatedLastLineIsNamedAsACrash() throws Exception {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 30));
        EventLogVerifier.Result r = EventLogVerifier.verify(file);
        assertThat(r.valid()).isFalse();
        assertThat(r.truncatedTail()).isTrue();
        assertThat(r.problem()).isEqualTo("line 6 (where event 6 belongs) is incomplete: the log was cut short, "
                + "most likely by a crash while writing");
        assertThat(r.events()).hasSize(5);
    }

    @Test
    void aLogCutAtALineBoundaryVerifiesButItsFinalHashChanges() throws Exception {
        EventLogVerifier.Result r = verifyLines(lines.subList(0, 5));
        assertThat(r.valid()).isTrue();
        assertThat(r.finalHash()).isNotEqualTo(finalHash);
    }

    @Test
    void nonCanonicalSpellingAndGarbageAreNamed() throws Exception {
        lines.set(1, lines.get(1).replace("{\"actor\"", "{ \"actor\""));
        assertThat(verifyLines(lines).problem()).isEqualTo("event 2 (line 2) is not written in canonical form: the line was edited");
        lines.set(1, "not json");
        assertThat(verifyLines(lines).problem()).isEqualTo("line 2 (where event 2 belongs) is not a valid event: "
                + "invalid JSON at offset 0: invalid literal");
        lines.set(1, "{}");
        assertThat(verifyLines(lines).problem()).startsWith("line 2 (where event 2 belongs) is not a valid event: event fields are []");
        Files.write(file, new byte[] {'{', (byte) 0xC3, '\n'});
        assertThat(EventLogVerifier.verify(file).problem()).isEqualTo("line 1 (where event 1 belongs) is not a valid event: not valid UTF-8");
    }

    @Test
    void resumeContinuesTheChainAndRefusesABrokenLog() throws Exception {
        try (EventLog log = EventLog.resume(file, CLOCK)) {
            Event next = log.append(EventType.RECOVERY, "", "engine", Map.of());
            assertThat(next.seq()).isEqualTo(7);
            assertThat(next.prev()).isEqualTo(finalHash);
        }
        assertThat(EventLogVerifier.verify(file).valid()).isTrue();
        lines.remove(1);
        verifyLines(lines);
        assertThatThrownBy(() -> EventLog.resume(file, CLOCK)).isInstanceOf(KeyCeremonyException.class)
                .hasMessageEndingWith("does not verify, so the ceremony cannot be continued from it: "
                        + "event 2 is missing: line 2 holds seq 3 (deleted event)");
    }

    @Test
    void createNeverOverwrites() {
        assertThatThrownBy(() -> EventLog.create(file, CLOCK)).isInstanceOf(KeyCeremonyException.class)
                .hasMessageContaining("already exists: a ceremony never overwrites its journal");
    }

    @Test
    void theTestVectorInFormatsMdVerifies() throws Exception {
        String doc = Files.readString(Path.of("docs/formats.md"));
        int from = doc.indexOf("```jsonl\n") + "```jsonl\n".length();
        String vector = doc.substring(from, doc.indexOf("```", from));
        EventLogVerifier.Result r = EventLogVerifier.verify(vector.getBytes(StandardCharsets.UTF_8));
        assertThat(r.valid()).as(r.problem()).isTrue();
        assertThat(r.events()).hasSize(2);
        assertThat(r.finalHash()).isEqualTo("9086934de0cbfefad9a96202c2adb88cf07e85db07ed6cd255bef73fc8f7a7fb");
        assertThat(doc).contains("the final hash is\n`" + r.finalHash() + "`");
    }

    @Test
    void onlyOneWriterAtATime() throws Exception {
        try (EventLog first = EventLog.resume(file, CLOCK)) {
            assertThatThrownBy(() -> EventLog.resume(file, CLOCK)).isInstanceOf(KeyCeremonyException.class)
                    .hasMessageEndingWith("is open in another program or window; only one may write a ceremony's log. "
                            + "Close the other one first.");
            first.append(EventType.RECOVERY, "", "engine", Map.of());
        }
        try (EventLog again = EventLog.resume(file, CLOCK)) {
            assertThat(again.events()).hasSize(7);
        }
    }

    @Test
    void aLogWithoutItsFirstEventIsNamed() throws Exception {
        assertThat(verifyLines(lines.subList(1, lines.size())).problem())
                .isEqualTo("line 1 holds seq 2, but a log starts with event 1: the log's beginning is missing");
    }
}
