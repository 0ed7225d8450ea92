package org.keyceremony.ceremony.rehearsal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Drives the built application ({@code target/keyceremony/bin/ceremony}, system property
 * {@code keyceremony.test.dist}) as a child process, the way an operator does: rehearsals in
 * workspaces, {@code ceremony verify}; and looks at the world's tokens with {@code pkcs11-tool}
 * and at signatures with {@code openssl}, independent judges. Scripts are the shipped ones with
 * an EC P-384 root (RSA-4096 generation is the slow part and proves nothing more here).
 */
public final class RehearsalRuns {
    static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    public static final String PIN = "123456";

    /** What a child process printed and how it ended. */
    public record Run(int exitCode, String output) {
    }

    private final Path base;
    private final Path scripts;

    public RehearsalRuns(Path base) throws IOException {
        this.base = base;
        this.scripts = Files.createDirectories(base.resolve("scripts"));
    }

    static Path dist() {
        String d = System.getProperty("keyceremony.test.dist");
        if (d == null) {
            throw new IllegalStateException("keyceremony.test.dist is not set: run under failsafe (mvn verify)");
        }
        return Path.of(d);
    }

    static Path shipped(String name) {
        return Path.of(System.getProperty("keyceremony.test.basedir", "."), "ceremony-scripts").resolve(name);
    }

    /** The shipped script {@code name} with an EC P-384 root key and the given further replacements. */
    public Path ecScript(String name, String... replacements) throws IOException {
        String s = Files.readString(shipped(name + ".yaml"), StandardCharsets.UTF_8)
                .replace("algorithm: RSA\n    size: 4096", "algorithm: EC\n    curve: P-384")
                .replace("digest: SHA-256", "digest: SHA-384");
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

    /**
     * {@code ceremony rehearse} in {@code workspace}. An existing world's SOFTHSM2_CONF is set
     * for the process, as the launcher would for its own child, which saves starting a second JVM.
     */
    public Run rehearse(Path workspace, Path script, Path answers) {
        List<String> cmd = new ArrayList<>(List.of(dist().resolve("bin").resolve("ceremony").toString(), "rehearse",
                "--workspace", workspace.toString(), "--script", script.toString(), "--headless",
                "--answers", answers.toString()));
        Path conf = workspace.toAbsolutePath().normalize().resolve("softhsm2.conf");
        return exec(cmd, Files.exists(conf) ? Map.of("SOFTHSM2_CONF", conf.toString()) : Map.of());
    }

    public Run ceremony(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(dist().resolve("bin").resolve("ceremony").toString());
        cmd.addAll(List.of(args));
        return exec(cmd, Map.of());
    }

    /** pkcs11-tool against a token of the world in {@code workspace}. */
    static Run pkcs11(Path workspace, String token, String... args) {
        List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", MODULE, "--token-label", token,
                "--login", "--pin", PIN));
        cmd.addAll(List.of(args));
        return exec(cmd, Map.of("SOFTHSM2_CONF", workspace.resolve("softhsm2.conf").toString()));
    }

    /** Every object of a token, as pkcs11-tool lists them. */
    static String objects(Path workspace, String token) {
        Run r = pkcs11(workspace, token, "--list-objects");
        if (r.exitCode() != 0) {
            throw new IllegalStateException("pkcs11-tool failed: " + r.output());
        }
        return r.output();
    }

    /**
     * The labels of the objects of {@code type} ({@code privkey}, {@code cert}, …) on the token
     * labelled exactly {@code token}, as pkcs11-tool lists them after login. The token is chosen by
     * its slot: {@code --token-label} matches a prefix, and rehearsal-hsm-2 starts with rehearsal-hsm.
     */
    static List<String> labels(Path workspace, String token, String type) {
        Map<String, String> env = Map.of("SOFTHSM2_CONF", workspace.resolve("softhsm2.conf").toString());
        Run slots = exec(List.of("pkcs11-tool", "--module", MODULE, "-L"), env);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "Slot \\d+ \\((0x[0-9a-f]+)\\)[^\\n]*\\n\\s*token label\\s*:\\s*(\\S+)\\s*\\n").matcher(slots.output());
        String slot = null;
        while (m.find()) {
            if (m.group(2).equals(token)) {
                slot = m.group(1);
            }
        }
        if (slot == null) {
            throw new IllegalStateException("no token labelled " + token + " in:\n" + slots.output());
        }
        Run r = exec(List.of("pkcs11-tool", "--module", MODULE, "--slot", slot, "--login", "--pin", PIN,
                "--list-objects", "--type", type), env);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("pkcs11-tool failed: " + r.output());
        }
        List<String> labels = new ArrayList<>();
        java.util.regex.Matcher l = java.util.regex.Pattern.compile("(?m)^\\s+label:\\s+(.+)$").matcher(r.output());
        while (l.find()) {
            labels.add(l.group(1).strip());
        }
        return labels;
    }

    /**
     * {@link SingleCredentialAttack} on the private key {@code root-ca} of the token labelled
     * {@code token} in the world at {@code workspace}: a child JVM with the world's SOFTHSM2_CONF,
     * the rehearsal's user PIN and SO PIN, and nothing but the JDK's PKCS#11 wrapper.
     */
    static Run attack(Path workspace, String token) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Xrunjdwp")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SingleCredentialAttack.class.getName(), token,
                PIN, RehearsalWorld.DEFAULT_SO_PIN, "root-ca"));
        return exec(cmd, Map.of("SOFTHSM2_CONF", workspace.toAbsolutePath().resolve("softhsm2.conf").toString()));
    }

    /** Asserts that {@link #attack} found the key and every attempt to take it out was refused. */
    static void assertNoOneCanTakeTheRootKeyOut(Path workspace, String token) {
        Run r = attack(workspace, token);
        org.assertj.core.api.Assertions.assertThat(r.output()).as("the single-credential attack on " + token)
                .contains("1 private key(s) labelled root-ca",
                        "refused: user alone, under an AES key of the user's own, CKM_AES_KEY_WRAP_PAD (CKR_KEY_UNEXTRACTABLE)",
                        "refused: user alone, under an AES key of the user's own, CKM_AES_KEY_WRAP (CKR_KEY_UNEXTRACTABLE)",
                        "refused: SO and user together, under a key the SO trusted, CKM_AES_KEY_WRAP_PAD (CKR_KEY_UNEXTRACTABLE)",
                        "every attempt was refused")
                .doesNotContain("GOT THROUGH");
        org.assertj.core.api.Assertions.assertThat(r.exitCode()).as(r.output()).isZero();
    }

    static Run exec(List<String> cmd, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish:\n" + out);
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A copy of a rehearsal world (tokens are files): each test restores into an empty
     * {@code rehearsal-hsm-2} of its own without running the root ceremony again.
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

    /** The single output directory of a ceremony kind in a world (the newest if several). */
    public static Path output(Path world, String scriptPrefix) throws IOException {
        try (Stream<Path> s = Files.list(world.resolve("transcripts"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(scriptPrefix)).max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no " + scriptPrefix + " output in " + world));
        }
    }

    public static Path transcript(Path outputDir) throws IOException {
        try (Stream<Path> s = Files.list(outputDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".pdf")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no transcript in " + outputDir));
        }
    }

    static List<Path> packages(Path world) throws IOException {
        try (Stream<Path> s = Files.list(world.resolve("media-1"))) {
            return s.filter(p -> p.toString().endsWith(".kcbackup")).sorted().toList();
        }
    }

    static void deleteTree(Path dir) throws IOException {
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
