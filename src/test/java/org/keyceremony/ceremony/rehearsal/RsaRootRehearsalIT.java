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
        Rehearsal r = Rehearsal.run(dir.resolve("ws"), Rehearsal.SHIPPED_SCRIPT, Rehearsal.SHIPPED_ANSWERS);
        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        // This JVM's SOFTHSM2_CONF is inherited, so the launcher leaves it and the world goes to a second JVM.
        assertThat(r.stdout()).contains(" completed.", "Transcript: ", "continues in a second Java process that has the "
                + "world's SOFTHSM2_CONF=" + dir.resolve("ws").toAbsolutePath().normalize().resolve("softhsm2.conf"));

        String objects = r.objectsOn(RehearsalWorld.HSM, EcRootRehearsalIT.PIN);
        assertThat(EcRootRehearsalIT.blocks(objects, "Private Key Object; RSA", "root-ca")).singleElement()
                .satisfies(b -> assertThat(b).contains("ID:         01")
                        .containsPattern("Access:\\s+sensitive, always sensitive, local"));

        String pem = r.rootPem().toString();
        Rehearsal.Run verify = Rehearsal.openssl("verify", "-x509_strict", "-CAfile", pem, pem);
        assertThat(verify.stdout().strip()).as(verify.output()).isEqualTo(pem + ": OK");
        assertThat(Rehearsal.openssl("x509", "-in", pem, "-noout", "-text").stdout()).contains(
                "Public-Key: (4096 bit)", "Exponent: 65537 (0x10001)", "Signature Algorithm: sha256WithRSAEncryption",
                "X509v3 Basic Constraints: critical\n                CA:TRUE\n",
                "X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign\n");

        for (int i = 1; i <= 5; i++) {
            assertThat(r.dataObjectsOn(RehearsalWorld.cardLabel(i), EcRootRehearsalIT.PIN)).isEqualTo(1);
        }
        assertThat(Files.readAllBytes(r.backups().get(0))).isEqualTo(Files.readAllBytes(r.backups().get(1)));

        String fingerprint = RehearsalScripts.sha256Hex(Files.readAllBytes(r.output().resolve("root-ca.der")));
        Rehearsal.Run check = Rehearsal.command(null, 120, Rehearsal.launcher().toString(), "verify",
                r.transcript().toString(), "--expect-fingerprint", fingerprint);
        assertThat(check.exit()).as(check.output()).isZero();
    }
}
