package org.keyceremony.ceremony.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.base.Digests;

/** coreutils' sha256sum, or nothing: never a digest that is not the file's. */
class SystemSha256Test {
    @TempDir
    Path dir;

    @Test
    void givesWhatJavaGivesForEveryFileInOrderWhateverItsName() throws Exception {
        List<Path> files = new ArrayList<>();
        Random random = new Random(5);
        int size = 0;
        for (String name : List.of("plain.jar", "with space.jar", "-starts-with-dash", "back\\slash", "new\nline",
                "Zoë 中.jar", "empty")) {
            byte[] data = new byte[name.equals("empty") ? 0 : size];
            random.nextBytes(data);
            files.add(Files.write(dir.resolve(name), data));
            size = size * 3 + 70_001;
        }
        List<String> expected = new ArrayList<>();
        for (Path f : files) {
            expected.add(Digests.sha256Hex(f));
        }
        Path tool = SystemSha256.tool().orElseThrow(); // coreutils is essential on Debian
        assertThat(SystemSha256.of(tool, files)).contains(expected);
        assertThat(SystemSha256.of(tool, List.of(files.get(3), files.get(0))))
                .contains(List.of(expected.get(3), expected.get(0)));
    }

    @Test
    void noToolAFailureOrAnUnreadableFileGiveNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("a"), "abc");
        assertThat(SystemSha256.of(dir.resolve("no-such-tool"), List.of(file))).isEmpty();
        assertThat(SystemSha256.of(Path.of("/bin/false"), List.of(file))).isEmpty();
        Path tool = SystemSha256.tool().orElseThrow();
        assertThat(SystemSha256.of(tool, List.of(file, dir.resolve("missing")))).isEmpty();
        assertThat(SystemSha256.of(tool, List.of(dir))).isEmpty();
    }

    @Test
    @Timeout(120) // a guard: without the give-up this would wait for a tool that never ends
    void aToolThatHangsIsGivenUpOnAndStopped() throws Exception {
        Path file = Files.writeString(dir.resolve("a"), "abc");
        Path pid = dir.resolve("pid");
        Path hangs = Files.writeString(dir.resolve("hangs"), "#!/bin/sh\necho $$ > '" + pid + "'\nexec sleep 100000\n");
        assertThat(hangs.toFile().setExecutable(true)).isTrue();
        assertThat(SystemSha256.of(hangs, List.of(file), 1)).isEmpty();
        long tool = Long.parseLong(Files.readString(pid).trim());
        ProcessHandle.of(tool).ifPresent(h -> h.onExit().join()); // killed, not left running
        assertThat(ProcessHandle.of(tool).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void outputThatIsNotExactlyOneDigestPerGivenFileIsNotTrusted() {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(SystemSha256.parse(abc + " */d/a\0", List.of("/d/a"))).contains(List.of(abc));
        assertThat(SystemSha256.parse(abc + " */d/b\0", List.of("/d/a"))).isEmpty();
        assertThat(SystemSha256.parse(abc + "  /d/a\0", List.of("/d/a"))).isEmpty();
        assertThat(SystemSha256.parse(abc + " */d/a\n", List.of("/d/a"))).isEmpty();
        assertThat(SystemSha256.parse(abc + " */d/a\0" + abc + " */d/a\0", List.of("/d/a"))).isEmpty();
        assertThat(SystemSha256.parse(abc + " */d/a\0", List.of("/d/a", "/d/a"))).isEmpty();
        assertThat(SystemSha256.parse(abc.toUpperCase() + " */d/a\0", List.of("/d/a"))).isEmpty();
        assertThat(SystemSha256.parse(abc.substring(1) + " */d/a\0", List.of("/d/a"))).isEmpty();
        assertThat(SystemSha256.parse("", List.of("/d/a"))).isEmpty();
    }
}
