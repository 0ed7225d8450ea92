package org.keyceremony.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;

/**
 * The installed {@code ceremony} launcher, started by {@link RehearsalRuns#ceremonyProcess} against
 * a rehearsal world, and killed with SIGKILL ({@link RehearsalRuns#kill}) when its event log
 * reaches a chosen event: what the crash campaigns add to the one rehearsal harness.
 */
final class RehearsalProcess {
    private static final Pattern TYPE = Pattern.compile("\"type\":\"([^\"]+)\"");
    private static final Pattern STEP = Pattern.compile("\"step\":\"([^\"]*)\"");

    /** One line of the event log, as far as choosing a kill point needs. */
    record Line(String type, String step) {
        static Line of(String json) {
            Matcher t = TYPE.matcher(json);
            Matcher s = STEP.matcher(json);
            return new Line(t.find() ? t.group(1) : "", s.find() ? s.group(1) : "");
        }
    }

    private RehearsalProcess() {
    }

    /**
     * {@code ceremony args}, both streams appended to {@code output}, with the world's SOFTHSM2_CONF
     * if {@code worldEnvironment}, else without one (a user's shell: the launcher sets it itself).
     */
    static ProcessBuilder launcher(RehearsalWorld world, boolean worldEnvironment, Path output, String... args) {
        return RehearsalRuns.ceremonyProcess(worldEnvironment ? RehearsalRuns.world(world.workspace())
                : RehearsalRuns.PLAIN_SHELL, args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    }

    static Process startRehearsal(RehearsalWorld world, Path script, Path answers) throws IOException {
        return launcher(world, true, world.workspace().resolve("rehearse.out"), "rehearse", "--workspace",
                world.workspace().toString(), "--headless", "--script", script.toString(), "--answers",
                answers.toString()).start();
    }

    /** A new world at {@code workspace} in which the root ceremony (EC P-384 variant) ran to completion. */
    static RehearsalWorld completedRoot(Path workspace) throws Exception {
        RehearsalWorld world = RehearsalWorld.create(workspace, 7, RehearsalWorld.DEFAULT_USER_PIN,
                RehearsalWorld.DEFAULT_SO_PIN);
        Path out = workspace.resolveSibling(workspace.getFileName() + ".out");
        int code = run(launcher(world, true, out, "rehearse", "--workspace", workspace.toString(), "--headless",
                "--script", CeremonyTable.SCRIPT.toString(), "--answers", RehearsalRuns.SHIPPED_ANSWERS.toString()));
        if (code != 0) {
            throw new AssertionError("the root rehearsal failed:\n" + Files.readString(out));
        }
        return world;
    }

    /** The ceremony's output directory, once it exists. */
    static Path ceremonyDir(RehearsalWorld world) throws IOException {
        return ceremonyDir(world, "");
    }

    /** The output directory of the ceremony whose folder name starts with {@code prefix}, once it exists. */
    static Path ceremonyDir(RehearsalWorld world, String prefix) throws IOException {
        try (var s = Files.list(world.transcripts())) {
            return s.filter(Files::isDirectory).filter(d -> d.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElse(null);
        }
    }

    static List<Line> lines(Path log) throws IOException {
        if (log == null || !Files.isRegularFile(log)) {
            return List.of();
        }
        List<Line> out = new ArrayList<>();
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            out.add(Line.of(l));
        }
        return out;
    }

    /**
     * Kills {@code p} with SIGKILL as soon as its log satisfies {@code killPoint} (or after
     * {@code afterMillis} of log activity, if that is not negative); returns the log lines seen
     * at the kill (the process may have written one or two more before it died).
     */
    static int killWhen(RehearsalWorld world, Process p, Predicate<List<Line>> killPoint, long afterMillis)
            throws Exception {
        return killWhen(world, "", p, killPoint, afterMillis);
    }

    /** As above, for the ceremony whose output folder starts with {@code prefix}. */
    static int killWhen(RehearsalWorld world, String prefix, Process p, Predicate<List<Line>> killPoint,
            long afterMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long firstEvent = -1;
        while (p.isAlive() && System.nanoTime() < deadline) {
            Path dir = ceremonyDir(world, prefix);
            List<Line> lines = lines(dir == null ? null : dir.resolve("events.jsonl"));
            if (!lines.isEmpty() && firstEvent < 0) {
                firstEvent = System.nanoTime();
            }
            boolean due = afterMillis >= 0 ? firstEvent >= 0
                    && System.nanoTime() - firstEvent >= TimeUnit.MILLISECONDS.toNanos(afterMillis)
                    : killPoint.test(lines);
            if (due) {
                RehearsalRuns.kill(p);
                return lines.size();
            }
            Thread.sleep(2);
        }
        RehearsalRuns.kill(p);
        return -1;
    }

    /** Runs the launcher to its end; returns its exit code (the output goes to {@code output}). */
    static int run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            RehearsalRuns.kill(p);
            throw new AssertionError("the command did not finish within 180 s: " + pb.command());
        }
        return p.exitValue();
    }
}
