package org.keyceremony.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 4: runs {@link ScalingProbe} in a JVM started with the same flags as
 * {@code bin/ceremony} (read from the launcher itself, so the two cannot drift apart).
 */
final class ScalingBench {
    static final List<Integer> SIZES = List.of(100, 500, 5000);
    private static final Pattern LINE = Pattern.compile(
            "events=(\\d+) bytes=(\\d+) total=([0-9.]+) render=([0-9.]+) sign=([0-9.]+)");

    /** One size: medians in seconds. */
    record Point(int events, long bytes, double total, double render, double sign) {
    }

    private final Setup s;

    ScalingBench(Setup s) {
        this.s = s;
    }

    List<Point> measure(Path templateEvents, Path script) throws IOException {
        Path dir = s.work().resolve("scaling");
        Path shm = Path.of("/dev/shm");
        // the event logs are built with EventLog, which fsyncs every event: on tmpfs that costs nothing
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            dir = Files.createTempDirectory(shm, "keyceremony-bench-");
        }
        Files.createDirectories(dir);
        try {
            List<String> cmd = new ArrayList<>(List.of("java"));
            cmd.addAll(launcherFlags());
            cmd.addAll(List.of("-cp", s.classes() + ":" + s.dist().resolve("lib") + "/*",
                    "org.keyceremony.bench.ScalingProbe", dir.toString(), templateEvents.toString(), script.toString(),
                    Integer.toString(Math.max(3, s.reps() / 2))));
            SIZES.forEach(n -> cmd.add(Integer.toString(n)));
            Proc.Result r = Proc.run(cmd, Map.of(), s.work()).ok();
            List<Point> points = new ArrayList<>();
            for (String line : r.output().lines().toList()) {
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    points.add(new Point(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)),
                            Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5))));
                }
            }
            if (points.size() != SIZES.size()) {
                throw new IllegalStateException("the scaling probe printed " + points.size() + " results:\n"
                        + Proc.tail(r.output(), 3000));
            }
            return points;
        } finally {
            if (dir.startsWith(shm)) {
                Proc.run("rm", "-rf", dir.toString());
            }
        }
    }

    /** The JVM flags of bin/ceremony: the words of its exec line between "$java" and -cp. */
    List<String> launcherFlags() throws IOException {
        String text = Files.readString(s.ceremony()).replace("\\\n", " ");
        Matcher m = Pattern.compile("exec \"\\$java\"(.*?)-cp ").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("cannot find the java command line in " + s.ceremony());
        }
        // $heap: the script's first setting of it, the one for everything but a verification batch
        Matcher heap = Pattern.compile("(?m)^heap=\"([^\"]*)\"").matcher(text);
        String heapFlags = heap.find() ? heap.group(1) : "";
        List<String> flags = new ArrayList<>();
        for (String w : m.group(1).trim().split("\\s+")) {
            if (w.startsWith("${KEYCEREMONY_JAVA_OPTS")) {
                continue;
            }
            if (w.equals("$heap")) {
                flags.addAll(List.of(heapFlags.split("\\s+")));
                continue;
            }
            flags.add(w.replace("\"", "").replace("$home", s.dist().toString()));
        }
        return flags;
    }
}
