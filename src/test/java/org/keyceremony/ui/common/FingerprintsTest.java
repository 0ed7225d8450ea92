package org.keyceremony.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintsTest {
    private static final String TBS = "3a074d30e389dddf1679e600d1bbb8c09fbc8126daa9d3f2c42f1edb7d7bb5db";

    @Test
    void aSha256OnItsOwnIsTwoLinesOfEightGroupsOfFour() {
        assertThat(Fingerprints.grouped(TBS)).isEqualTo(
                "3a07 4d30 e389 dddf 1679 e600 d1bb b8c0\n9fbc 8126 daa9 d3f2 c42f 1edb 7d7b b5db");
        assertThat(Fingerprints.grouped(TBS).replaceAll("\\s", "")).isEqualTo(TBS);
    }

    @Test
    void anythingElseIsLeftAsItIs() {
        assertThat(Fingerprints.grouped("root-ca")).isEqualTo("root-ca");
        assertThat(Fingerprints.grouped(TBS.substring(1))).isEqualTo(TBS.substring(1));
        assertThat(Fingerprints.grouped(TBS + "0")).isEqualTo(TBS + "0");
        assertThat(Fingerprints.grouped("d0a3c857274bd00f9f3d55cb3d884e574e69d6d9")).as("a commit, SHA-1")
                .isEqualTo("d0a3c857274bd00f9f3d55cb3d884e574e69d6d9");
    }

    @Test
    void aSha256InASentenceIsGroupedOnItsLine() {
        assertThat(Fingerprints.inText("To be signed, SHA-256: " + TBS)).isEqualTo("To be signed, SHA-256: "
                + "3a07 4d30 e389 dddf 1679 e600 d1bb b8c0 9fbc 8126 daa9 d3f2 c42f 1edb 7d7b b5db");
        assertThat(Fingerprints.inText("file-" + TBS + ".bin")).as("part of a name: not a value on its own")
                .isEqualTo("file-" + TBS + ".bin");
        assertThat(Fingerprints.inText("/media/backup/" + TBS + ".pkg")).isEqualTo("/media/backup/" + TBS + ".pkg");
        assertThat(Fingerprints.inText("read " + TBS + ".")).as("the end of a sentence")
                .isEqualTo("read 3a07 4d30 e389 dddf 1679 e600 d1bb b8c0 9fbc 8126 daa9 d3f2 c42f 1edb 7d7b b5db.");
        assertThat(Fingerprints.inText("no hash here")).isEqualTo("no hash here");
    }
}
