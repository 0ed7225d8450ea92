package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** The test vectors of docs/formats.md, and a check that the document still prints them. */
final class FormatVectors {
    static final String R_HSM = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String R_JVM = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
    static final String KWK = "d7ec354d9769af99e68dd9c9336b14cc52f87149f1cb042d4a02649f3dc580e2";
    static final String KCV = "66965886360ab479";
    static final String SET_ID = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
    static final String[] ENVELOPES = {
        "4b43534501a0a1a2a3a4a5a6a7a8a9aaabacadaeaf01020366965886360ab479002097ad770ed32ce9deaec493827f265a8302a9231aa59e527a125b3ec46198debd130b3b59badcc51ddb033f49ae3a8985605906873b6dbb157bd5c441033ac48a",
        "4b43534501a0a1a2a3a4a5a6a7a8a9aaabacadaeaf02020366965886360ab4790020576eb1cb1fe32317761f4d5fabf18852f25ad5ef5961a883fab0d029857f3c5c2b881ff592615565cd0ad728f1d7caff9eb9dceddafd1052584c690287cdc1ee",
        "4b43534501a0a1a2a3a4a5a6a7a8a9aaabacadaeaf03020366965886360ab4790020172ff3885ba665503e560714e7bcc61da20b87bc0d34fed4a2e98a72d92262036a2f66aa981b254e6d6bb5b06dedb35b2aaa66c51a1745af9f71b3fe6ab1da5e",
    };
    static final String[] SHARES = {
        "97ad770ed32ce9deaec493827f265a8302a9231aa59e527a125b3ec46198debd",
        "576eb1cb1fe32317761f4d5fabf18852f25ad5ef5961a883fab0d029857f3c5c",
        "172ff3885ba665503e560714e7bcc61da20b87bc0d34fed4a2e98a72d9226203",
    };
    static final String[] COMMITMENTS = {
        "8e5dc4c977273fbdcda45e5437a83fe5e61b7c8c9a714585f9a8841835cff222",
        "138f104b8b1e354f4101aa6bfcc82855fa0bfa5a8e849f8fcd5526a7d6d15d84",
        "ee12c1e2568e26494dfe7420ffdc235db94a08cc019b56ec4de3690a01612834",
    };

    private FormatVectors() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** Fails when docs/formats.md no longer prints {@code text} (the spec and the tests drifted apart). */
    static void assertDocumented(String text) throws IOException {
        Path doc = Path.of(System.getProperty("keyceremony.test.basedir", "."), "docs", "formats.md");
        assertThat(Files.readString(doc)).contains(text);
    }
}
