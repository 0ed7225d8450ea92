package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped script and answers file as they are (RSA-4096): what the README's quick start runs. */
class RsaRootRehearsalIT {
    @TempDir
    Path dir;

    @Test
    void theShippedRehearsalCompletesWithAnRsa4096RootThatOpensslAndCeremonyVerifyAccept() throws Exception {
        Path ws = dir.resolve("ws");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(RehearsalRuns.INHERITED, ws, RehearsalRuns.SHIPPED_SCRIPT,
                RehearsalRuns.SHIPPED_ANSWERS);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        // This JVM's SOFTHSM2_CONF is inherited, so the launcher leaves it and the world goes to a second JVM.
        assertThat(r.stdout()).contains(" completed.", "Transcript: ", "continues in a second Java process that has the "
                + "world's SOFTHSM2_CONF=" + dir.resolve("ws").toAbsolutePath().normalize().resolve("softhsm2.conf"));

        String objects = RehearsalRuns.objects(ws, RehearsalWorld.HSM);
        assertThat(EcRootRehearsalIT.blocks(objects, "Private Key Object; RSA", "root-ca")).singleElement()
                .satisfies(b -> assertThat(b).contains("ID:         01")
                        .containsPattern("Access:\\s+sensitive, always sensitive, local"));

        String pem = RehearsalRuns.output(ws).resolve("root-ca.pem").toString();
        RehearsalRuns.Run verify = RehearsalRuns.openssl("verify", "-x509_strict", "-CAfile", pem, pem);
        assertThat(verify.stdout().strip()).as(verify.output()).isEqualTo(pem + ": OK");
        assertThat(RehearsalRuns.openssl("x509", "-in", pem, "-noout", "-text").stdout()).contains(
                "Public-Key: (4096 bit)", "Exponent: 65537 (0x10001)", "Signature Algorithm: sha256WithRSAEncryption",
                "X509v3 Basic Constraints: critical\n                CA:TRUE\n",
                "X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign\n");

        for (int i = 1; i <= 5; i++) {
            assertThat(RehearsalRuns.dataObjects(ws, RehearsalWorld.cardLabel(i))).isEqualTo(1);
        }
        assertThat(Files.readAllBytes(RehearsalRuns.packages(ws, "media-1", "media-2").get(0))).isEqualTo(Files.readAllBytes(RehearsalRuns.packages(ws, "media-1", "media-2").get(1)));

        String fingerprint = RehearsalScripts.sha256Hex(Files.readAllBytes(RehearsalRuns.output(ws).resolve("root-ca.der")));
        RehearsalRuns.Run check = RehearsalRuns.ceremony("verify",
                RehearsalRuns.transcript(RehearsalRuns.output(ws)).toString(), "--expect-fingerprint", fingerprint);
        assertThat(check.exitCode()).as(check.output()).isZero();
    }
}
