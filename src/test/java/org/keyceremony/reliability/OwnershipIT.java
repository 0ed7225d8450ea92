package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.base.Digests;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.transcript.TranscriptVerifier;

/**
 * Recovery acts only on the ceremony it owns (issue 16, cases 2, 3, 4, 11 and 12), driven from
 * outside with the installed launcher against rehearsal worlds, and judged with
 * {@code pkcs11-tool} and the files themselves: a copy of a completed ceremony's folder cannot
 * be aborted; a completed ceremony whose log was cut in place keeps everything (its completion
 * record is on the HSM); {@code recover} is refused while the ceremony is still running; a
 * hand-edited removal cannot delete a file outside the ceremony's folders; a missing card PIN
 * is found before step 1.1; two rehearsals cannot share a workspace.
 */
class OwnershipIT {
    @TempDir
    static Path shared;
    private static Path root;

    @BeforeAll
    static void completedRootCeremony() throws Exception {
        root = RehearsalProcess.completedRoot(shared.resolve("root")).workspace();
    }

    /** Everything a recovery could touch: objects on every token, files on the media and in transcripts/. */
    private static Map<String, String> everything(RehearsalWorld world) throws Exception {
        Map<String, String> all = new TreeMap<>();
        String slots = new String(RehearsalRuns.pkcs11Output(world.workspace(), "-L"), StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("token label\\s*:\\s*(\\S+)").matcher(slots);
        while (m.find()) {
            all.put("token " + m.group(1), new String(RehearsalRuns.pkcs11Output(world.workspace(), "--slot",
                    RehearsalRuns.slotOf(world.workspace(), m.group(1)), "--login", "--pin", RehearsalWorld.DEFAULT_USER_PIN,
                    "--list-objects"), StandardCharsets.UTF_8));
        }
        for (String d : List.of("media-1", "media-2", "transcripts")) {
            try (Stream<Path> s = Files.walk(world.workspace().resolve(d))) {
                for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                        .toList()) {
                    all.put(world.workspace().relativize(f).toString(), Digests.sha256Hex(Files.readAllBytes(f)));
                }
            }
        }
        return all;
    }

