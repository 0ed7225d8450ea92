package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one harness for rehearsals driven from outside, the way an operator drives them: the built
 * launcher ({@code bin/ceremony} of {@code keyceremony.test.dist}) run as a child process —
 * {@code ceremony rehearse} in a workspace, {@code ceremony verify}, {@code ceremony recover} —
 * and the independent judges of what it left: {@code pkcs11-tool} on the world's tokens,
 * {@code openssl}, {@code pdfsig}, {@code qpdf}, and test-only {@code main}s
 * ({@link WorkspaceProbe}, {@link SingleCredentialAttack}) in a child JVM with this JVM's flags and
 * the world's {@code SOFTHSM2_CONF}. A world can be forked (its tokens are files) so that each
 * scenario starts from one completed root rehearsal. Scripts are the shipped ones, or their
 * EC P-384 variant ({@link #ecScript}: RSA-4096 generation is the slow part and proves nothing
 * more in most tests).
 *
 * <p>Every child gets no input, its stdout and stderr are captured apart, and it is killed (with
 * its descendants: the launcher may hand the world to a second JVM) when it overruns its time.
 */
public final class RehearsalRuns {
    public static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    /** The user PIN of every token of a rehearsal world made by the shipped answers files. */
    public static final String PIN = RehearsalWorld.DEFAULT_USER_PIN;
    static final Path BASEDIR = Path.of(System.getProperty("keyceremony.test.basedir", "."));
    public static final Path SHIPPED_SCRIPT = shipped("root-key-generation.yaml");
    public static final Path SHIPPED_ANSWERS = shipped("rehearsal/root-key-generation.answers.yaml");
    private static final String SOFTHSM2_CONF = "SOFTHSM2_CONF";
    private static final int LAUNCHER_SECONDS = 180;
    private static final int TOOL_SECONDS = 120;
    /**
     * One slot of {@code pkcs11-tool --list-slots}: its id and token label ({@code --token-label}
     * matches a prefix, so rehearsal-hsm would select rehearsal-hsm-2; slot ids come from serials).
     */
    private static final Pattern SLOT = Pattern.compile(
            "Slot \\d+ \\((0x[0-9a-f]+)\\)[^\\n]*\\n\\s*token label\\s*:\\s*(\\S+)\\s*\\n");

    /** What a child process printed on each stream and how it ended. */
    public record Run(int exitCode, String stdout, String stderr) {
        /** Both streams, stdout first. */
        public String output() {
            return stdout + stderr;
        }
    }

    /** This JVM's environment as it is: failsafe's SOFTHSM2_CONF, so the launcher hands the world to a second JVM. */
    public static final Consumer<Map<String, String>> INHERITED = env -> { };
    /** A user's shell, without SOFTHSM2_CONF: the launcher sets the workspace's and runs in one JVM. */
    public static final Consumer<Map<String, String>> PLAIN_SHELL = env -> env.remove(SOFTHSM2_CONF);

    /** The environment with the SOFTHSM2_CONF of the world in {@code workspace}. */
    public static Consumer<Map<String, String>> world(Path workspace) {
        return env -> env.put(SOFTHSM2_CONF, softhsmConf(workspace).toString());
    }

    private final Path scripts;

    /** A harness writing its script and answers variants under {@code base}/scripts. */
    public RehearsalRuns(Path base) throws IOException {
        this.scripts = Files.createDirectories(base.resolve("scripts"));
    }

    /** A shipped file under ceremony-scripts/, e.g. {@code rehearsal/card-check.answers.yaml}. */
    public static Path shipped(String name) {
        return BASEDIR.resolve("ceremony-scripts").resolve(name);
    }

    static Path softhsmConf(Path workspace) {
        return workspace.toAbsolutePath().normalize().resolve("softhsm2.conf");
    }

    // --- the launcher ---

    /** The built launcher; failsafe sets keyceremony.test.dist and runs after 'package'. */
    public static Path launcher() {
        String dist = System.getProperty("keyceremony.test.dist");
        if (dist == null) {
            throw new IllegalStateException("keyceremony.test.dist is not set: run the *IT classes with failsafe, after package");
        }
        Path p = Path.of(dist, "bin", "ceremony");
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is missing: failsafe runs after 'package'");
        }
        return p;
    }

    /** {@code ceremony args} as a child process, not yet started (for tests that kill it at a chosen moment). */
    public static ProcessBuilder ceremonyProcess(Consumer<Map<String, String>> environment, String... args) {
        List<String> cmd = new ArrayList<>(List.of(launcher().toString()));
        cmd.addAll(List.of(args));
        return process(cmd, environment);
    }

    /** Runs {@code ceremony args} to its end with this JVM's environment. */
    public static Run ceremony(String... args) {
        return ceremony(INHERITED, args);
    }

    /** Runs {@code ceremony args} to its end in {@code environment}. */
    public static Run ceremony(Consumer<Map<String, String>> environment, String... args) {
        List<String> cmd = new ArrayList<>(List.of(launcher().toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, environment, LAUNCHER_SECONDS);
    }

    /**
     * {@code ceremony rehearse} headless in {@code workspace}. An existing world's SOFTHSM2_CONF is
     * set for the process, as the launcher would for its own child, which saves starting a second
     * JVM; a new world gets this JVM's environment.
     */
    public static Run rehearse(Path workspace, Path script, Path answers) {
        return rehearse(Files.exists(softhsmConf(workspace)) ? world(workspace) : INHERITED, workspace, script, answers);
    }

    /** {@code ceremony rehearse} headless in {@code workspace}, from a shell with {@code environment}. */
    public static Run rehearse(Consumer<Map<String, String>> environment, Path workspace, Path script, Path answers) {
        return ceremony(environment, "rehearse", "--workspace", workspace.toString(), "--script", script.toString(),
                "--headless", "--answers", answers.toString());
    }

    // --- script and answers variants ---

    /**
     * The shipped script {@code name} with the documented EC alternative (ceremony-scripts/README.md:
     * {@code algorithm: EC, curve: P-384}, digest SHA-384) and the given further replacements. The
     * RSA policy must occur exactly once, so that a changed shipped script fails here, not later.
     */
    public Path ecScript(String name, String... replacements) throws IOException {
        String s = Files.readString(shipped(name + ".yaml"), StandardCharsets.UTF_8);
        String rsa = "    algorithm: RSA\n    size: 4096\n";
        if (s.indexOf(rsa) < 0 || s.indexOf(rsa) != s.lastIndexOf(rsa)) {
            throw new IllegalArgumentException(name + " has not exactly one '" + rsa.strip() + "'");
        }
        s = s.replace(rsa, "    algorithm: EC\n    curve: P-384\n").replace("digest: SHA-256", "digest: SHA-384");
        for (int i = 0; i < replacements.length; i += 2) {
            if (!s.contains(replacements[i])) {
                throw new IllegalArgumentException(name + " has no '" + replacements[i] + "'");
            }
            s = s.replace(replacements[i], replacements[i + 1]);
        }
        Path out = scripts.resolve(name + "-" + Integer.toHexString(s.hashCode()) + ".yaml");
        Files.writeString(out, s, StandardCharsets.UTF_8);
        return out;
    }

    /** The shipped answers file of {@code name} with the given {@code values} entries replaced (step id → YAML value). */
    public Path answers(String name, Map<String, String> values) throws IOException {
        String s = Files.readString(shipped("rehearsal/" + name + ".answers.yaml"), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith("pin:")) {
                s = s.replace("pins:\n", "pins:\n  " + e.getKey().substring(4) + ": " + e.getValue() + "\n");
                continue;
            }
            Matcher m = Pattern.compile("(?m)^  \"" + Pattern.quote(e.getKey()) + "\": .*$").matcher(s);
            String line = "  \"" + e.getKey() + "\": " + e.getValue();
            s = m.find() ? m.replaceFirst(Matcher.quoteReplacement(line)) : s.replace("values:\n", "values:\n" + line + "\n");
        }
        s = s.replace("pins:\n", "pins:\n  rehearsal-hsm: \"" + PIN + "\"\n");
        Path out = scripts.resolve(name + "-" + Integer.toHexString(s.hashCode()) + ".answers.yaml");
        Files.writeString(out, s, StandardCharsets.UTF_8);
        return out;
    }

    // --- the world's tokens, through pkcs11-tool ---

    /** {@code pkcs11-tool --module … args} against the world in {@code workspace}, no login. */
    public static Run pkcs11Tool(Path workspace, String... args) {
        List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", MODULE));
        cmd.addAll(List.of(args));
        return exec(cmd, world(workspace), TOOL_SECONDS);
    }

    /**
     * What {@code pkcs11-tool args} printed on stdout, as bytes ({@code --read-object} prints a
     * certificate or a share raw). A failing tool fails the test with an {@link AssertionError},
     * which a test's {@code catch (Exception e)} around an unreadable share does not swallow.
     */
    public static byte[] pkcs11Output(Path workspace, String... args) {
        List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", MODULE));
        cmd.addAll(List.of(args));
        Captured c = capture(cmd, world(workspace), TOOL_SECONDS);
        if (c.exitCode() != 0) {
            throw new AssertionError("pkcs11-tool failed: " + cmd + "\n" + c.run().output());
        }
        return c.stdout();
    }

    /** The slot id of the token labelled exactly {@code label}, from {@code pkcs11-tool --list-slots}. */
    public static String slotOf(Path workspace, String label) {
        Run r = pkcs11Tool(workspace, "--list-slots");
        Matcher m = SLOT.matcher(r.output());
        while (m.find()) {
            if (m.group(2).equals(label)) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("no token labelled " + label + " in:\n" + r.output());
    }

    /** pkcs11-tool logged in with {@link #PIN} on the token labelled exactly {@code token}. */
    static Run pkcs11(Path workspace, String token, String... args) {
        List<String> cmd = new ArrayList<>(List.of("--slot", slotOf(workspace, token), "--login", "--pin", PIN));
        cmd.addAll(List.of(args));
        return pkcs11Tool(workspace, cmd.toArray(String[]::new));
    }

    /** Every object of a token with its attributes, as pkcs11-tool lists them after login. */
    static String objects(Path workspace, String token) {
        Run r = pkcs11(workspace, token, "--list-objects");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("pkcs11-tool --list-objects on " + token + " failed: " + r.output());
        }
        return r.output();
    }

    /** How many data objects pkcs11-tool lists on the token labelled {@code token}. */
    static int dataObjects(Path workspace, String token) {
        return (int) objects(workspace, token).lines().filter(l -> l.startsWith("Data object")).count();
    }

    /** The labels of the objects of {@code type} ({@code privkey}, {@code cert}, …) on the token labelled {@code token}. */
    public static List<String> labels(Path workspace, String token, String type) {
        Run r = pkcs11(workspace, token, "--list-objects", "--type", type);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("pkcs11-tool failed: " + r.output());
        }
        List<String> labels = new ArrayList<>();
        Matcher l = Pattern.compile("(?m)^\\s+label:\\s+(.+)$").matcher(r.output());
        while (l.find()) {
            labels.add(l.group(1).strip());
        }
        return labels;
    }

    // --- child JVMs with this JVM's flags ---

    /**
     * Runs {@code main} with {@code args} in a child JVM whose SOFTHSM2_CONF is the world's in
     * {@code workspace}: same Java, JVM flags (debug agents left out) and class path as this JVM.
     */
    static Run testJvm(Path workspace, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Xrunjdwp")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return exec(cmd, world(workspace), TOOL_SECONDS);
    }

    /** {@link WorkspaceProbe} with {@code args} on the world in {@code workspace}; its exit code is the verdict. */
    static Run probe(Path workspace, String... args) {
        return testJvm(workspace, WorkspaceProbe.class, args);
    }

    /**
     * {@link SingleCredentialAttack} on the private key {@code root-ca} of the token labelled
     * {@code token} in the world at {@code workspace}: the rehearsal's user PIN and SO PIN, and
     * nothing but the JDK's PKCS#11 wrapper.
     */
    static Run attack(Path workspace, String token) {
        return testJvm(workspace, SingleCredentialAttack.class, token, PIN, RehearsalWorld.DEFAULT_SO_PIN, "root-ca");
    }

    /** Asserts that {@link #attack} found the key and every attempt to take it out was refused. */
    static void assertNoOneCanTakeTheRootKeyOut(Path workspace, String token) {
        Run r = attack(workspace, token);
        assertThat(r.output()).as("the single-credential attack on " + token)
                .contains("1 private key(s) labelled root-ca",
                        "refused: user alone, under an AES key of the user's own, CKM_AES_KEY_WRAP_PAD (CKR_KEY_UNEXTRACTABLE)",
                        "refused: user alone, under an AES key of the user's own, CKM_AES_KEY_WRAP (CKR_KEY_UNEXTRACTABLE)",
                        "refused: SO and user together, under a key the SO trusted, CKM_AES_KEY_WRAP_PAD (CKR_KEY_UNEXTRACTABLE)",
                        "every attempt was refused")
                .doesNotContain("GOT THROUGH");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    // --- other judges ---

    /** Runs a tool ({@code pdfsig}, {@code qpdf}, {@code pdftotext} …) to its end with this JVM's environment. */
    public static Run command(String... cmd) {
        return exec(List.of(cmd), INHERITED, TOOL_SECONDS);
    }

    /** Runs openssl with {@code args}. */
    static Run openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        return exec(cmd, INHERITED, TOOL_SECONDS);
    }

    // --- the process starter ---

    /** {@code cmd} as a child process with no input, its environment this JVM's as {@code environment} changes it. */
    public static ProcessBuilder process(List<String> cmd, Consumer<Map<String, String>> environment) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        environment.accept(pb.environment());
        return pb;
    }

    /** Runs {@code cmd} to its end, at most {@code timeoutSeconds}, stdout and stderr captured apart. */
    public static Run exec(List<String> cmd, Consumer<Map<String, String>> environment, int timeoutSeconds) {
        return capture(cmd, environment, timeoutSeconds).run();
    }

    /** Kills {@code p} and every process it started (SIGKILL on Linux), and waits for it. */
    public static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    private record Captured(int exitCode, byte[] stdout, byte[] stderr) {
        Run run() {
            return new Run(exitCode, new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
        }
    }

    // Through files, not pipes: a child that fills one pipe while the test reads the other would hang.
    private static Captured capture(List<String> cmd, Consumer<Map<String, String>> environment, int timeoutSeconds) {
        try {
            Path dir = Files.createTempDirectory("rehearsal-run");
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            try {
                Process p = process(cmd, environment).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    kill(p);
                    throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + timeoutSeconds
                            + " s; output: " + Files.readString(out) + Files.readString(err));
                }
                return new Captured(p.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }

    // --- the world's files ---

    /**
     * A copy of a rehearsal world (tokens are files), its softhsm2.conf pointed at the copy: each
     * test works on a world of its own without running the root ceremony again.
     */
    public static Path fork(Path world, Path copy) throws IOException {
        try (Stream<Path> walk = Files.walk(world)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = copy.resolve(world.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Path conf = copy.resolve("softhsm2.conf");
        Files.writeString(conf, Files.readString(conf).replace(world.resolve("tokens").toString(),
                copy.resolve("tokens").toString()));
        return copy;
    }

    /** The ceremonies' output directories under transcripts/, oldest first. */
    static List<Path> outputDirectories(Path world) throws IOException {
        try (Stream<Path> s = Files.list(world.resolve("transcripts"))) {
            return s.sorted().toList();
        }
    }

    /** The output directory of the last ceremony run in a world. */
    public static Path output(Path world) throws IOException {
        return output(world, "");
    }

    /** The output directory of the last ceremony whose folder name starts with {@code scriptPrefix}. */
    public static Path output(Path world, String scriptPrefix) throws IOException {
        try (Stream<Path> s = Files.list(world.resolve("transcripts"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(scriptPrefix)).max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no " + scriptPrefix + " output in " + world));
        }
    }

    /** The transcript PDF in a ceremony's output directory. */
    public static Path transcript(Path outputDir) throws IOException {
        try (Stream<Path> s = Files.list(outputDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("transcript-") && p.toString().endsWith(".pdf"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no transcript in " + outputDir));
        }
    }

    /** The event log of the last ceremony run in a world, as text. */
    static String events(Path world) throws IOException {
        return Files.readString(output(world).resolve("events.jsonl"));
    }

    /** The backup packages on media-1. */
    static List<Path> packages(Path world) throws IOException {
        return packages(world, "media-1");
    }

    /** The backup packages on the media named, in that order. */
    static List<Path> packages(Path world, String... media) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String m : media) {
            try (Stream<Path> s = Files.list(world.resolve(m))) {
                s.filter(p -> p.toString().endsWith(".kcbackup")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** Deletes {@code dir} and everything in it, if it exists (a world's directory before a test builds it anew). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
