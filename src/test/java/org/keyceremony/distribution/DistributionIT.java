package org.keyceremony.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.preflight.SoftwareIdentity;
import org.keyceremony.base.Digests;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;

/**
 * The distribution in target/dist (built by packaging/build-dist.sh, or by {@code mvn verify},
 * which builds it before the integration tests) works on a machine without Java: the app image and
 * the .deb's contents run with an empty environment ({@code env -i PATH=/usr/bin:/bin}), where
 * a {@code java} placed first on the PATH fails loudly if anything calls it; they report the
 * same SHA-256 values that SHA256SUMS publishes; a whole rehearsal runs from the unpacked .deb.
 */
@ExtendWith(SoftHsmExtension.class)
class DistributionIT {
    static Path dist;
    static Path image;
    static Path deb;
    static Map<String, String> sums;

    @TempDir
    static Path tmp;
    static Path fakeJava;

    @BeforeAll
    static void findDistribution() throws IOException {
        dist = Path.of(System.getProperty("keyceremony.test.distribution", "target/dist")).toAbsolutePath();
        image = dist.resolve("keyceremony");
        assertThat(image.resolve("bin/ceremony"))
                .as("the app image; build it with packaging/build-dist.sh or mvn verify").isExecutable();
        try (Stream<Path> s = Files.list(dist)) {
            List<Path> debs = s.filter(p -> p.getFileName().toString().endsWith(".deb")).toList();
            assertThat(debs).as(".deb files in " + dist).hasSize(1);
            deb = debs.get(0);
        }
        sums = new TreeMap<>();
        for (String line : Files.readAllLines(dist.resolve("SHA256SUMS"))) {
            sums.put(line.substring(66), line.substring(0, 64));
        }
        fakeJava = tmp.resolve("fake-bin");
        Files.createDirectories(fakeJava);
        Path java = fakeJava.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'a system java was called' >&2\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void sha256sumsCoversEveryFileAndMatchesThem() throws Exception {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dist)) {
            s.filter(Files::isRegularFile).map(p -> dist.relativize(p).toString())
                    .filter(p -> !p.equals("SHA256SUMS")).sorted().forEach(files::add);
        }
        assertThat(sums.keySet()).containsExactlyElementsOf(files);
        assertThat(files).contains("keyceremony/lib/app/keyceremony.jar", "keyceremony/lib/runtime/lib/modules",
                "keyceremony/lib/runtime/lib/libj2pkcs11.so", "keyceremony/lib/runtime/lib/libglass.so",
                "keyceremony/lib/app/ceremony-scripts/root-key-generation.yaml", deb.getFileName().toString());

