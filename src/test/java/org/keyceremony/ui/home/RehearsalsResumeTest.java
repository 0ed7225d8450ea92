package org.keyceremony.ui.home;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.base.KeyCeremonyException;

/** Resuming from the home screen: a real ceremony's folder is refused with the command that recovers it, as one shell word. */
class RehearsalsResumeTest {
    @TempDir
    Path tmp;

    @Test
    void aRealCeremonysFolderIsRefusedWithTheRecoverCommandToRun() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("USB stick/ceremony-1"));

        assertThatThrownBy(() -> new Rehearsals(Clock.systemUTC()).prepareResume(dir))
                .isInstanceOf(KeyCeremonyException.class)
                .hasMessage(dir + " is not the folder of a rehearsal (it is not inside a rehearsal workspace's transcripts "
                        + "folder). A real ceremony is recovered with: ceremony recover '" + dir + "'");
    }
}
