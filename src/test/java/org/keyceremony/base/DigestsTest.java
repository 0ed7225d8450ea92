package org.keyceremony.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestsTest {
    @TempDir
    Path dir;

    @Test
    void matchesTheFips180TestVectorsInLowerCase() {
        assertThat(Digests.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digests.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aFileReadInBlocksHasTheDigestOfItsBytes() throws Exception {
        byte[] data = new byte[3 * 65536 + 17];
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("data.bin"), data);
        assertThat(Digests.sha256Hex(file)).isEqualTo(Digests.sha256Hex(data)).hasSize(64).isLowerCase();
        assertThat(Digests.sha256Hex(Files.write(dir.resolve("empty"), new byte[0])))
                .isEqualTo(Digests.sha256Hex(new byte[0]));
    }
}
