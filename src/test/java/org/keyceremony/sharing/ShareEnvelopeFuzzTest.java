package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;

/**
 * The share envelope decoder (what a card gives back) against any bytes. Seeds: the spec
 * vectors of docs/formats.md and each broken form {@code ShareEnvelopeCodecTest} names.
 */
class ShareEnvelopeFuzzTest {

    /**
     * A share envelope or an {@link InvalidInputException} with a message; an accepted envelope is
     * exactly the canonical encoding of what it holds (so no changed byte of a genuine one passes)
     * and keeps 1 ≤ x ≤ N, 2 ≤ M ≤ N; a refusal never quotes the share or its checksum. Each input
     * is decoded as it is and once more with its checksum made right, so that the field rules
     * behind the SHA-256 are fuzzed too.
     */
    @FuzzTest
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void decodesOnlyCanonicalEnvelopesAndNeverEchoesTheShare(byte[] data) throws Exception {
        decodesCanonicallyOrRefusesQuietly(data);
        decodesCanonicallyOrRefusesQuietly(withChecksumMadeRight(data));
    }

    private static void decodesCanonicallyOrRefusesQuietly(byte[] data) {
        try (ShareEnvelope e = ShareEnvelopeCodec.decode(data.clone());
             SecretBytes again = ShareEnvelopeCodec.encode(e)) {
            assertThat(again.reveal()).as("an accepted envelope re-encodes to the same bytes").isEqualTo(data);
            assertThat(e.number()).isBetween(1, e.n());
            assertThat(e.m()).isBetween(Shamir.MIN_THRESHOLD, e.n());
        } catch (InvalidInputException refused) {
            String message = refused.getMessage();
            assertThat(message).isNotBlank();
            // Everything from the share on (share bytes and checksum) is secret or derived from it;
            // six bytes, so that the magic number a message may print is no false alarm.
            for (int i = ShareEnvelopeCodec.HEADER_LENGTH; i + 6 <= data.length; i++) {
                assertThat(message.toLowerCase(Locale.ROOT)).doesNotContain(HexFormat.of().formatHex(data, i, i + 6));
                assertThat(message).doesNotContain(Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, i, i + 6)));
            }
        }
    }

    /** The input with its last 32 bytes replaced by the SHA-256 of the rest, when it is long enough. */
    private static byte[] withChecksumMadeRight(byte[] data) throws Exception {
        byte[] out = data.clone();
        int body = out.length - ShareEnvelopeCodec.CHECKSUM_LENGTH;
        if (body >= ShareEnvelopeCodec.HEADER_LENGTH) {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(out, body));
            System.arraycopy(sum, 0, out, body, sum.length);
        }
        return out;
    }
}