        Result check = run(dist, Map.of(), "sha256sum", "--check", "--strict", "SHA256SUMS");
        assertThat(check.exit).as(check.out).isZero();
    }

    @Test
    void bothLaunchersOfTheImagePassTheSameJvmFlagsAsBinCeremony() throws Exception {
        String script = Files.readString(Path.of("src/main/dist/bin/ceremony"));
        for (String flag : new String[] {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms32m",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
                "--add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED"}) {
            assertThat(script).contains(flag);
            for (String cfg : new String[] {"keyceremony.cfg", "ceremony.cfg"}) {
                String options = Files.readString(image.resolve("lib/app").resolve(cfg));
                for (String word : flag.split(" ")) { // jpackage writes one java-options line per word
                    assertThat(options).as(cfg).contains("java-options=" + word + "\n");
                }
            }
        }
    }

    @Test
    void appImageReportsItsOwnRuntimeAndThePublishedSums() throws Exception {
        Result r = runWithoutJava(tmp, image.resolve("bin/ceremony"), "--version");

        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).doesNotContain("a system java was called")
                .containsPattern("(?m)^KeyCeremony \\d+\\.\\d+\\.\\d+")
                .containsPattern("(?m)^Commit ([0-9a-f]{40}(-dirty)?|unknown)$")
                .contains(" at " + image.resolve("lib/runtime") + "\n")
                .contains("Java modules SHA-256 " + sums.get("keyceremony/lib/runtime/lib/modules") + "\n");
        for (Map.Entry<String, String> e : sums.entrySet()) {
            if (e.getKey().startsWith("keyceremony/lib/app/") && e.getKey().endsWith(".jar")) {
                String jar = e.getKey().substring("keyceremony/lib/app/".length());
                assertThat(r.out).as("--version lists " + jar + " with its published sum").contains(e.getValue() + "  " + jar + "\n");
            }
        }
    }

    @Test
    void appImageListsSoftHsmTokensWithoutASystemJava(SoftHsmWorld world) throws Exception {
        TestToken token = world.createToken("dist-hsm");

        Result r = runWithoutJava(tmp, Map.of("SOFTHSM2_CONF", world.configFile().toString()),
                image.resolve("bin/ceremony"), "hsm", "list", "--module", SoftHsmWorld.LIBRARY.toString());

        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).startsWith("Module: " + SoftHsmWorld.LIBRARY + " (given with --module)\n")
                .contains("  Label:        " + token.label() + "\n")
                .contains("  Serial:       " + token.serial() + "\n")
                .doesNotContain("a system java was called");
    }

    @Test
    void debHoldsTheImageUnderOptAndRunsFromAnExtraction() throws Exception {
        Result fields = run(tmp, Map.of(), "dpkg-deb", "--field", deb.toString(), "Package", "Version", "Architecture", "Depends");
        assertThat(fields.exit).as(fields.out).isZero();
        assertThat(fields.out).contains("Package: keyceremony\n").containsPattern("Version: \\d+\\.\\d+\\.\\d+")
                .contains("Architecture: amd64").contains("libgtk-3-0");

        // The menu entry is a file of the package, not a postinst that needs xdg-desktop-menu.
        Result info = run(tmp, Map.of(), "dpkg-deb", "--info", deb.toString());
        assertThat(info.out).doesNotContain("postinst").doesNotContain("prerm");

        Result contents = run(tmp, Map.of(), "dpkg-deb", "--contents", deb.toString());
        assertThat(contents.exit).as(contents.out).isZero();
        List<String> files = contents.out.lines().filter(l -> l.startsWith("-")).map(l -> l.substring(l.indexOf(" ./") + 3)).toList();
        // jpackage keeps its own record of the image (.jpackage.xml) out of the package.
        List<String> imageFiles = sums.keySet().stream().filter(f -> f.startsWith("keyceremony/"))
                .filter(f -> !f.endsWith("/.jpackage.xml")).map(f -> "opt/" + f).toList();
        assertThat(files).containsAll(imageFiles);
        assertThat(contents.out).contains("-rwxr-xr-x root/root").contains("./opt/keyceremony/bin/ceremony\n")
                // 'ceremony' on the PATH, as every printed command and the documentation spell it.
                .containsPattern("(?m)^lrwxrwxrwx root/root .* \\./usr/bin/ceremony -> \\.\\./\\.\\./opt/keyceremony/bin/ceremony$")
                .doesNotContain("keyceremony-keyceremony.desktop").doesNotContain("keyceremony-ceremony.desktop");
        assertThat(files).contains("usr/share/applications/keyceremony.desktop",
                "usr/share/icons/hicolor/128x128/apps/keyceremony.png", "usr/share/icons/hicolor/scalable/apps/keyceremony.svg",
                "usr/share/man/man1/ceremony.1.gz");

        Path root = tmp.resolve("deb-root");
        Result x = run(tmp, Map.of(), "dpkg-deb", "--extract", deb.toString(), root.toString());
        assertThat(x.exit).as(x.out).isZero();
        Path installed = root.resolve("opt/keyceremony");
        for (String f : List.of("keyceremony/lib/app/keyceremony.jar", "keyceremony/lib/runtime/lib/modules",
                "keyceremony/lib/app/keyceremony.cfg", "keyceremony/bin/ceremony")) {
            assertThat(sha256(root.resolve("opt").resolve(f))).as(f + " in the .deb").isEqualTo(sums.get(f));
        }
        Result v = runWithoutJava(tmp, installed.resolve("bin/ceremony"), "--version");
        assertThat(v.exit).as(v.out).isZero();
        assertThat(v.out).contains(" at " + installed.resolve("lib/runtime") + "\n");

        Path onPath = root.resolve("usr/bin/ceremony");
        assertThat(onPath.toRealPath()).isEqualTo(installed.resolve("bin/ceremony").toRealPath());
        Result help = runWithoutJava(tmp, onPath, "--help");
        assertThat(help.exit).as(help.out).isZero();
        // Not on this test's PATH: the usage names the launcher by its full path, which runs as printed.
        assertThat(help.out).startsWith("Usage: " + installed.resolve("bin/ceremony").toRealPath() + "\n       [-hV] [COMMAND]\n");
        String desktop = Files.readString(root.resolve("usr/share/applications/keyceremony.desktop"));
        assertThat(desktop).contains("\nExec=/opt/keyceremony/bin/keyceremony\n").contains("\nIcon=keyceremony\n");
        assertThat(root.resolve(desktop.lines().filter(l -> l.startsWith("Exec=/")).findFirst().orElseThrow().substring(6)))
                .as("the menu entry's program in the package").isExecutable();
        try (var man = new java.util.zip.GZIPInputStream(Files.newInputStream(root.resolve("usr/share/man/man1/ceremony.1.gz")))) {
            assertThat(new String(man.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(Path.of("packaging/linux/ceremony.1")));
        }
    }

    @Test
    void wholeRehearsalRunsFromTheUnpackedDebAndVerifies() throws Exception {
        Path root = tmp.resolve("deb-rehearsal");
        assertThat(run(tmp, Map.of(), "dpkg-deb", "--extract", deb.toString(), root.toString()).exit).isZero();
        Path ceremony = root.resolve("opt/keyceremony/bin/ceremony");
        Path workspace = tmp.resolve("ws");
        Path cwd = Files.createDirectories(tmp.resolve("elsewhere")); // no ceremony-scripts/ here: keyceremony.home must work

        // No --answers: the shipped answers file is found through keyceremony.home=$APPDIR.
        Result r = runWithoutJava(cwd, ceremony, "rehearse", "--workspace", workspace.toString(), "--headless");

        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).contains("completed.").doesNotContain("a system java was called");
        Path transcript;
        try (Stream<Path> s = Files.walk(workspace.resolve("transcripts"))) {
            transcript = s.filter(p -> p.getFileName().toString().startsWith("transcript-") && p.toString().endsWith(".pdf"))
                    .findFirst().orElseThrow();
        }
        // The command the rehearsal prints for the auditor runs as printed (not on the PATH here: its full path).
        String printed = r.out.lines().dropWhile(l -> !l.equals("Check it as an auditor would:")).skip(1).findFirst()
                .orElseThrow(() -> new AssertionError("no verify command printed:\n" + r.out)).strip();
        assertThat(printed).startsWith(ceremony + " verify " + transcript + " --expect-fingerprint ");
        Result verify = run(cwd, Map.of(), "env", "-i", "PATH=" + fakeJava + ":/usr/bin:/bin", "HOME=" + tmp, "sh", "-c", printed);
        assertThat(verify.exit).as(printed + "\n" + verify.out).isZero();
        assertThat(verify.out).contains("pass  expected-ceremony");
        Path events = transcript.resolveSibling("events.jsonl");
        assertThat(Files.readString(events))
                .contains("\"javaModulesSha256\":\"" + sums.get("keyceremony/lib/runtime/lib/modules") + "\"")
                .containsPattern("\"commit\":\"([0-9a-f]{40}(-dirty)?|unknown)\"");
    }

    @Test
    void guiStartsWithJavaFxFromTheImagesRuntime() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("gui-home"));
        // The launcher runs the JVM in its own process: timeout stops it after 8 s; 124 = still running then.
        Result r = run(tmp, Map.of(), "env", "-i", "PATH=" + fakeJava + ":/usr/bin:/bin", "HOME=" + home, "JAVA_TOOL_OPTIONS=-Djavafx.verbose=true",
                "xvfb-run", "--auto-servernum", "--server-args=-screen 0 1280x1024x24",
                "timeout", "8", image.resolve("bin/keyceremony").toString());

        assertThat(r.exit).as(r.out).isEqualTo(124);
        assertThat(r.out).contains("Loaded " + image.resolve("lib/runtime/lib/libglass.so"))
                .contains("Loaded " + image.resolve("lib/runtime/lib/libglassgtk3.so"))
                .doesNotContain("Exception").doesNotContain("a system java was called");
        assertThat(home.resolve(".openjfx")).as("no native libraries extracted into the home directory").doesNotExist();
    }

    // --- running things ---

    record Result(int exit, String out) {
    }

    /** {@code env -i PATH=<fake java>:/usr/bin:/bin HOME=… program args}: no JAVA_HOME, no system Java reachable. */
    private static Result runWithoutJava(Path cwd, Path program, String... args) throws Exception {
        return runWithoutJava(cwd, Map.of(), program, args);
    }

    private static Result runWithoutJava(Path cwd, Map<String, String> extraEnv, Path program, String... args) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", fakeJava + ":/usr/bin:/bin");
        env.put("HOME", tmp.toString());
        env.putAll(extraEnv);
        List<String> cmd = new ArrayList<>(List.of("env", "-i"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        return run(cwd, Map.of(), cmd.toArray(String[]::new));
    }

    private static Result run(Path cwd, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 180 s:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static String sha256(Path file) throws IOException {
        return Digests.sha256Hex(file);
    }
}
