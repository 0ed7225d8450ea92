package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret canaries: after a rehearsal, the shares are read back from the cards and the KWK is
 * recombined (in a child JVM with the workspace's SoftHSM2 world), and every file under the
 * workspace and everything the launcher printed is searched for the KWK, each share, each
 * share's envelope and both PINs, raw, as hex and as Base64. None may appear.
 *
 * <p>The world gets its own long, improbable PINs ({@code world:} in the answers file): the
 * default {@code 123456} also occurs by chance in timestamps and hashes, which would make the
 * search meaningless for it.
 */
class SecretCanariesIT {
    static final String USER_PIN = "Qx7-canary-USER-pin-40917";
    static final String SO_PIN = "Wz3-canary-SO-pin-88152";

    @TempDir
    Path dir;

    @Test
    void noSecretReachesAnyFileOrTheOutput() throws Exception {
        Path answers = RehearsalScripts.answers(dir, "canary.answers.yaml", "pins:\n",
                "world:\n  user-pin: \"" + USER_PIN + "\"\n  so-pin: \"" + SO_PIN + "\"\n\npins:\n");
        String text = Files.readString(answers).replace("\"123456\"", "\"" + USER_PIN + "\"")
                .replace("\"12345678\"", "\"" + SO_PIN + "\""); // the security officer types it in step 3.2
        Files.writeString(answers, text);
        Path ws = dir.resolve("ws");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(RehearsalRuns.INHERITED, ws, RehearsalScripts.ecScript(dir), answers);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path out = Files.writeString(dir.resolve("stdout.txt"), r.stdout());
        Path err = Files.writeString(dir.resolve("stderr.txt"), r.stderr());

        // The token files are searched too: SoftHSM2 keeps private objects' values (the shares)
        // encrypted under a key derived from the PIN, so not even they hold a secret in the clear.
        RehearsalRuns.Run scan = RehearsalRuns.probe(ws, "canaries", ws.toString(), USER_PIN, "5", SO_PIN, "--",
                out.toString(), err.toString());
        assertThat(scan.exitCode()).as(scan.output()).isZero();
        assertThat(scan.stdout()).containsPattern("scanned \\d+ files for 117 encodings of 13 secrets");

        // The search itself finds what it looks for: the answers file holds the PIN on purpose.
        RehearsalRuns.Run control = RehearsalRuns.probe(ws, "canaries", ws.toString(), USER_PIN, "5", SO_PIN, "--",
                answers.toString());
        assertThat(control.exitCode()).isEqualTo(1);
        assertThat(control.stdout()).contains("PIN 1 (raw) found in " + answers);
    }
}
