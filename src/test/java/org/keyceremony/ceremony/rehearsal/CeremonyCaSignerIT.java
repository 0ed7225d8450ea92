package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.ceremony.backup.BackupPackage;

/**
 * {@code policy.transcript-signer: issued-by-ceremony-ca}, for roots whose programme forbids
 * end-entity certificates directly under the root: the root ceremony (EC P-384) and then a
 * crl-signing ceremony, each with its own ceremony CA, judged from outside by openssl,
 * pkcs11-tool, pdfsig and {@code ceremony verify}.
 */
class CeremonyCaSignerIT {
    private static final String POLICY = "  require-air-gap: true";
    private static final String WITH_CA = POLICY + "\n  transcript-signer: issued-by-ceremony-ca";
    @TempDir
    static Path dir;
    static RehearsalRuns runs;
    static Path world;
    static Path out;
    static String rootFingerprint;

    @BeforeAll
    static void rootRehearsal() throws Exception {
        runs = new RehearsalRuns(dir);
        world = dir.resolve("world");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(world, runs.ecScript("root-key-generation", POLICY, WITH_CA),
                RehearsalRuns.shipped("rehearsal/root-key-generation.answers.yaml"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        out = RehearsalRuns.output(world, "root-key-generation");
        byte[] der = Files.readAllBytes(out.resolve("root-ca.der"));
        rootFingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    @Test
    void theRootCertifiesOnlyACaAndOpensslVerifiesTheChainStrictly() {
        String root = out.resolve("root-ca.pem").toString();
        String ca = out.resolve("root-ca-ceremony-ca.pem").toString();
        String signer = out.resolve("root-ca-transcript-signer.pem").toString();
        RehearsalRuns.Run verify = RehearsalRuns.openssl("verify", "-x509_strict", "-CAfile", root, "-untrusted", ca,
                "-purpose", "any", signer);
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        String caText = RehearsalRuns.openssl("x509", "-in", ca, "-noout", "-text").stdout();
        assertThat(caText).contains("CN = REHEARSAL KeyCeremony ceremony CA",
                "X509v3 Basic Constraints: critical\n                CA:TRUE, pathlen:0\n",
                "X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign\n", "1.3.6.1.5.5.7.3.36");
        String signerText = RehearsalRuns.openssl("x509", "-in", signer, "-noout", "-text").stdout();
        assertThat(signerText).containsPattern("Issuer: .*CN = REHEARSAL KeyCeremony ceremony CA\n").contains("CA:FALSE");
    }

    @Test
    void theCeremonyCasKeyIsGoneAndOnlyTheRootKeyStays() throws Exception {
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm", "privkey")).containsExactly("root-ca");
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm", "cert"))
                .anyMatch(l -> l.matches("root-ca ceremony CA [0-9a-f]{8}"))
                .anyMatch(l -> l.matches("root-ca transcript signer [0-9a-f]{8}"));
        assertThat(RehearsalRuns.events(world)).contains("\"keyDestroyed\":true", "\"signingKeyDestroyed\":true");
    }

    @Test
    void theTranscriptVerifiesTiedToTheRootThroughTheCeremonyCa() throws Exception {
        Path pdf = RehearsalRuns.transcript(out);
        RehearsalRuns.Run verify = RehearsalRuns.ceremony("verify", pdf.toString(), "--expect-fingerprint",
                rootFingerprint);
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("pass  chain", "by ceremony CA", "pass  signer-of-ceremony",
                "pass  cms-encoding", "pass  attachments", "pass  pages-reproduced");
        RehearsalRuns.Run pdfsig = RehearsalRuns.command("pdfsig", pdf.toString());
        assertThat(pdfsig.stdout()).contains("Signature Validation: Signature is Valid.");
    }

    @Test
    void theBackupPackageVerifiesWithOpensslAndOpensAsARestoreReadsIt() throws Exception {
        List<Path> copies = RehearsalRuns.packages(world, "media-1", "media-2");
        RehearsalRuns.Run cms = RehearsalRuns.openssl("cms", "-verify", "-inform", "DER", "-in", copies.get(0).toString(),
                "-CAfile", out.resolve("root-ca.pem").toString(), "-purpose", "any", "-out",
                dir.resolve("meta.json").toString());
        assertThat(cms.exitCode()).as(cms.output()).isZero();
        assertThat(BackupPackage.open(Files.readAllBytes(copies.get(0))).keyLabel()).isEqualTo("root-ca");
    }

    @Test
    void aCrlSigningCeremonyGetsItsOwnCeremonyCa() throws Exception {
        RehearsalRuns.Run crl = RehearsalRuns.rehearse(world, runs.ecScript("crl-signing", POLICY, WITH_CA),
                runs.answers("crl-signing", Map.of()));
        assertThat(crl.exitCode()).as(crl.output()).isZero();
        Path crlOut = RehearsalRuns.output(world, "crl-signing");
        RehearsalRuns.Run verify = RehearsalRuns.ceremony("verify", RehearsalRuns.transcript(crlOut).toString(),
                "--expect-fingerprint", rootFingerprint);
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("by ceremony CA", "pass  issued-objects");
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm", "privkey")).containsExactly("root-ca");
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm", "cert")
                .stream().filter(l -> l.startsWith("root-ca ceremony CA ")).count()).isEqualTo(2);
    }
}
