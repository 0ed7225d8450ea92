package org.keyceremony.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files appear whole or not at all, and never over an existing file. */
class DurableFileTest {

    private static long entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void writesTheWholeFileAndLeavesNoPartialBehind(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("backup.kcbackup");
        DurableFile.writeNew(target, "whole".getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.readString(target)).isEqualTo("whole");
        assertThat(entries(dir)).isEqualTo(1);
    }

    @Test
    void neverOverwritesAnExistingFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("transcript.pdf");
        Files.writeString(target, "first");
        assertThatThrownBy(() -> DurableFile.writeNew(target, "second".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(target)).isEqualTo("first");
        assertThat(entries(dir)).isEqualTo(1);
    }

    @Test
    void aPartialFileLeftByACrashNeverBecomesTheFileAndIsReplacedByTheNextAttempt(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("transcript.pdf");
        Path partial = DurableFile.partialOf(target);
        Files.writeString(partial, "%PDF-1.7 cut short by a cra"); // what a kill mid-write leaves
        assertThat(target).doesNotExist();
        assertThat(partial.getFileName().toString()).startsWith(".").endsWith(".partial");

        DurableFile.writeNew(target, "the whole transcript".getBytes(StandardCharsets.US_ASCII));

        assertThat(Files.readString(target)).isEqualTo("the whole transcript");
        assertThat(partial).doesNotExist();
    }

    @Test
    void anAbortRemovesTheCrashesPartialFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("root-ca.pem");
        Files.writeString(DurableFile.partialOf(target), "-----BEGIN CERT");
        assertThat(DurableFile.removePartial(target)).isTrue();
        assertThat(DurableFile.removePartial(target)).isFalse();
        assertThat(entries(dir)).isZero();
    }
}
