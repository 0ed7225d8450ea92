package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crl-signing ceremony rehearsed after a root rehearsal (EC P-384), in the same world, judged
 * by openssl and by {@code ceremony verify}: the root's first CRL, a second one continuing its
 * number, a second one that drops a revocation (refused before anything is signed, the ceremony
 * aborted with nothing left behind), and a wrong certificate offered as the issuer.
 */
class CrlSigningIT {
    private static final String ENTRY = "            revoked: []";
    private static final String REVOKED = "            revoked:\n"
            + "              - {serial: \"7f:3a:01\", revoked: \"2026-11-30T00:00:00Z\", reason: keyCompromise}";
    @TempDir
    static Path dir;
    static RehearsalRuns runs;
    static Path world;
    static String rootFingerprint;

    @BeforeAll
    static void rootRehearsal() throws Exception {
        runs = new RehearsalRuns(dir);
        world = dir.resolve("world");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(world, runs.ecScript("root-key-generation"),
                RehearsalRuns.shipped("rehearsal/root-key-generation.answers.yaml"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        byte[] der = Files.readAllBytes(RehearsalRuns.output(world, "root-key-generation").resolve("root-ca.der"));
        rootFingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    @Test
    void theRootSignsItsFirstCrlThenASecondThatContinuesIt() throws Exception {
        RehearsalRuns.Run first = RehearsalRuns.rehearse(world, runs.ecScript("crl-signing", ENTRY, REVOKED),
                runs.answers("crl-signing", Map.of()));
        assertThat(first.exitCode()).as(first.output()).isZero();
        Path out = RehearsalRuns.output(world, "crl-signing");
        Path crl1 = out.resolve("root-ca-crl-1.crl");
        assertThat(crl1).isRegularFile();
        Path rootPem = RehearsalRuns.output(world, "root-key-generation").resolve("root-ca.pem");
        assertThat(openssl("crl", "-inform", "DER", "-in", crl1.toString(), "-CAfile", rootPem.toString(), "-noout",
                "-verify")).contains("verify OK");
        String text = openssl("crl", "-inform", "DER", "-in", crl1.toString(), "-noout", "-text");
        assertThat(text).contains("Version 2", "X509v3 CRL Number", "Serial Number: 7F3A01", "Key Compromise",
                "Next Update: Jan 10 00:00:00 2028 GMT", "ecdsa-with-SHA384");
        RehearsalRuns.Run verify = RehearsalRuns.ceremony("verify", RehearsalRuns.transcript(out).toString(),
                "--expect-fingerprint", rootFingerprint);
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("pass  issued-objects", "pass  signer-of-ceremony", "pass  pages-reproduced");

        RehearsalRuns.Run second = RehearsalRuns.rehearse(world, runs.ecScript("crl-signing", ENTRY, REVOKED),
                runs.answers("crl-signing", Map.of("3.1", "\"" + crl1 + "\"")));
        assertThat(second.exitCode()).as(second.output()).isZero();
        Path crl2 = RehearsalRuns.output(world, "crl-signing").resolve("root-ca-crl-2.crl");
        assertThat(openssl("crl", "-inform", "DER", "-in", crl2.toString(), "-CAfile", rootPem.toString(), "-noout",
                "-verify")).contains("verify OK");
        assertThat(openssl("crl", "-inform", "DER", "-in", crl2.toString(), "-noout", "-text"))
                .containsPattern("CRL Number: *\\n *2\\b").contains("Serial Number: 7F3A01");
    }

    @Test
    void aCrlThatDropsARevocationIsRefusedBeforeSigningAndNothingIsLeftBehind() throws Exception {
        RehearsalRuns.Run first = RehearsalRuns.rehearse(world, runs.ecScript("crl-signing", ENTRY, REVOKED),
                runs.answers("crl-signing", Map.of()));
        assertThat(first.exitCode()).as(first.output()).isZero();
        Path crl = RehearsalRuns.output(world, "crl-signing").resolve("root-ca-crl-1.crl");

        RehearsalRuns.Run dropped = RehearsalRuns.rehearse(world, runs.ecScript("crl-signing"),
                runs.answers("crl-signing", Map.of("3.1", "\"" + crl + "\"")));
        assertThat(dropped.exitCode()).as(dropped.output()).isNotZero();
        assertThat(dropped.output()).contains("crl-previous-entries", "nothing was signed").doesNotContain("at org.");
        Path out = RehearsalRuns.output(world, "crl-signing");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".crl"));
        }
        // The abort removed this ceremony's transcript-signing key and nothing else: the root key stays.
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm", "privkey")).containsExactly("root-ca");
    }

    /** BR 4.9.7's twelve months are checked before the first event: nothing of the ceremony exists. */
    @Test
    void aCrlValidForTwoYearsIsRefusedBeforeTheCeremonyStarts() throws Exception {
        long before;
        try (Stream<Path> s = Files.list(world.resolve("transcripts"))) {
            before = s.count();
        }
        RehearsalRuns.Run r = RehearsalRuns.rehearse(world, runs.ecScript("crl-signing",
                "next-update: \"2028-01-10T00:00:00Z\"", "next-update: \"2029-01-10T00:00:00Z\""),
                runs.answers("crl-signing", Map.of()));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("cannot start", "crl-validity", "more than twelve months").doesNotContain("at org.");
        try (Stream<Path> s = Files.list(world.resolve("transcripts"))) {
            assertThat(s.filter(p -> Files.exists(p.resolve("events.jsonl"))).count()).isLessThanOrEqualTo(before);
        }
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm", "privkey")).containsExactly("root-ca");
    }

    @Test
    void aCertificateThatIsNotTheRootsIsRefusedAsTheIssuer() throws Exception {
        Path signer = RehearsalRuns.output(world, "root-key-generation").resolve("root-ca-transcript-signer.pem");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(world, runs.ecScript("crl-signing"),
                runs.answers("crl-signing", Map.of("2.2", "\"" + signer + "\"")));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("does not belong to the key").doesNotContain("at org.");
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm", "privkey")).containsExactly("root-ca");
    }

    private static String openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return output;
    }
}
