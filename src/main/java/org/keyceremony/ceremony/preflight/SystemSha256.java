package org.keyceremony.ceremony.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 of files by the operating system's {@code sha256sum} (GNU coreutils, essential on
 * Debian and Ubuntu), for the software identity: the runtime's module image alone is over 100 MB,
 * and the launcher's quick-start JIT (C1, which has no SHA instructions) hashes it at about
 * 115 MB/s, a second of CPU that a rehearsal on two cores felt as 0.6 s (docs/performance.md);
 * coreutils hashes at about 300 MB/s in a process of its own.
 *
 * <p>Same algorithm, same bytes: only the program that runs SHA-256 changes, and it is part of the
 * operating system that runs the JVM anyway (its absolute path is used, never {@code PATH}). Any
 * doubt and the caller hashes in Java: no tool, a failure or a time-out, or output that is not
 * exactly one digest per file, for that file, in order.
 */
final class SystemSha256 {
    /** Where coreutils puts it. */
    static final List<Path> TOOLS = List.of(Path.of("/usr/bin/sha256sum"), Path.of("/bin/sha256sum"));
    private static final long TIME_OUT_SECONDS = 120;
    private static final int MAX_OUTPUT = 1 << 20;

    private SystemSha256() {
    }

    /** The first of {@link #TOOLS} present. */
    static Optional<Path> tool() {
        return TOOLS.stream().filter(Files::isExecutable).findFirst();
    }

    /** The digests of {@code files} (lower-case hex, in order) by {@code tool}, or empty. */
    static Optional<List<String>> of(Path tool, List<Path> files) {
        return of(tool, files, TIME_OUT_SECONDS);
    }

    /**
     * As {@link #of(Path, List)}, giving up after {@code seconds}. The output (a line per file, a
     * few kilobytes) fits the pipe, so the process is waited for first and read after: a tool that
     * hangs is given up on instead of read from forever.
     */
    static Optional<List<String>> of(Path tool, List<Path> files, long seconds) {
        if (files.isEmpty()) {
            return Optional.of(List.of());
        }
        List<String> command = new ArrayList<>(List.of(tool.toString(), "--binary", "--zero", "--"));
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.toAbsolutePath().toString());
        }
        command.addAll(names);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(MAX_OUTPUT);
            }
            return parse(new String(out, Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"))), names);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            p.destroyForcibly();
        }
    }

    /** {@code HEX *NAME\0} per file, the names as given: anything else is not trusted. */
    static Optional<List<String>> parse(String output, List<String> names) {
        List<String> sums = new ArrayList<>();
        int at = 0;
        for (String name : names) {
            String record = "*" + name + "\0";
            if (output.length() < at + 65 + record.length() || output.charAt(at + 64) != ' '
                    || !output.startsWith(record, at + 65)) {
                return Optional.empty();
            }
            String hex = output.substring(at, at + 64);
            if (!hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return Optional.empty();
            }
            sums.add(hex);
            at += 65 + record.length();
        }
        return at == output.length() ? Optional.of(List.copyOf(sums)) : Optional.empty();
    }
}
