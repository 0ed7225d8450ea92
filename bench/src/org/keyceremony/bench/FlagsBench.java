package org.keyceremony.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher's JVM flags against the JDK's defaults: the EC ceremony (time, largest
 * process's peak RSS) and the 100-transcript verification, each configuration in turn, run
 * by run. KEYCEREMONY_JAVA_OPTS comes after the launcher's own flags, so it overrides them
 * (the rehearsal's child JVM inherits them).
 */
final class FlagsBench {
    static final Map<String, String> CONFIGS = new LinkedHashMap<>();

    static {
        CONFIGS.put("launcher as shipped: SerialGC, C1 only, `-Xms32m`, heap 10–20 % free (a batch of 8+: `-Xms96m -Xmn64m`)", "");
        CONFIGS.put("… with the JDK's initial heap (1/64 of RAM)", "-XX:InitialHeapSize=0");
        CONFIGS.put("… and C2 as well (`-XX:TieredStopAtLevel=4`)", "-XX:InitialHeapSize=0 -XX:TieredStopAtLevel=4");
        CONFIGS.put("JDK defaults: G1, C1 + C2, initial heap 1/64 of RAM",
                "-XX:-UseSerialGC -XX:+UseG1GC -XX:TieredStopAtLevel=4 -XX:InitialHeapSize=0");
    }

    /** Medians of one configuration. */
    static final class Figures {
        final Stats ceremony = new Stats();
        final Stats ceremonyMib = new Stats();
        final Stats batch = new Stats();
        final Stats batchMib = new Stats();
    }

    private final Setup s;

    FlagsBench(Setup s) {
        this.s = s;
    }

    Map<String, Figures> measure(Path ecScript, Path transcript) throws IOException {
        String fingerprint = VerifyBench.fingerprint(transcript.resolveSibling("root-ca.der"));
        Path dir = Files.createDirectories(s.work().resolve("flags-batch"));
        List<Path> copies = new ArrayList<>();
        for (int i = 1; i <= VerifyBench.BATCH; i++) {
            copies.add(Files.copy(transcript, dir.resolve(String.format("transcript-%03d.pdf", i))));
        }
        Map<String, String> configs = new LinkedHashMap<>(CONFIGS);
        // Not shipped, measured to show what it would give: an AppCDS archive of the classes one
        // 'ceremony verify' loads (JDK 17 makes it with -XX:ArchiveClassesAtExit; it is tied to the JDK build).
        Path jsa = s.work().resolve("keyceremony-app.jsa");
        Proc.run(Proc.cmd(s.ceremony(), "verify", "--expect-fingerprint", fingerprint, transcript),
                Map.of("KEYCEREMONY_JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + jsa), s.work());
        if (Files.isRegularFile(jsa)) {
            configs.put("launcher as shipped + an AppCDS archive (not shipped; see the notes)",
                    "-XX:SharedArchiveFile=" + jsa);
        }
        Map<String, Figures> out = new LinkedHashMap<>();
        configs.keySet().forEach(k -> out.put(k, new Figures()));
        int reps = Math.max(3, s.reps() / 2);
        int n = 0;
        for (int i = 1; i <= reps; i++) {
            for (var c : configs.entrySet()) {
                Figures f = out.get(c.getKey());
                Map<String, String> env = Map.of("KEYCEREMONY_JAVA_OPTS", c.getValue());
                Path rss = s.work().resolve("flags-rss-" + (++n));
                Proc.Result r = Proc.run(Proc.cmd("/usr/bin/time", "-f", "%M", "-o", rss, s.ceremony(), "rehearse",
                        "--workspace", s.work().resolve("flags-ws-" + n), "--headless", "--script", ecScript,
                        "--answers", s.answers()), env, s.work()).ok();
                f.ceremony.add(r.seconds());
                f.ceremonyMib.add(Long.parseLong(Files.readString(rss).trim()) / 1024.0);
                r = Proc.run(Proc.cmd("/usr/bin/time", "-f", "%M", "-o", rss, s.ceremony(), "verify",
                        "--expect-fingerprint", fingerprint, copies), env, s.work()).ok();
                f.batch.add(r.seconds());
                f.batchMib.add(Long.parseLong(Files.readString(rss).replaceAll("(?s).*\\n(\\d+)\\s*$", "$1").trim())
                        / 1024.0);
                System.err.printf("  flags run %d/%d [%s]: ceremony %.2f s, verify batch %.2f s%n", i, reps,
                        c.getValue().isEmpty() ? "as shipped" : c.getValue().replace(s.work().toString(), "…"), f.ceremony.last(), f.batch.last());
            }
        }
        return out;
    }
}
