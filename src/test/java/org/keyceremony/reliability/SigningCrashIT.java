package org.keyceremony.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.reliability.RehearsalProcess.Line;

/**
 * A subordinate-signing rehearsal killed with SIGKILL at chosen points (the request being read,
 * the certificate being written, the certificate written), then {@code ceremony recover} with
 * resume or abort: a resumed ceremony ends completed with exactly one issued certificate that
 * openssl verifies under the root; an aborted one leaves no issued certificate and no
 * transcript-signing key behind; the root key stays in the HSM either way.
 */
class SigningCrashIT {
    private static final String SCRIPT = "subordinate-signing";
    @TempDir
    static Path shared;
    private static Path root;
    private static RehearsalRuns runs;

    @BeforeAll
    static void completedRootCeremony() throws Exception {
        runs = new RehearsalRuns(shared);
        root = RehearsalProcess.completedRoot(shared.resolve("root")).workspace();
    }

    static Stream<Arguments> killPoints() {
        return Stream.of(
                Arguments.of("preparing the certificate (3.1 begun), then resume", nth("step-begin", "3.1"), "resume"),
                Arguments.of("certificate being written (3.2), then resume", nth("rollback-registered", "3.2"), "resume"),
                Arguments.of("certificate being written (3.2), then abort", nth("rollback-registered", "3.2"), "abort"),
                Arguments.of("certificate written (3.2 ended), then resume", nth("step-end", "3.2"), "resume"),
                Arguments.of("certificate written (3.2 ended), then abort", nth("step-end", "3.2"), "abort"));
    }

    static Predicate<List<Line>> nth(String type, String step) {
        return CrashRecoveryIT.nth(1, type, step);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("killPoints")
    void killedTheSigningCeremonyIsRecoveredWithOneCertificateOrNone(String where, Predicate<List<Line>> killPoint,
            String choice, @TempDir Path tmp) throws Exception {
        RehearsalWorld world = RehearsalWorld.open(RehearsalRuns.fork(root, tmp.resolve("ws")));
        Path chosen = tmp.resolve("answers.yaml");
        Files.writeString(chosen, Files.readString(runs.answers(SCRIPT, Map.of())).replace("recovery: resume",
                "recovery: " + choice));
        Process p = RehearsalProcess.startRehearsal(world, runs.ecScript(SCRIPT), chosen);
        int seen = RehearsalProcess.killWhen(world, SCRIPT, p, killPoint, -1);
        String context = where + " (killed at about event " + seen + ")";
        Path dir = RehearsalProcess.ceremonyDir(world, SCRIPT);
        assertThat(dir).as(context).isNotNull();

        Path out = tmp.resolve("recover.out");
        int code = RehearsalProcess.run(RehearsalProcess.launcher(world, true, out, "recover", dir.toString(),
                "--answers", chosen.toString()));
        assertThat(code).as("recover, %s:%n%s", context, Files.readString(out)).isZero();
        EventLogVerifier.Result log = EventLogVerifier.verify(dir.resolve("events.jsonl"));
        assertThat(log.valid()).as(context).isTrue();
        Event end = log.events().get(log.events().size() - 1);
        assertThat(String.valueOf(end.data().get("outcome"))).as(context)
                .isEqualTo(choice.equals("resume") ? "completed" : "aborted");
        List<Path> issued;
        try (Stream<Path> s = Files.list(dir)) {
            issued = s.filter(f -> f.getFileName().toString().startsWith("issued-")).toList();
        }
        if (choice.equals("resume")) {
            assertThat(issued).as("one issued certificate, " + context).hasSize(1);
            Path rootPem = RehearsalProcess.ceremonyDir(world, "root-key-generation").resolve("root-ca.pem");
            Process v = new ProcessBuilder("openssl", "verify", "-x509_strict", "-CAfile", rootPem.toString(),
                    issued.get(0).toString()).redirectErrorStream(true).start();
            String verdict = new String(v.getInputStream().readAllBytes());
            assertThat(v.waitFor()).as(verdict).isZero();
        } else if (keptAfterSigning(end)) {
            // Killed late (CI saw it: a loaded machine lets the ceremony run on past the kill point into its
            // signing step): the abort keeps everything of a ceremony that reached its signing step and says
            // so. The certificate is then the ceremony's output and must be whole.
            assertThat(issued).as("the completed ceremony's certificate, kept by the abort, " + context).hasSize(1);
        } else {
            assertThat(issued).as("no issued certificate after the abort, " + context
                    + "; the abort ended with " + end.data()).isEmpty();
        }
        List<String> keys = RehearsalRuns.labels(world.workspace(), "rehearsal-hsm", "privkey");
        if (keptAfterSigning(end)) {
            // everything of a ceremony that reached its signing step is kept, its transcript-signing key too
            assertThat(keys).as("the root key stays, %s", context).contains("root-ca");
        } else {
            assertThat(keys).as("the root key stays; this ceremony's signing key is gone, %s; the ceremony ended with %s",
                    context, end.data()).containsExactly("root-ca");
        }
    }

    /** The abort found the ceremony past its signing step (the kill landed late) and removed nothing. */
    private static boolean keptAfterSigning(Event end) {
        String kept = String.valueOf(end.data().get("rollbacksKept"));
        return "aborted".equals(end.data().get("outcome")) && (kept.contains("kept: this ceremony reached its signing step")
                || kept.contains("kept: this ceremony completed"));
    }
}
