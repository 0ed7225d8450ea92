package org.keyceremony.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipFile;

/**
 * Section 3 (and the GUI half of 5): launch to the first painted frame, the application's
 * home screen ({@code ceremony} without arguments) against a bare JavaFX window, both on
 * the X server of the surrounding {@code xvfb-run}. The first frame is detected without a
 * hook in the application: JavaFX's own pulse logger ({@code -Djavafx.pulseLogger=true})
 * prints a pulse's record, including its "Painting" phase, when the pulse has been rendered.
 */
final class GuiBench {
    static final List<String> PULSE_LOGGER = List.of("-Djavafx.pulseLogger=true", "-Djavafx.pulseLogger.threshold=0");

    /** Medians; {@code absent} says why the application was not measured. */
    static final class Figures {
        final Stats app = new Stats();
        final Stats bare = new Stats();
        final Stats appMib = new Stats();
        final Stats bareMib = new Stats();
        String absent;
    }

    private final Setup s;

    GuiBench(Setup s) {
        this.s = s;
    }

    /** The home screen lives in org.keyceremony.ui.home; a build without it has only a placeholder window. */
    boolean homeScreenBuilt() throws IOException {
        try (ZipFile jar = new ZipFile(s.dist().resolve("lib/keyceremony.jar").toFile())) {
            return jar.stream().anyMatch(e -> e.getName().startsWith("org/keyceremony/ui/home/")
                    && e.getName().endsWith(".class"));
        }
    }

    Figures measure() throws IOException {
        Figures f = new Figures();
        if (System.getenv("DISPLAY") == null) {
            f.absent = "no X display (run bench/run, which starts xvfb-run)";
            return f;
        }
        if (!homeScreenBuilt()) {
            f.absent = "GUI not in this build (no org.keyceremony.ui.home in lib/keyceremony.jar)";
        }
        Path fx = s.dist().resolve("lib/javafx");
        List<String> bare = Proc.cmd("java", PULSE_LOGGER, "--module-path", fx, "--add-modules", "javafx.controls",
                "-cp", s.classes(), "org.keyceremony.bench.BareWindow");
        List<String> app = Proc.cmd(s.ceremony());
        Map<String, String> appEnv = Map.of("KEYCEREMONY_JAVA_OPTS", String.join(" ", PULSE_LOGGER));
        for (int i = 1; i <= s.reps(); i++) {
            launch(bare, Map.of(), f.bare, f.bareMib);
            if (f.absent == null) {
                launch(app, appEnv, f.app, f.appMib);
            }
            System.err.printf("  gui run %d/%d: bare window %.2f s%s%n", i, s.reps(), f.bare.last(),
                    f.absent == null ? String.format(", home screen %.2f s", f.app.last()) : "");
        }
        return f;
    }

    private void launch(List<String> cmd, Map<String, String> env, Stats time, Stats mib) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(s.work().toFile());
        pb.environment().putAll(env);
        AtomicLong firstFrame = new AtomicLong(-1);
        long t0 = System.nanoTime();
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains("Painting")) {
                        firstFrame.compareAndSet(-1, System.nanoTime());
                    }
                }
            } catch (IOException e) {
                // the process was stopped: nothing more to read
            }
        }, "gui-output");
        reader.setDaemon(true);
        reader.start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (firstFrame.get() < 0 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (firstFrame.get() < 0) {
                throw new IllegalStateException("no frame painted within 60 s (or the process ended): " + cmd);
            }
            time.add((firstFrame.get() - t0) / 1e9);
            Thread.sleep(2000); // settle on the first screen, then read its peak resident set
            mib.add(Proc.peakRssKib(p.pid()) / 1024.0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
