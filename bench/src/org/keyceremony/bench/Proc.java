package org.keyceremony.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and times it (wall clock, System.nanoTime). */
final class Proc {
    private Proc() {
    }

    /** The outcome of one run; {@code output} is stdout and stderr merged. */
    record Result(List<String> command, int exit, double seconds, String output) {
        Result ok() {
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + " from " + String.join(" ", command) + "\n"
                        + tail(output, 3000));
            }
            return this;
        }
    }

    static Result run(List<String> command, Map<String, String> env, Path dir) {
        try {
            Path out = Files.createTempFile("bench-proc", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            pb.environment().putAll(env == null ? Map.of() : env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            double s = (System.nanoTime() - t0) / 1e9;
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(command, p.exitValue(), s, text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static Result run(String... command) {
        return run(List.of(command), null, null);
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<String> cmd(Object... parts) {
        List<String> l = new ArrayList<>();
        for (Object o : parts) {
            if (o instanceof List<?> list) {
                list.forEach(x -> l.add(x.toString()));
            } else {
                l.add(o.toString());
            }
        }
        return l;
    }

    static String tail(String s, int n) {
        return s.length() <= n ? s : "…" + s.substring(s.length() - n);
    }

    /** Peak resident set (VmHWM) of a live process in KiB, or 0 when it is gone. */
    static long peakRssKib(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** Current resident set (VmRSS) of a live process in KiB, or 0 when it is gone. */
    static long rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading: nothing to add
        }
        return 0;
    }
}
