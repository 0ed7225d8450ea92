package org.keyceremony.ceremony.rehearsal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A rehearsal driven the way a user drives it: the built launcher
 * {@code target/keyceremony/bin/ceremony rehearse --workspace WS --headless --answers FILE}
 * run as a child process, its output captured. Plus the outside views of the result
 * ({@code pkcs11-tool}, {@code openssl}) with the workspace's {@code SOFTHSM2_CONF}.
 *
 * @param exit   the launcher's exit code
 * @param stdout everything it printed on standard output
 * @param stderr everything it printed on standard error
 */
record Rehearsal(Path workspace, int exit, String stdout, String stderr) {
    static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    static final Path BASEDIR = Path.of(System.getProperty("keyceremony.test.basedir", "."));
    static final Path SHIPPED_SCRIPT = BASEDIR.resolve("ceremony-scripts/root-key-generation.yaml");
    static final Path SHIPPED_ANSWERS = BASEDIR.resolve("ceremony-scripts/rehearsal/root-key-generation.answers.yaml");

    /** The result of any command: exit code and what it printed on each stream. */
    record Run(int exit, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    static Path launcher() {
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

    /** Runs {@code ceremony rehearse} headless with {@code script} and {@code answers} in {@code workspace}. */
    static Rehearsal run(Path workspace, Path script, Path answers) throws IOException, InterruptedException {
        Run r = command(null, 180, launcher().toString(), "rehearse", "--workspace", workspace.toString(),
                "--script", script.toString(), "--headless", "--answers", answers.toString());
        return new Rehearsal(workspace, r.exit(), r.stdout(), r.stderr());
    }

    /**
     * As {@link #run}, from a shell that has no SOFTHSM2_CONF (a user's): the launcher then sets
     * the workspace's before Java starts, and the rehearsal runs in that one JVM.
     */
    static Rehearsal runFromAPlainShell(Path workspace, Path script, Path answers) throws IOException, InterruptedException {
        Run r = commandIn(env -> env.remove("SOFTHSM2_CONF"), 180, launcher().toString(), "rehearse", "--workspace",
                workspace.toString(), "--script", script.toString(), "--headless", "--answers", answers.toString());
        return new Rehearsal(workspace, r.exit(), r.stdout(), r.stderr());
    }

    /** Runs a command, stdout and stderr captured apart, with SOFTHSM2_CONF set if {@code softhsmConf} is given. */
    static Run command(Path softhsmConf, int timeoutSeconds, String... cmd)
            throws IOException, InterruptedException {
        return commandIn(env -> {
            if (softhsmConf != null) {
                env.put("SOFTHSM2_CONF", softhsmConf.toString());
            }
        }, timeoutSeconds, cmd);
    }

    private static Run commandIn(java.util.function.Consumer<java.util.Map<String, String>> environment,
            int timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("rehearsal-run");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        environment.accept(pb.environment());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s; output: "
                    + Files.readString(out) + Files.readString(err));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.delete(err);
        Files.delete(dir);
        return new Run(p.exitValue(), stdout, stderr);
    }

    Path softhsmConf() {
        return workspace.resolve("softhsm2.conf");
    }

    /** The ceremony's output directories under transcripts/, oldest first. */
    List<Path> outputDirectories() throws IOException {
        try (Stream<Path> s = Files.list(workspace.resolve("transcripts"))) {
            return s.sorted().toList();
        }
    }

    /** The output directory of the last ceremony run in this workspace. */
    Path output() throws IOException {
        List<Path> all = outputDirectories();
        return all.get(all.size() - 1);
    }

    Path transcript() throws IOException {
        try (Stream<Path> s = Files.list(output())) {
            return s.filter(p -> p.getFileName().toString().startsWith("transcript-")).findFirst().orElseThrow();
        }
    }

    Path rootPem() throws IOException {
        return output().resolve("root-ca.pem");
    }

    List<Path> backups() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String m : List.of("media-1", "media-2")) {
            try (Stream<Path> s = Files.list(workspace.resolve(m))) {
                s.filter(p -> p.toString().endsWith(".kcbackup")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** pkcs11-tool against this workspace's SoftHSM2 world. */
    Run pkcs11Tool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", MODULE));
        cmd.addAll(List.of(args));
        return command(softhsmConf(), 60, cmd.toArray(String[]::new));
    }

    /**
     * The slot id of the token labelled {@code label}, from {@code pkcs11-tool --list-slots}
     * ({@code --token-label} does not select a SoftHSM2 token reliably; slot ids are derived from serials).
     */
    String slotOf(String label) throws IOException, InterruptedException {
        Run r = pkcs11Tool("--list-slots");
        Matcher m = Pattern.compile("Slot \\d+ \\((0x[0-9a-f]+)\\)[^\\n]*\\n\\s*token label\\s*:\\s*(\\S+)\\s*\\n")
                .matcher(r.output());
        while (m.find()) {
            if (m.group(2).equals(label)) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("no token labelled " + label + " in:\n" + r.output());
    }

    /** {@code pkcs11-tool -O} after login on the token labelled {@code label}: every object with its attributes. */
    String objectsOn(String label, String pin) throws IOException, InterruptedException {
        Run r = pkcs11Tool("--slot", slotOf(label), "--login", "--pin", pin, "-O");
        if (r.exit() != 0) {
            throw new IllegalStateException("pkcs11-tool -O on " + label + " failed: " + r.output());
        }
        return r.output();
    }

    /** How many data objects pkcs11-tool lists on the card labelled {@code label}. */
    int dataObjectsOn(String label, String pin) throws IOException, InterruptedException {
        return (int) objectsOn(label, pin).lines().filter(l -> l.startsWith("Data object")).count();
    }

    /** The event log of the last ceremony, as text. */
    String events() throws IOException {
        return Files.readString(output().resolve("events.jsonl"));
    }

    /**
     * Runs {@link WorkspaceProbe} with {@code args} in a child JVM whose SOFTHSM2_CONF is this
     * workspace's: same Java, JVM flags and class path as this test JVM.
     */
    Run probe(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Xrunjdwp")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkspaceProbe.class.getName());
        cmd.addAll(List.of(args));
        return command(softhsmConf(), 120, cmd.toArray(String[]::new));
    }

    /** Runs openssl with {@code args}. */
    static Run openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        return command(null, 60, cmd.toArray(String[]::new));
    }
}
