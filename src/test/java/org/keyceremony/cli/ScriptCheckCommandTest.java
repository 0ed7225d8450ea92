package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ceremony script check}: output format and exit codes. */
class ScriptCheckCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CeremonyCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyShippedScriptChecksOk() throws Exception {
        String[] args;
        try (var files = Files.list(Path.of("ceremony-scripts"))) {
            args = java.util.stream.Stream.concat(java.util.stream.Stream.of("script", "check"),
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(Path::toString)).toArray(String[]::new);
        }
        Run r = run(args);
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines()).hasSize(7).allMatch(l -> l.matches(".*\\.yaml: OK \\([a-z-]+ 1\\.0, [a-z-]+, \\d+ steps, sha256 [0-9a-f]{64}\\)"));
        assertThat(r.out()).contains("ceremony-scripts/root-key-generation.yaml: OK (root-key-generation 1.0, root-key-generation, 26 steps, sha256 ");
    }

    @Test
    void printsEveryErrorOfEveryFileAndExitsOne(@TempDir Path dir) throws Exception {
        Path good = Path.of("ceremony-scripts/card-check.yaml");
        Path bad1 = dir.resolve("bad1.yaml");
        Files.writeString(bad1, Files.readString(good).replace("threshold: 3", "threshold: 6")
                .replace("action: check-card", "action: check-cards"));
        Path bad2 = dir.resolve("bad2.yaml");
        Files.writeString(bad2, "");
        Run r = run("script", "check", bad1.toString(), good.toString(), bad2.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().lines()).containsExactly(
                bad1 + ":18: policy.sharing.threshold: 6 is more than policy.sharing.shares (5); the KWK could never be rebuilt",
                bad1 + ":89: acts[2].steps[2].action: unknown action 'check-cards'; did you mean 'check-card'?",
                good + ": OK (card-check 1.0, card-check, 8 steps, sha256 " + sha256(good) + ")",
                bad2 + ":1: the file is empty; a script is a mapping with the keys script, policy, roles and acts");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anUnreadableFileIsAUsageErrorAndTheOthersAreStillChecked(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");
        Run r = run("script", "check", missing.toString(), "ceremony-scripts/card-check.yaml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("ceremony script check: " + missing + " does not exist" + System.lineSeparator());
        assertThat(r.out()).startsWith("ceremony-scripts/card-check.yaml: OK");
    }

    /**
     * The pre-issuance linter's rules that need no HSM run here, as before a ceremony starts: a CRL
     * valid for two years, a subordinate without a policy, a cross-certificate asking for a key usage
     * no CA certificate may have.
     */
    @Test
    void theLinterRulesThatNeedNoKeyRefuseASigningScript(@TempDir Path dir) throws Exception {
        Path crl = dir.resolve("crl.yaml");
        Files.writeString(crl, Files.readString(Path.of("ceremony-scripts/crl-signing.yaml"))
                .replace("next-update: \"2028-01-10T00:00:00Z\"", "next-update: \"2029-01-10T00:00:00Z\""));
        Path sub = dir.resolve("sub.yaml");
        Files.writeString(sub, Files.readString(Path.of("ceremony-scripts/subordinate-signing.yaml"))
                .replace("            certificate-policies: [\"2.23.140.1.2.1\"]\n", ""));
        Path cross = dir.resolve("cross.yaml");
        Files.writeString(cross, Files.readString(Path.of("ceremony-scripts/cross-signing.yaml"))
                .replace("key-usage: [digitalSignature, keyCertSign, cRLSign]", "key-usage: [digitalSignature, cRLSign]"));
        Run r = run("script", "check", crl.toString(), sub.toString(), cross.toString(),
                "ceremony-scripts/subordinate-signing.yaml");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out().lines()).anySatisfy(l -> assertThat(l).startsWith(crl + ": step 3.1 (prepare-crl): crl-validity "))
                .anySatisfy(l -> assertThat(l).startsWith(sub + ": step 3.1 (prepare-certificate): cert-certificate-policies"))
                .anySatisfy(l -> assertThat(l).startsWith(cross + ": step 3.1 (prepare-certificate): "))
                .anySatisfy(l -> assertThat(l).startsWith("ceremony-scripts/subordinate-signing.yaml: OK"));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void noFileIsAUsageError() {
        Run r = run("script", "check");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'SCRIPT'").contains("Try 'ceremony script check --help'.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void scriptWithoutSubcommandShowsUsage() {
        Run r = run("script");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: ceremony script").contains("check");
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