    /** The lines of {@code log} up to and including the last event of step {@code step}. */
    private static List<String> cutAfter(Path log, String step) throws Exception {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"step\":\"" + step + "\"")) {
                last = i;
            }
        }
        assertThat(last).as("step " + step + " in the log").isPositive();
        return new ArrayList<>(lines.subList(0, last + 1));
    }

    private static RehearsalWorld fork(String name, Path tmp) throws Exception {
        return RehearsalWorld.open(RehearsalRuns.fork(root, tmp.resolve(name)));
    }

    private static String recover(RehearsalWorld world, Path dir, Path out, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("recover", dir.toString()));
        args.addAll(List.of(options));
        int code = RehearsalProcess.run(RehearsalProcess.launcher(world, true, out, args.toArray(String[]::new)));
        return code + ": " + Files.readString(out);
    }

    @Test
    void aCopyOfACompletedCeremonysFolderWithItsLogCutCannotBeAbortedAndNothingIsTouched(@TempDir Path tmp)
            throws Exception {
        RehearsalWorld world = fork("copy", tmp);
        Path original = RehearsalProcess.ceremonyDir(world);
        Path copy = Files.createDirectories(world.workspace().resolve("copies").resolve(original.getFileName()));
        try (Stream<Path> s = Files.list(original)) {
            for (Path f : s.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Files.write(copy.resolve("events.jsonl"), cutAfter(original.resolve("events.jsonl"), "3.6"));
        assertThat(EventLogVerifier.verify(copy.resolve("events.jsonl")).valid()).as("a valid, shorter log").isTrue();
        Map<String, String> before = everything(world);

        String result = recover(world, copy, tmp.resolve("recover.out"), "--abort");

        assertThat(result).startsWith("1: ").contains("this folder is a copy, or was moved", "Nothing was changed");
        assertThat(everything(world)).as("key, shares, backups and the original folder untouched").isEqualTo(before);
        RestorePaths.assertHeld(world, "after the refused abort of a copy");
        assertThat(TranscriptVerifier.verify(RehearsalRuns.transcript(original), (String) null).valid()).isTrue();
    }

    @Test
    void aCompletedCeremonyWhoseLogWasCutInPlaceKeepsEverythingBecauseItsCompletionRecordIsOnTheHsm(@TempDir Path tmp)
            throws Exception {
        // Not a fork: the folder must be where the ceremony started, or it is refused as a copy before anything else.
        RehearsalWorld world = RehearsalProcess.completedRoot(tmp.resolve("ws"));
        Path dir = RehearsalProcess.ceremonyDir(world);
        Path transcript = RehearsalRuns.transcript(dir);
        // The signed transcript is moved away (a copy of the folder cannot hide the HSM's record) and the log cut.
        Files.move(transcript, tmp.resolve(transcript.getFileName()));
        Files.write(dir.resolve("events.jsonl"), cutAfter(dir.resolve("events.jsonl"), "3.6"));
        Map<String, String> before = everything(world);
        before.keySet().removeIf(k -> k.endsWith("events.jsonl"));

        String result = recover(world, dir, tmp.resolve("recover.out"), "--abort", "--answers",
                RehearsalRuns.SHIPPED_ANSWERS.toString());

        assertThat(result).contains("Kept on purpose").doesNotContain("NOT removed");
        Map<String, String> after = everything(world);
        after.keySet().removeIf(k -> k.endsWith("events.jsonl"));
        assertThat(after).as("nothing removed").isEqualTo(before);
        RestorePaths.assertHeld(world, "after the abort of a cut log");
        List<Event> events = EventLogVerifier.verify(dir.resolve("events.jsonl")).events();
        assertThat(events).filteredOn(e -> e.type().equals("rollback")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.data()).containsEntry("outcome", "refused")
                        .extractingByKey("error").asString().contains("this ceremony completed"));
    }

    @Test
    void recoverIsRefusedWhileTheCeremonyIsStillRunningAndTheRunCompletesUntouched(@TempDir Path tmp) throws Exception {
        RehearsalWorld world = RehearsalWorld.create(tmp.resolve("ws"), 7, RehearsalWorld.DEFAULT_USER_PIN,
                RehearsalWorld.DEFAULT_SO_PIN);
        Process p = RehearsalProcess.startRehearsal(world, CeremonyTable.SCRIPT, RehearsalRuns.SHIPPED_ANSWERS);
        List<ProcessHandle> paused = new ArrayList<>();
        try {
            // Paused (SIGSTOP) once the transcript is being signed, as in the report: alive, holding its locks.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && !CrashRecoveryIT.nth(1, "step-begin", "4.4")
                    .test(RehearsalProcess.lines(logOf(world)))) {
                Thread.sleep(2);
            }
            paused.add(p.toHandle());
            paused.addAll(p.descendants().toList());
            signal("-STOP", paused);
            Path dir = RehearsalProcess.ceremonyDir(world);
            int events = RehearsalProcess.lines(dir.resolve("events.jsonl")).size();

            String rehearsalRecover = recover(world, dir, tmp.resolve("recover.out"), "--abort");
            String plainRecover = recover(world, dir, tmp.resolve("recover-2.out"), "--resume", "--answers",
                    RehearsalRuns.SHIPPED_ANSWERS.toString());

            assertThat(rehearsalRecover).startsWith("1: ").containsIgnoringCase("in use");
            assertThat(plainRecover).startsWith("1: ").containsIgnoringCase("in use");
            assertThat(RehearsalProcess.lines(dir.resolve("events.jsonl"))).as("recover wrote nothing").hasSize(events);
            signal("-CONT", paused);
            paused.clear();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(world.workspace().resolve("rehearse.out"))).isZero();
            EventLogVerifier.Result log = EventLogVerifier.verify(dir.resolve("events.jsonl"));
            assertThat(log.valid()).isTrue();
            assertThat(log.events()).noneMatch(e -> e.type().equals("recovery"));
            assertThat(log.events().get(log.events().size() - 1).data()).containsEntry("outcome", "completed");
            assertThat(TranscriptVerifier.verify(RehearsalRuns.transcript(dir), (String) null).valid()).isTrue();
            RestorePaths.assertHeld(world, "after the run");
        } finally {
            signal("-CONT", paused);
            RehearsalRuns.kill(p);
        }
    }

    private static Path logOf(RehearsalWorld world) throws Exception {
        Path dir = RehearsalProcess.ceremonyDir(world);
        return dir == null ? null : dir.resolve("events.jsonl");
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        for (ProcessHandle h : processes) {
            new ProcessBuilder("kill", signal, String.valueOf(h.pid())).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHandEditedRemovalCannotDeleteAFileOutsideTheCeremonysFolders(@TempDir Path tmp) throws Exception {
        RehearsalWorld world = RehearsalWorld.create(tmp.resolve("ws"), 7, RehearsalWorld.DEFAULT_USER_PIN,
                RehearsalWorld.DEFAULT_SO_PIN);
        Process p = RehearsalProcess.startRehearsal(world, CeremonyTable.SCRIPT, RehearsalRuns.SHIPPED_ANSWERS);
        RehearsalProcess.killWhen(world, p, CrashRecoveryIT.nth(1, "step-end", "3.6"), -1);
        Path dir = RehearsalProcess.ceremonyDir(world);
        Path victim = Files.writeString(tmp.resolve("someone-elses-file.txt"), "not this ceremony's");
        String victimSha = Digests.sha256Hex(Files.readAllBytes(victim));
        // Anyone can rewrite a log and recompute its chain: every delete-file removal now points at the victim.
        int edited = rewrite(dir.resolve("events.jsonl"), victim.toString(), victimSha);
        assertThat(edited).as("delete-file removals in the log").isPositive();

        String result = recover(world, dir, tmp.resolve("recover.out"), "--abort", "--answers",
                RehearsalRuns.SHIPPED_ANSWERS.toString());

        assertThat(victim).as(result).exists().hasContent("not this ceremony's");
        List<Event> events = EventLogVerifier.verify(dir.resolve("events.jsonl")).events();
        assertThat(events).filteredOn(e -> e.type().equals("rollback") && "delete-file".equals(e.data().get("kind"))
                && String.valueOf(e.data().get("description")).contains(victim.getFileName().toString()))
                .isNotEmpty().allSatisfy(e -> assertThat(e.data().get("outcome")).isNotEqualTo("done"));
        assertThat(result).contains(victim.toString());
    }

    /** Points every delete-file removal of {@code log} at {@code path} with {@code sha256}; recomputes the chain. */
    private static int rewrite(Path log, String path, String sha256) throws Exception {
        EventLogVerifier.Result parsed = EventLogVerifier.verify(log);
        StringBuilder sb = new StringBuilder();
        String prev = Event.GENESIS;
        int edited = 0;
        for (Event e : parsed.events()) {
            Map<String, Object> data = e.data();
            if (e.type().equals("rollback-registered") && "delete-file".equals(data.get("kind"))) {
                data = new LinkedHashMap<>(data);
                // A parsed JSON object: its keys are strings, its values what Json.parse gives.
                @SuppressWarnings("unchecked")
                Map<String, Object> params = new LinkedHashMap<>((Map<String, Object>) data.get("params"));
                params.put("path", path);
                params.put("sha256", sha256);
                data.put("params", params);
                data.put("description", "delete " + path);
                edited++;
            }
            Event forged = Event.next(e.seq(), e.time(), e.type(), e.step(), e.actor(), data, prev);
            sb.append(forged.toJsonLine()).append('\n');
            prev = forged.hash();
        }
        Files.writeString(log, sb.toString(), StandardCharsets.UTF_8);
        return edited;
    }

    @Test
    void aMissingCardPinInTheAnswersFileIsFoundBeforeStepOneAndNothingIsMade(@TempDir Path tmp) throws Exception {
        RehearsalWorld world = RehearsalWorld.create(tmp.resolve("ws"), 7, RehearsalWorld.DEFAULT_USER_PIN,
                RehearsalWorld.DEFAULT_SO_PIN);
        Path answers = tmp.resolve("no-card-3.answers.yaml");
        String shipped = Files.readString(RehearsalRuns.SHIPPED_ANSWERS);
        assertThat(shipped).contains("  card-3: \"123456\"\n");
        Files.writeString(answers, shipped.replace("  card-3: \"123456\"\n", ""));
        Map<String, String> before = everything(world);

        Path out = tmp.resolve("rehearse.out");
        int code = RehearsalProcess.run(RehearsalProcess.launcher(world, true, out, "rehearse", "--workspace",
                world.workspace().toString(), "--headless", "--script", CeremonyTable.SCRIPT.toString(), "--answers",
                answers.toString()));

        String output = Files.readString(out);
        assertThat(code).as(output).isEqualTo(1);
        assertThat(output).contains("card-3").doesNotContain("NOT removed").doesNotContain("123456");
        Path dir = RehearsalProcess.ceremonyDir(world);
        if (dir != null && Files.exists(dir.resolve("events.jsonl"))) {
            assertThat(RehearsalProcess.lines(dir.resolve("events.jsonl"))).as("no step began")
                    .noneMatch(l -> l.type().equals("step-begin"));
        }
        assertThat(everything(world)).as("nothing made on any token or medium").isEqualTo(before);
    }

    @Test
    void twoRehearsalsCannotShareAWorkspace(@TempDir Path tmp) throws Exception {
        RehearsalWorld world = RehearsalWorld.create(tmp.resolve("ws"), 7, RehearsalWorld.DEFAULT_USER_PIN,
                RehearsalWorld.DEFAULT_SO_PIN);
        Process first = RehearsalProcess.startRehearsal(world, CeremonyTable.SCRIPT, RehearsalRuns.SHIPPED_ANSWERS);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && RehearsalProcess.lines(logOf(world)).isEmpty()) {
                Thread.sleep(5);
            }
            Path out = tmp.resolve("second.out");
            int code = RehearsalProcess.run(RehearsalProcess.launcher(world, true, out, "rehearse", "--workspace",
                    world.workspace().toString(), "--headless", "--script", CeremonyTable.SCRIPT.toString(),
                    "--answers", RehearsalRuns.SHIPPED_ANSWERS.toString()));
            assertThat(code).isEqualTo(1);
            assertThat(Files.readString(out)).containsIgnoringCase("in use").contains(world.workspace().toString());
            assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as(Files.readString(world.workspace().resolve("rehearse.out"))).isZero();
            try (Stream<Path> s = Files.list(world.transcripts())) {
                assertThat(s.filter(Files::isDirectory).count()).as("one ceremony folder").isEqualTo(1);
            }
        } finally {
            RehearsalRuns.kill(first);
        }
    }
}
