package org.keyceremony.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command the program prints in its instructions is one that runs it, wherever it is installed. */
class ProgramCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsThePlainNameWithoutALauncher() {
        assertThat(ProgramCommand.resolve(Optional.empty(), "/usr/bin:/bin")).isEqualTo("ceremony");
    }

    @Test
    void printsThePlainNameWhenTheFirstCeremonyOnThePathIsALinkToTheLauncher() throws IOException {
        Path launcher = executable(tmp.resolve("opt/keyceremony/bin/ceremony"));
        Path usrBin = Files.createDirectories(tmp.resolve("usr/bin"));
        Files.createSymbolicLink(usrBin.resolve("ceremony"), launcher);

        assertThat(ProgramCommand.resolve(Optional.of(launcher), tmp.resolve("empty") + ":" + usrBin + ":/bin"))
                .isEqualTo("ceremony");
    }

    @Test
    void printsTheLaunchersFullPathWhenCeremonyIsNotOnThePath() throws IOException {
        Path launcher = executable(tmp.resolve("opt/keyceremony/bin/ceremony"));

        assertThat(ProgramCommand.resolve(Optional.of(launcher), tmp.resolve("usr/bin") + ":/nonexistent"))
                .isEqualTo(launcher.toString());
    }

    @Test
    void printsTheFullPathWhenAnotherCeremonyComesFirstOnThePath() throws IOException {
        Path launcher = executable(tmp.resolve("target/keyceremony/bin/ceremony"));
        Path other = executable(tmp.resolve("usr/bin/ceremony")); // an older installed version, say

        assertThat(ProgramCommand.resolve(Optional.of(launcher), other.getParent().toString()))
                .isEqualTo(launcher.toString());
    }

    @Test
    void theMenuLauncherPrintsItsSiblingCeremony() throws IOException {
        Path bin = tmp.resolve("opt/keyceremony/bin");
        Path menu = executable(bin.resolve("keyceremony"));
        Path ceremony = executable(bin.resolve("ceremony"));

        assertThat(ProgramCommand.resolve(Optional.of(menu), "/nonexistent")).isEqualTo(ceremony.toString());
        Path usrBin = Files.createDirectories(tmp.resolve("usr/bin"));
        Files.createSymbolicLink(usrBin.resolve("ceremony"), ceremony);
        assertThat(ProgramCommand.resolve(Optional.of(menu), usrBin.toString())).isEqualTo("ceremony");
    }

    @Test
    void aPathWithSpacesIsPrintedAsOneShellWord() throws IOException {
        Path launcher = executable(tmp.resolve("Key Ceremony's copy/bin/ceremony"));

        assertThat(ProgramCommand.resolve(Optional.of(launcher), "/nonexistent"))
                .isEqualTo("'" + tmp + "/Key Ceremony'\\''s copy/bin/ceremony'");
        assertThat(ProgramCommand.shellQuoted("/media/usb-1/transcript-x.pdf")).isEqualTo("/media/usb-1/transcript-x.pdf");
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
