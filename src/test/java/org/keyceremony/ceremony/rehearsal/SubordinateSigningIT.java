package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subordinate-signing and cross-signing ceremonies rehearsed after a root rehearsal (EC
 * P-384) in the same world, judged by openssl ({@code verify -x509_strict}, {@code req -verify})
 * and by {@code ceremony verify}: a subordinate from the rehearsal's own request, one from a bare
 * public key (the transcript says the fingerprint is the only proof), a request whose key is not
 * the one the script expects (refused before anything is signed, nothing left behind), and a
 * cross-certificate that keeps the other CA's subject and key byte for byte.
 */
class SubordinateSigningIT {
    @TempDir
    static Path dir;
    static RehearsalRuns runs;
    static Path world;
    static Path rootPem;
    static String rootFingerprint;

    @BeforeAll
    static void rootRehearsal() throws Exception {
        runs = new RehearsalRuns(dir);
        world = dir.resolve("world");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(world, runs.ecScript("root-key-generation"),
                RehearsalRuns.shipped("rehearsal/root-key-generation.answers.yaml"));
        assertThat(r.exitCode()).as(r.output()).isZero();
        Path out = RehearsalRuns.output(world, "root-key-generation");
        rootPem = out.resolve("root-ca.pem");
        rootFingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(out.resolve("root-ca.der"))));
    }

    @Test
    void theRootSignsASubordinateFromItsRequestAndFromABarePublicKey() throws Exception {
        RehearsalRuns.Run r = RehearsalRuns.rehearse(world, runs.ecScript("subordinate-signing"),
                runs.answers("subordinate-signing", Map.of()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        Path csr = world.resolve("requests/3.1.csr");
        assertThat(run("openssl", "req", "-verify", "-in", csr.toString(), "-noout")).contains("verify OK");
        Path out = RehearsalRuns.output(world, "subordinate-signing");
        Path issued = only(out, "issued-");
        assertThat(run("openssl", "verify", "-x509_strict", "-CAfile", rootPem.toString(), issued.toString()))
                .contains(": OK");
        assertThat(run("openssl", "x509", "-in", issued.toString(), "-noout", "-text")).contains(
                "Subject: C = NL, O = Example Organisation, CN = Example Issuing CA E1", "CA:TRUE, pathlen:0",
                "TLS Web Client Authentication, TLS Web Server Authentication", "Policy: 2.23.140.1.2.1",
                "URI:http://crl.example.org/root.crl", "CA Issuers - URI:http://certs.example.org/root.der");
        assertThat(pubkey(issued)).isEqualTo(run("openssl", "req", "-in", csr.toString(), "-noout", "-pubkey"));
        RehearsalRuns.Run v = RehearsalRuns.ceremony("verify", RehearsalRuns.transcript(out).toString(),
                "--expect-fingerprint", rootFingerprint);
        assertThat(v.exitCode()).as(v.output()).isZero();
        assertThat(v.output()).contains("pass  issued-objects", "pass  pages-reproduced");

        // The subordinate's operator brings only the public key from their own key ceremony.
        Path key = dir.resolve("subordinate-key.pem");
        Files.writeString(key, run("openssl", "req", "-in", csr.toString(), "-noout", "-pubkey"), StandardCharsets.US_ASCII);
        RehearsalRuns.Run bare = RehearsalRuns.rehearse(world, runs.ecScript("subordinate-signing"),
                runs.answers("subordinate-signing", Map.of("3.1", "\"" + key + "\"")));
        assertThat(bare.exitCode()).as(bare.output()).isZero();
        Path out2 = RehearsalRuns.output(world, "subordinate-signing");
        assertThat(run("openssl", "verify", "-x509_strict", "-CAfile", rootPem.toString(), only(out2, "issued-").toString()))
                .contains(": OK");
        assertThat(Files.readString(out2.resolve("events.jsonl"))).contains("\"inputKind\":\"public-key\"",
                "is the only proof");
    }

    @Test
    void aRequestWithAnotherKindOfKeyIsRefusedBeforeSigning() throws Exception {
        Path p256 = dir.resolve("p256.csr");
        Path keyFile = dir.resolve("p256.key");
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                keyFile.toString(), "-subj", "/C=NL/O=Example Organisation/CN=Example Issuing CA E1", "-out", p256.toString());
        RehearsalRuns.Run r = RehearsalRuns.rehearse(world, runs.ecScript("subordinate-signing"),
                runs.answers("subordinate-signing", Map.of("3.1", "\"" + p256 + "\"")));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("EC P-256", "the script expects EC P-384", "Nothing was signed")
                .doesNotContain("at org.");
        try (Stream<Path> files = Files.list(RehearsalRuns.output(world, "subordinate-signing"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("issued-"));
        }
        assertThat(RehearsalRuns.labels(world, "rehearsal-hsm", "privkey")).containsExactly("root-ca");
    }

    @Test
    void theRootCrossCertifiesAnotherCaKeepingItsSubjectAndKey() throws Exception {
        RehearsalRuns.Run r = RehearsalRuns.rehearse(world, runs.ecScript("cross-signing"),
                runs.answers("cross-signing", Map.of()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        Path other = world.resolve("requests/3.1.pem");
        Path out = RehearsalRuns.output(world, "cross-signing");
        Path issued = only(out, "issued-");
        assertThat(run("openssl", "verify", "-x509_strict", "-CAfile", rootPem.toString(), issued.toString()))
                .contains(": OK");
        assertThat(run("openssl", "x509", "-in", issued.toString(), "-noout", "-subject", "-nameopt", "RFC2253"))
                .isEqualTo(run("openssl", "x509", "-in", other.toString(), "-noout", "-subject", "-nameopt", "RFC2253"));
        assertThat(pubkey(issued)).isEqualTo(pubkey(other));
        RehearsalRuns.Run v = RehearsalRuns.ceremony("verify", RehearsalRuns.transcript(out).toString(),
                "--expect-fingerprint", rootFingerprint);
        assertThat(v.exitCode()).as(v.output()).isZero();
        assertThat(v.output()).contains("pass  issued-objects");
    }

    /** Let's Encrypt's root ceremonies issued their first intermediates in the same ceremony: so can a root rehearsal. */
    @Test
    void aRootCeremonyIssuesASubordinateUnderTheRootItHasJustMade() throws Exception {
        String steps = """
                      - id: "2.6"
                        title: Prepare the first subordinate's certificate
                        text: |
                          Administrator, type the path of the subordinate's request. Subordinate's operator,
                          read the key's fingerprint aloud. Witness, compare the contents with this script.
                        actor: administrator
                        confirmer: witness
                        action:
                          prepare-certificate:
                            profile: cabf-tls-subordinate
                            subject: "CN=Example Issuing CA E1, O=Example Organisation, C=NL"
                            key: {algorithm: EC, curve: P-384}
                            validity-days: 1095
                            extended-key-usage: [serverAuth]
                            path-length: 0
                            certificate-policies: ["2.23.140.1.2.1"]
                            crl-distribution-points: ["http://crl.example.org/root.crl"]
                            authority-information-access: {ca-issuers: "http://certs.example.org/root.der"}
                      - id: "2.7"
                        title: Sign the first subordinate's certificate
                        text: |
                          The HSM signs exactly what the witness confirmed.
                        actor: administrator
                        confirmer: witness
                        action: sign-certificate
                  - title: Backup
                """;
        Path fresh = dir.resolve("root-with-subordinate");
        RehearsalRuns.Run r = RehearsalRuns.rehearse(fresh, runs.ecScript("root-key-generation", "  - title: Backup\n",
                steps.stripIndent()), runs.answers("root-key-generation", Map.of("2.6", "\"requests/2.6.csr\"")));
        assertThat(r.exitCode()).as(r.output()).isZero();
        Path out = RehearsalRuns.output(fresh, "root-key-generation");
        assertThat(run("openssl", "verify", "-x509_strict", "-CAfile", out.resolve("root-ca.pem").toString(),
                only(out, "issued-").toString())).contains(": OK");
        RehearsalRuns.Run v = RehearsalRuns.ceremony("verify", RehearsalRuns.transcript(out).toString());
        assertThat(v.exitCode()).as(v.output()).isZero();
        assertThat(v.output()).contains("pass  issued-objects");
    }

    /** {@code --csr FILE} brings the operator's own request; a different one never replaces it in the workspace. */
    @Test
    void aRequestGivenWithCsrIsCertifiedAndNeverOverwritten() throws Exception {
        Path ws = RehearsalRuns.fork(world, dir.resolve("csr-world"));
        RehearsalRuns.deleteTree(ws.resolve("requests"));
        Path own = dir.resolve("own.csr");
        Path other = dir.resolve("other.csr");
        for (Path csr : List.of(own, other)) {
            run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes", "-keyout",
                    csr + ".key", "-subj", "/C=NL/O=Example Organisation/CN=Example Issuing CA E1", "-out", csr.toString());
        }
        Path script = runs.ecScript("subordinate-signing");
        Path answers = runs.answers("subordinate-signing", Map.of());
        RehearsalRuns.Run r = RehearsalRuns.ceremony(RehearsalRuns.world(ws), "rehearse", "--workspace", ws.toString(),
                "--script", script.toString(), "--headless", "--answers", answers.toString(), "--csr", own.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        Path issued = only(RehearsalRuns.output(ws, "subordinate-signing"), "issued-");
        assertThat(pubkey(issued)).isEqualTo(run("openssl", "req", "-in", own.toString(), "-noout", "-pubkey"));

        RehearsalRuns.Run again = RehearsalRuns.ceremony(RehearsalRuns.world(ws), "rehearse", "--workspace", ws.toString(),
                "--script", script.toString(), "--headless", "--answers", answers.toString(), "--csr", other.toString());
        assertThat(again.exitCode()).as(again.output()).isNotZero();
        assertThat(again.output()).contains("already holds another request").doesNotContain("at org.");
        assertThat(Files.readAllBytes(ws.resolve("requests/3.1.csr"))).isEqualTo(Files.readAllBytes(own));
    }

    private static String pubkey(Path cert) throws Exception {
        return run("openssl", "x509", "-in", cert.toString(), "-noout", "-pubkey");
    }

    private static Path only(Path folder, String prefix) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertThat(found).as(prefix + " in " + folder).hasSize(1);
            return found.get(0);
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + output).isZero();
        return output;
    }
}
