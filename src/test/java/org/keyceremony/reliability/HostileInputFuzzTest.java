package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.secret.InvalidInputException;
import org.keyceremony.secret.KeyCeremonyException;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;

/**
 * Hostile input to every reader of what comes from outside (transcripts given to {@code ceremony verify}): genuine
 * artifacts of a rehearsal, damaged by bit flips, truncation and splices. Each input must
 * end within its time bound in a clear refusal or an "invalid" verdict; never an unexpected
 * exception, a hang, or a damaged input accepted as genuine.
 */
class HostileInputFuzzTest {
    static final Path FIXTURES = Path.of(System.getProperty("keyceremony.test.basedir", "."))
            .resolve("src/test/resources/reliability/fixtures");
    static final Path ANSWERS = Path.of(System.getProperty("keyceremony.test.basedir", "."))
            .resolve("ceremony-scripts/rehearsal/root-key-generation.answers.yaml");

    /** One way to damage a file: flip bits, cut it short, or copy a piece of it elsewhere. */
    record Damage(int kind, int a, int b, int c, int bits) {
        byte[] apply(byte[] in) {
            int n = in.length;
            int x = Math.floorMod(a, n);
            int y = Math.floorMod(b, n);
            int z = Math.floorMod(c, n + 1);
            return switch (kind) {
                case 0 -> {
                    byte[] out = in.clone();
                    out[x] ^= (byte) (bits == 0 ? 1 : bits);
                    yield out;
                }
                case 1 -> Arrays.copyOf(in, x);
                case 2 -> {
                    int from = Math.min(x, y);
                    int len = Math.min(Math.abs(x - y), 4096);
                    byte[] piece = Arrays.copyOfRange(in, from, from + len);
                    byte[] out = new byte[n + len];
                    System.arraycopy(in, 0, out, 0, z);
                    System.arraycopy(piece, 0, out, z, len);
                    System.arraycopy(in, z, out, z + len, n - z);
                    yield out;
                }
                default -> {
                    int from = Math.min(x, y);
                    int to = Math.max(x, y);
                    byte[] out = new byte[n - (to - from)];
                    System.arraycopy(in, 0, out, 0, from);
                    System.arraycopy(in, to, out, from, n - to);
                    yield out;
                }
            };
        }
    }

    @Provide
    Arbitrary<Damage> damage() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Combinators.combine(Arbitraries.integers().between(0, 3), any, any, any,
                Arbitraries.integers().between(1, 255)).as(Damage::new);
    }

    private static <T> T within(Duration limit, org.junit.jupiter.api.function.ThrowingSupplier<T> work) {
        return assertTimeoutPreemptively(limit, work);
    }

    // ---- transcripts given to 'ceremony verify' ------------------------------------------

    @Property(tries = 40)
    void damagedTranscriptsAreNeverValid(@ForAll("damage") Damage d) throws Exception {
        byte[] genuine = Files.readAllBytes(FIXTURES.resolve("rehearsal-transcript.pdf"));
        String fingerprint = Files.readString(FIXTURES.resolve("rehearsal-root.sha256")).strip();
        byte[] damaged = d.apply(genuine);
        VerificationReport r = within(Duration.ofSeconds(60),
                () -> TranscriptVerifier.verify("damaged.pdf", damaged, fingerprint));
        if (Arrays.equals(damaged, genuine)) {
            assertThat(r.valid()).isTrue();
        } else {
            assertThat(r.valid()).as("damage %s", d).isFalse();
            assertThat(r.failures()).isNotEmpty();
        }
    }

    @Property(tries = 1)
    void theGenuineFixturesAreAccepted() throws Exception {
        assertThat(TranscriptVerifier.verify(FIXTURES.resolve("rehearsal-transcript.pdf"),
                Files.readString(FIXTURES.resolve("rehearsal-root.sha256")).strip()).valid()).isTrue();
        try {
            AnswersFilePrompter.parse(Files.readString(ANSWERS), "shipped");
        } catch (KeyCeremonyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
