package org.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;

/**
 * {@code ceremony recover} on a damaged output folder. Each input makes an interrupted ceremony in
 * the stand-in world (crashed after the event or change it picks), then damages its event log the
 * way an accident or an insider without a key could: bytes overwritten, the file cut, events
 * edited, dropped, duplicated or swapped with the chain recomputed (a log needs no key to
 * rewrite), and recovers it, resuming or aborting as the input says. What recovery promises:
 * <ul>
 *   <li>it ends in a result or a {@link KeyCeremonyException} with a message; never another
 *       exception, never a hang;</li>
 *   <li>a log that does not verify (other than a torn last line) is refused with nothing
 *       changed: not the world, not a byte in the folder;</li>
 *   <li>whatever it did, the folder's log verifies afterwards, and nothing outside the folder
 *       was touched.</li>
 * </ul>
 */
class RecoverFuzzTest {
    private static final CeremonyScript SCRIPT = TestScripts.keyGeneration();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC);
    private static final int TICKS = ticksOfAFullRun();

    @FuzzTest
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void refusesADamagedLogUntouchedAndLeavesAVerifiableOne(FuzzedDataProvider data) throws Exception {
        Path root = Files.createTempDirectory("recover-fuzz");
        try {
            Path out = root.resolve("out");
            Path outside = Files.writeString(root.resolve("outside.txt"), "not this ceremony's");
            StandInWorld world = crashedCeremony(out, data.consumeInt(1, TICKS - 1));
            Path log = out.resolve(EventLog.FILE_NAME);
            Files.write(log, damaged(Files.readAllBytes(log), data));
            boolean broken = brokenBeyondATornTail(log);
            String worldBefore = world.describe();
            Map<String, String> folderBefore = contents(out);
            ScriptedPrompter prompter = new ScriptedPrompter();
            for (int i = 0; i < 4; i++) {
                prompter.failureChoices.add(FailureDecision.Choice.ABORT);
            }
            prompter.approveRollback = data.consumeBoolean();
            RecoveryChoice choice = data.consumeBoolean() ? RecoveryChoice.RESUME : RecoveryChoice.ABORT;
            try {
                CeremonyResult result = new Engine(world.registry(), prompter, CLOCK, e -> world.tick())
                        .recover(SCRIPT, out, choice);
                assertThat(broken).as("a log that does not verify was recovered: %s", result.outcome()).isFalse();
            } catch (KeyCeremonyException refused) {
                assertThat(refused.getMessage()).isNotBlank();
                if (broken) {
                    assertThat(world.describe()).as("the world after refusing a broken log").isEqualTo(worldBefore);
                    assertThat(contents(out)).as("the folder after refusing a broken log").isEqualTo(folderBefore);
                }
            }
            if (!broken) {
                EventLogVerifier.Result after = EventLogVerifier.verify(log);
                assertThat(after.valid() || after.truncatedTail()).as("the log after recovery: %s", after.summary()).isTrue();
            }
            assertThat(Files.readString(outside)).isEqualTo("not this ceremony's");
        } finally {
            RehearsalRuns.deleteTree(root);
        }
    }

    /** Runs the stand-in ceremony until the crash after tick {@code k}; the world it leaves behind. */
    private static StandInWorld crashedCeremony(Path out, int k) throws KeyCeremonyException {
        StandInWorld world = new StandInWorld();
        world.crashAt = k;
        try {
            new Engine(world.registry(), new ScriptedPrompter(), CLOCK, e -> world.tick()).run(SCRIPT, out, true);
            throw new IllegalStateException("the ceremony ended before tick " + k + " of " + TICKS);
        } catch (StandInWorld.SimulatedCrash crash) {
            world.crashAt = -1;
            return world;
        }
    }

    private static int ticksOfAFullRun() {
        try {
            Path dir = Files.createTempDirectory("recover-fuzz-full");
            try {
                StandInWorld world = new StandInWorld();
                new Engine(world.registry(), new ScriptedPrompter(), CLOCK, e -> world.tick()).run(SCRIPT,
                        dir.resolve("out"), true);
                return world.ticks;
            } finally {
                RehearsalRuns.deleteTree(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (KeyCeremonyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The log with one damage, as the input chooses. */
    static byte[] damaged(byte[] log, FuzzedDataProvider data) throws InvalidInputException {
        int kind = data.consumeInt(0, 6);
        if (kind == 0) { // bytes overwritten where the input says, chain left as it is
            int at = data.consumeInt(0, log.length);
            byte[] with = data.consumeBytes(64);
            byte[] out = java.util.Arrays.copyOf(log, Math.max(log.length, at + with.length));
            System.arraycopy(with, 0, out, at, with.length);
            return out;
        }
        if (kind == 1) { // cut anywhere
            return java.util.Arrays.copyOf(log, data.consumeInt(0, log.length));
        }
        List<Event> events = new ArrayList<>();
        for (String line : new String(log, StandardCharsets.UTF_8).split("\n")) {
            events.add(Event.parse(line));
        }
        int i = data.consumeInt(0, events.size() - 1);
        switch (kind) {
            case 2 -> events.remove(i);
            case 3 -> events.add(i, events.get(i));
            case 4 -> events.add(data.consumeInt(0, events.size() - 1), events.remove(i));
            default -> { // one field of one event's data set to what the input says
                Event e = events.get(i);
                Map<String, Object> d = new TreeMap<>(e.data());
                List<String> keys = new ArrayList<>(d.keySet());
                String key = keys.isEmpty() || data.consumeBoolean() ? data.consumeString(16)
                        : keys.get(data.consumeInt(0, keys.size() - 1));
                d.put(key, value(data, 2));
                String type = kind == 6 ? data.pickValue(EVENT_TYPES) : e.type();
                events.set(i, new Event(e.seq(), e.time(), type, e.step(), e.actor(), d, e.prev(), e.hash()));
            }
        }
        return rechained(events);
    }

    private static final List<String> EVENT_TYPES = Stream.of(org.keyceremony.journal.EventType.values())
            .map(org.keyceremony.journal.EventType::wire).toList();

    private static Object value(FuzzedDataProvider data, int depth) {
        return switch (data.consumeInt(0, depth > 0 ? 5 : 3)) {
            case 0 -> data.consumeString(200);
            case 1 -> data.consumeLong();
            case 2 -> data.consumeBoolean();
            case 3 -> null;
            case 4 -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int n = data.consumeInt(0, 3); n > 0; n--) {
                    m.put(data.consumeString(16), value(data, depth - 1));
                }
                yield m;
            }
            default -> {
                List<Object> l = new ArrayList<>();
                for (int n = data.consumeInt(0, 3); n > 0; n--) {
                    l.add(value(data, depth - 1));
                }
                yield l;
            }
        };
    }

    /** The events renumbered and chained again, as anyone can without a key. */
    private static byte[] rechained(List<Event> events) {
        StringBuilder out = new StringBuilder();
        String prev = Event.GENESIS;
        long seq = 1;
        for (Event e : events) {
            Event again = Event.next(seq++, e.time(), e.type(), e.step(), e.actor(), e.data(), prev);
            out.append(again.toJsonLine()).append('\n');
            prev = again.hash();
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean brokenBeyondATornTail(Path log) {
        try {
            EventLogVerifier.Result r = EventLogVerifier.verify(log);
            return !r.valid() && !r.truncatedTail();
        } catch (KeyCeremonyException e) {
            return true;
        }
    }

    /** Every file in the folder with its SHA-256, by relative path. */
    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), org.keyceremony.base.Digests.sha256Hex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

}
