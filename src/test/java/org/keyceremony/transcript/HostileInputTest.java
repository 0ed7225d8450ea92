package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile or broken input yields a report with reasons, never an exception or a hang. */
class HostileInputTest {
    /** Refused for what the file is, not stopped by the time bound; and no worker left behind. */
    private static VerificationReport verify(byte[] bytes) {
        VerificationReport r = TranscriptVerifier.verify("hostile", bytes, (String) null);
        assertThat(r.checks()).extracting(Check::reason).noneMatch(reason -> reason.contains("did not finish"));
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.getName().equals(TranscriptVerifier.WORKER_NAME) && t.isAlive()).isEmpty();
        return r;
    }

    @Test
    void emptyFileIsNotATranscript() {
        VerificationReport r = verify(new byte[0]);
        assertThat(r.valid()).isFalse();
        assertThat(r.check("parses")).hasValueSatisfying(c -> assertThat(c.passed()).isFalse());
    }

    @Test
    void garbageAfterAPdfHeaderIsNotATranscript() {
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        byte[] bytes = ("%PDF-1.7\n" + new String(junk, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(verify(bytes).valid()).isFalse();
    }

    @Test
    void deeplyNestedObjectsDoNotCrashTheVerifier() {
        String nested = "[".repeat(200_000) + "]".repeat(200_000);
        byte[] bytes = ("%PDF-1.7\n1 0 obj\n" + nested + "\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(verify(bytes).valid()).isFalse();
    }

    @Test
    void randomByteDamageIsAlwaysDetected() throws Exception {
        byte[] genuine = GenuineTranscript.bytes();
        Random random = new Random(6);
        for (int i = 0; i < 25; i++) {
            byte[] damaged = genuine.clone();
            int at = random.nextInt(damaged.length);
            damaged[at] = (byte) (damaged[at] ^ (1 + random.nextInt(255)));
            VerificationReport r = verify(damaged);
            assertThat(r.valid()).as("byte %d changed", at).isFalse();
            assertThat(r.failures()).isNotEmpty();
        }
    }

    @Test
    void aChangeInTheUnsignedPaddingOfTheSignatureValueIsNamed() throws Exception {
        byte[] damaged = GenuineTranscript.bytes();
        String text = new String(damaged, java.nio.charset.StandardCharsets.ISO_8859_1);
        int contents = text.lastIndexOf("/Contents <");
        int end = text.indexOf('>', contents);
        assertThat(damaged[end - 1]).as("the reserved value ends in zero padding").isEqualTo((byte) '0');
        damaged[end - 1] = '1';
        VerificationReport r = verify(damaged);
        assertThat(r.valid()).isFalse();
        assertThat(r.check("signature").orElseThrow().reason()).contains("the unsigned padding was altered");
    }

    @Test
    void aSecondCopyOfTheFileAppendedIsNamed() throws Exception {
        byte[] genuine = GenuineTranscript.bytes();
        byte[] doubled = new byte[genuine.length * 2];
        System.arraycopy(genuine, 0, doubled, 0, genuine.length);
        System.arraycopy(genuine, 0, doubled, genuine.length, genuine.length);
        VerificationReport r = verify(doubled);
        assertThat(r.valid()).isFalse();
    }
}
