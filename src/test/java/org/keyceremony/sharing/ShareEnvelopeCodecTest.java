package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.sharing.FormatVectors.hex;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;

class ShareEnvelopeCodecTest {

    private static byte[] vector(int i) {
        return hex(FormatVectors.ENVELOPES[i]);
    }

    /** Sets byte {@code offset} and recomputes the checksum, so only the field rule can object. */
    private static byte[] withField(int offset, int value) throws Exception {
        byte[] e = vector(0);
        e[offset] = (byte) value;
        byte[] sum = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(e, e.length - 32));
        System.arraycopy(sum, 0, e, e.length - 32, 32);
        return e;
    }

    @Test
    void decodesTheSpecVectorsFieldByField() throws Exception {
        for (int i = 0; i < 3; i++) {
            FormatVectors.assertDocumented(FormatVectors.ENVELOPES[i]);
            FormatVectors.assertDocumented(FormatVectors.COMMITMENTS[i]);
            try (ShareEnvelope e = ShareEnvelopeCodec.decode(vector(i))) {
                assertThat(e.setId().hex()).isEqualTo(FormatVectors.SET_ID);
                assertThat(e.number()).isEqualTo(i + 1);
                assertThat(e.m()).isEqualTo(2);
                assertThat(e.n()).isEqualTo(3);
                assertThat(e.checkValue().hex()).isEqualTo(FormatVectors.KCV);
                assertThat(e.share().reveal()).isEqualTo(hex(FormatVectors.SHARES[i]));
                assertThat(e.commitment().hex()).isEqualTo(FormatVectors.COMMITMENTS[i]);
                assertThat(ShareEnvelopeCodec.encode(e).reveal()).isEqualTo(vector(i));
            }
        }
    }

    @Test
    void anyTwoSpecVectorsCombineToTheSpecKwk() throws Exception {
        for (List<Integer> pair : Subsets.of(3, 2)) {
            List<ShareEnvelope> envelopes = new ArrayList<>();
            for (int i : pair) {
                envelopes.add(ShareEnvelopeCodec.decode(vector(i)));
            }
            try (SecretBytes kwk = ShareSet.combine(envelopes)) {
                assertThat(kwk.reveal()).isEqualTo(hex(FormatVectors.KWK));
            }
        }
    }

    @Test
    void toStringNeverPrintsTheShare() throws Exception {
        try (ShareEnvelope e = ShareEnvelopeCodec.decode(vector(0))) {
            assertThat(e.toString())
                    .isEqualTo("ShareEnvelope[set=" + FormatVectors.SET_ID + ", #1, 2-of-3, check=66965886360ab479,"
                            + " share=32 bytes hidden]")
                    .doesNotContain(FormatVectors.SHARES[0].substring(0, 8));
            assertThat(e.describe()).isEqualTo("share #1 of set a0a1a2a3 (2-of-3)");
        }
    }

    @Test
    void rejectsBadMagic() throws Exception {
        byte[] e = vector(0);
        e[3] = 'X';
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(e)).isInstanceOf(InvalidInputException.class)
                .hasMessage("Not a KeyCeremony share envelope: the first bytes are 4b435358, expected 4b435345 (\"KCSE\").");
    }

    @Test
    void rejectsUnknownVersion() throws Exception {
        byte[] e = withField(4, 2);
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(e)).isInstanceOf(InvalidInputException.class)
                .hasMessage("Share envelope version 2 is not supported: this program reads version 1."
                        + " Use the program version that wrote it.");
    }

    @Test
    void rejectsChecksumMismatch() {
        byte[] e = vector(0);
        e[40] ^= 1;
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(e)).isInstanceOf(InvalidInputException.class)
                .hasMessage("Share envelope checksum mismatch: the stored bytes are damaged."
                        + " Do not use this share; try the other cards.");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] e = Arrays.copyOf(vector(0), 100);
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(e))
                .hasMessage("Share envelope has 2 trailing byte(s) after its checksum.");
    }

    @Test
    void rejectsTruncation() {
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(Arrays.copyOf(vector(0), 97)))
                .hasMessage("Share envelope truncated: 97 bytes, but its share length 32 needs 98.");
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(Arrays.copyOf(vector(0), 20)))
                .hasMessage("Share envelope truncated: 20 bytes, shorter than its 34-byte header.");
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(new byte[3]))
                .hasMessage("Not a share envelope: only 3 bytes.");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1025, 65535})
    void rejectsShareLengthsOutOfRange(int length) {
        byte[] e = vector(0);
        e[32] = (byte) (length >>> 8);
        e[33] = (byte) length;
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(e))
                .hasMessage("Share envelope declares a share length of " + length + " bytes; allowed are 1 to 1024.");
    }

    @Test
    void rejectsShareNumberZero() throws Exception {
        byte[] e = withField(21, 0);
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(e))
                .hasMessage("Share envelope holds share number 0, which is never valid (numbers start at 1).");
    }

    @Test
    void rejectsShareNumberAboveN() throws Exception {
        byte[] e = withField(21, 4);
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(e))
                .hasMessage("Share envelope holds share number 4 but its set has only N = 3 shares.");
    }

    @Test
    void rejectsThresholdBelowTwo() throws Exception {
        byte[] e = withField(22, 1);
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(e))
                .hasMessage("Share envelope declares threshold M = 1; M must be at least 2.");
    }

    @Test
    void rejectsThresholdAboveN() throws Exception {
        byte[] e = withField(22, 4);
        assertThatThrownBy(() -> ShareEnvelopeCodec.decode(e))
                .hasMessage("Share envelope declares M = 4 greater than N = 3.");
    }

    @Test
    void everySingleByteChangeOfTheVectorIsRefused() {
        byte[] original = vector(1);
        for (int i = 0; i < original.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] e = original.clone();
                e[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> ShareEnvelopeCodec.decode(e)).isInstanceOf(InvalidInputException.class);
            }
        }
    }
}
