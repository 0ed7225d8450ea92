package org.keyceremony.ceremony.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.base.Digests;

class SoftwareIdentityTest {
    @TempDir
    Path dir;

    @Test
    void hashesEveryJarAndTheRuntimeModuleImageAsSha256sumWould() throws Exception {
        Path b = Files.write(dir.resolve("b.jar"), "bee".getBytes(StandardCharsets.UTF_8));
        Path a = Files.write(dir.resolve("a.jar"), "ay".getBytes(StandardCharsets.UTF_8));
        Path home = dir.resolve("runtime");
        Files.createDirectories(home.resolve("lib"));
        Files.write(home.resolve("lib/modules"), "modules".getBytes(StandardCharsets.UTF_8));

        Path missing = dir.resolve("not-there.jar");
        SoftwareIdentity id = SoftwareIdentity.of(new BuildStamp("1.2.3", "0123abcd"), List.of(b, missing, a), home);
        // the same identity whoever runs SHA-256: coreutils (present on Debian), or Java without it
        assertThat(SystemSha256.tool()).isPresent();
        assertThat(SoftwareIdentity.of(new BuildStamp("1.2.3", "0123abcd"), List.of(b, missing, a), home,
                java.util.Optional.empty())).isEqualTo(id);

        String sumA = sha256("ay");
        String sumB = sha256("bee");
        assertThat(id.jarSha256()).containsExactlyInAnyOrderEntriesOf(Map.of("a.jar", sumA, "b.jar", sumB));
        // What `LC_ALL=C sha256sum *.jar | sha256sum` prints in the jar directory.
        assertThat(id.combinedSha256()).isEqualTo(sha256(sumA + "  a.jar\n" + sumB + "  b.jar\n"));
        assertThat(id.runtimeModulesSha256()).isEqualTo(sha256("modules"));
        assertThat(id.runtimeHome()).isEqualTo(home.toString());
        assertThat(id.commit()).isEqualTo("0123abcd");
        assertThat(id.versionAndCommit()).isEqualTo("1.2.3, commit 0123abcd");
    }

    @Test
    void aRuntimeWithoutModuleImageIsSaidPlainly() throws Exception {
        SoftwareIdentity id = SoftwareIdentity.of(new BuildStamp("1.2.3", "unknown"), List.of(), dir);

        assertThat(id.runtimeModulesSha256()).isEqualTo("none (no lib/modules in " + dir + ")");
        assertThat(id.jarSha256()).isEmpty();
        Path jar = Files.write(dir.resolve("only.jar"), "jar".getBytes(StandardCharsets.UTF_8));
        assertThat(SoftwareIdentity.of(new BuildStamp("1.2.3", "unknown"), List.of(jar), dir).jarSha256())
                .containsExactlyEntriesOf(Map.of("only.jar", sha256("jar")));
    }

    @Test
    void theBackgroundHashIsTheSameIdentityAndIsComputedOncePerProcess() throws Exception {
        SoftwareIdentity.hashInBackground();
        SoftwareIdentity.hashInBackground(); // a second ceremony in this JVM starts nothing new
        SoftwareIdentity early = SoftwareIdentity.ofThisProcess();
        assertThat(early).isEqualTo(SoftwareIdentity.ofRunningApplication());
        assertThat(SoftwareIdentity.ofThisProcess()).isSameAs(early);
    }

    @Test
    void theRunningApplicationKnowsItsCommitAndRuntime() throws Exception {
        SoftwareIdentity id = SoftwareIdentity.ofRunningApplication();

        assertThat(id.commit()).isEqualTo(BuildStamp.ofThisBuild().commit());
        assertThat(id.runtimeHome()).isEqualTo(System.getProperty("java.home"));
        assertThat(id.runtimeModulesSha256())
                .isEqualTo(Digests.sha256Hex(Path.of(System.getProperty("java.home"), "lib", "modules")));
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
