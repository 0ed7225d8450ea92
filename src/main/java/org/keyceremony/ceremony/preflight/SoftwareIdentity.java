package org.keyceremony.ceremony.preflight;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.keyceremony.base.Digests;

/**
 * What software runs the ceremony: version and git commit (from the {@link BuildStamp}), the
 * SHA-256 of every jar on the class path (what the witnesses compare with the published
 * SHA256SUMS), one combined digest, the Java runtime with the SHA-256 of its module image
 * ({@code lib/modules}: in the packaged distribution that file holds the JDK and JavaFX
 * modules, and is listed in SHA256SUMS too) and the OS.
 */
public record SoftwareIdentity(String version, String commit, Map<String, String> jarSha256, String combinedSha256,
                               String runtime, String runtimeHome, String runtimeModulesSha256, String os) {

    private static java.util.concurrent.CompletableFuture<SoftwareIdentity> inBackground;

    /**
     * Starts hashing the running application on a low-priority daemon thread, once per process:
     * the runtime's module image alone is over 100 MB, and even by the system's sha256sum
     * ({@link SystemSha256}) its SHA-256 takes a few tenths of a second that the record-software
     * step would otherwise wait.
     * Started when a ceremony's actions are assembled, it is done long before the step in a
     * room (people are still entering names) and overlaps the first steps of a rehearsal.
     */
    public static synchronized void hashInBackground() {
        if (inBackground == null) {
            java.util.concurrent.CompletableFuture<SoftwareIdentity> f = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    f.complete(ofRunningApplication());
                } catch (IOException | RuntimeException e) {
                    f.completeExceptionally(e);
                }
            }, "software-identity");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            inBackground = f;
            t.start();
        }
    }

    /**
     * The running application's identity: the one {@link #hashInBackground()} computed (the
     * files as they were when this process started them), or computed now. A background
     * failure is not reused: the files are read again here and any error is this call's.
     */
    public static SoftwareIdentity ofThisProcess() throws IOException {
        java.util.concurrent.CompletableFuture<SoftwareIdentity> f;
        synchronized (SoftwareIdentity.class) {
            f = inBackground;
        }
        if (f != null) {
            try {
                return f.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                synchronized (SoftwareIdentity.class) {
                    inBackground = null;
                }
            }
        }
        return ofRunningApplication();
    }

    /** Reads the running application's identity from its build stamp, class path and runtime. */
    public static SoftwareIdentity ofRunningApplication() throws IOException {
        BuildStamp stamp = BuildStamp.ofThisBuild();
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                jars.add(Path.of(entry));
            }
        }
        String modulePath = System.getProperty("jdk.module.path", "");
        for (String entry : modulePath.split(File.pathSeparator)) {
            Path p = Path.of(entry.isEmpty() ? "." : entry);
            if (entry.endsWith(".jar")) {
                jars.add(p);
            } else if (!entry.isEmpty() && Files.isDirectory(p)) {
                try (var s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".jar")).forEach(jars::add);
                }
            }
        }
        return of(stamp, jars, Path.of(System.getProperty("java.home")));
    }

    static SoftwareIdentity of(BuildStamp stamp, List<Path> jars, Path javaHome) throws IOException {
        return of(stamp, jars, javaHome, SystemSha256.tool());
    }

    /** As {@link #of(BuildStamp, List, Path)}, hashing with {@code sha256sum}, or here when it is empty. */
    static SoftwareIdentity of(BuildStamp stamp, List<Path> jars, Path javaHome, Optional<Path> sha256sum)
            throws IOException {
        List<Path> present = jars.stream().filter(Files::isRegularFile).toList();
        Path modules = javaHome.resolve("lib").resolve("modules");
        List<Path> files = new ArrayList<>(present);
        if (Files.isRegularFile(modules)) {
            files.add(modules);
        }
        List<String> digests = sha256Hex(files, sha256sum);
        Map<String, String> sums = new TreeMap<>();
        for (int i = 0; i < present.size(); i++) {
            sums.put(present.get(i).getFileName().toString(), digests.get(i));
        }
        MessageDigest all = Digests.sha256();
        sums.forEach((name, sum) -> all.update((sum + "  " + name + "\n").getBytes(StandardCharsets.UTF_8)));
        // A runtime without a module image (an exploded JDK build) has nothing to compare: say so.
        String modulesSha256 = files.size() > present.size() ? digests.get(present.size())
                : "none (no lib/modules in " + javaHome + ")";
        return new SoftwareIdentity(stamp.version(), stamp.commit(), Map.copyOf(sums), HexFormat.of().formatHex(all.digest()),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                        + " (" + System.getProperty("java.vendor") + ")",
                javaHome.toString(), modulesSha256,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    /** The files' SHA-256 digests in order: by the system's sha256sum when it answers for all, else here. */
    private static List<String> sha256Hex(List<Path> files, Optional<Path> sha256sum) throws IOException {
        Optional<List<String>> bySystem = sha256sum.flatMap(tool -> SystemSha256.of(tool, files));
        if (bySystem.isPresent()) {
            return bySystem.get();
        }
        List<String> digests = new ArrayList<>();
        for (Path f : files) {
            digests.add(Digests.sha256Hex(f));
        }
        return digests;
    }

    /** Version and commit in one line, as the transcript's "Software" field shows them. */
    public String versionAndCommit() {
        return version + ", commit " + commit;
    }
}
