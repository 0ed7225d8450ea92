package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.journal.Json;

/**
 * {@code ceremony status} on the committed sample transcript (a root ceremony of 2026-12-04, with its
 * backup package): what it reports, its exit codes, and one clear line for every bad input.
 * The chained ceremonies are {@code ledger.LedgerStatusIT}'s.
 */
class StatusCommandTest {
    static final Path SAMPLES = Path.of("transcripts", "samples");
    static final String ROOT = "3f7b1c268010de162302274dca68c01f67c7d6078548b29dc4c99831d3916f96";

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private static synchronized Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = CeremonyCommand.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theSampleRootCeremonyIsOneKeyWithItsLiveSetAndBackupAndNoWarningTheNextDay() {
        Result r = run("status", SAMPLES.toString(), "--as-of", "2026-12-05");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("VERIFIED  " + SAMPLES.resolve("transcript-9f0ee5c3-8668-477d-9ba3-c3c8ca1991b9.pdf"),
                "root certificate SHA-256 " + ROOT, "LIVE share set ", ": 3 of 5, made by root-key-generation 9f0ee5c3",
                "proven to restore when written", "Result: no warning.");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void twoYearsLaterTheProofsAreStaleAndTheExitIsOne() throws Exception {
        Result r = run("status", SAMPLES.toString(), "--as-of", "2028-12-05", "--json");
        assertThat(r.exit()).isEqualTo(1);
        Map<String, Object> json = Json.parseObject(r.out().strip());
        assertThat(json).containsEntry("format", "keyceremony-ledger").containsEntry("version", 1L)
                .containsEntry("exitStatus", 1L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> warnings = (List<Map<String, Object>>) json.get("warnings");
        assertThat(warnings).extracting(w -> w.get("code")).containsOnly("card-not-proven", "quorum-at-risk",
                "backup-not-proven").contains("quorum-at-risk");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) json.get("keys");
        assertThat(keys).singleElement().satisfies(k -> assertThat(k).containsEntry("rootFingerprint", ROOT));
    }

    @Test
    void thePdfIsPdfA3bNewAndUnsignedOnEveryPage() throws Exception {
        Path pdf = dir.resolve("status.pdf");
        Result r = run("status", SAMPLES.toString(), "--as-of", "2026-12-05", "--pdf", pdf.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        byte[] bytes = Files.readAllBytes(pdf);
        assertThat(r.out()).contains("Status report written: " + pdf + " (SHA-256 "
                + org.keyceremony.base.Digests.sha256Hex(bytes) + "; unsigned)");
        assertThat(org.keyceremony.transcript.IndependentJudges.veraPdfFailures(bytes)).isEmpty();
        assertThat(new ProcessBuilder("qpdf", "--check", pdf.toString()).start().waitFor()).isZero();
        try (org.apache.pdfbox.pdmodel.PDDocument d = org.apache.pdfbox.Loader.loadPDF(bytes)) {
            org.apache.pdfbox.text.PDFTextStripper text = new org.apache.pdfbox.text.PDFTextStripper();
            for (int p = 1; p <= d.getNumberOfPages(); p++) {
                text.setStartPage(p);
                text.setEndPage(p);
                assertThat(text.getText(d)).as("page " + p).contains("UNSIGNED STATUS REPORT", "Page " + p + " of ");
            }
        }
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("status.pdf");
    }

    @Test
    void everyBadInputIsOneLineAndExitTwo() throws Exception {
        Path roster = Files.writeString(dir.resolve("roster.yaml"), "version: 1\ncustodians: {}\n");
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "version: 1\nquorum: 2\n");
        Path existing = Files.writeString(dir.resolve("exists.pdf"), "x");
        Map<List<String>, String> cases = Map.of(
                List.of("status", dir.resolve("missing").toString()), "ceremony status: the archive folder "
                        + dir.resolve("missing") + " does not exist or is not a folder",
                List.of("status", SAMPLES.toString(), "--roster", roster.toString()), "ceremony status: " + roster
                        + ": line 2: custodians: must be a list",
                List.of("status", SAMPLES.toString(), "--policy", policy.toString()), "ceremony status: " + policy
                        + ": line 2: quorum: unknown key",
                List.of("status", SAMPLES.toString(), "--roster", dir.resolve("none.yaml").toString()),
                "ceremony status: " + dir.resolve("none.yaml") + ": the custodian roster cannot be read",
                List.of("status", SAMPLES.toString(), "--as-of", "next year"), "ceremony status: --as-of next year is "
                        + "not a date",
                List.of("status", SAMPLES.toString(), "--pdf", existing.toString()), "ceremony status: --pdf "
                        + existing + " already exists",
                List.of("status"), "ceremony: Missing required parameter: 'ARCHIVE'");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            Result r = run(c.getKey().toArray(String[]::new));
            assertThat(r.exit()).as(c.getKey().toString()).isEqualTo(2);
            assertThat(r.err()).as(c.getKey().toString()).startsWith(c.getValue()).doesNotContain("Exception", "\tat ");
            assertThat(r.out()).as(c.getKey().toString()).isEmpty();
        }
        assertThat(Files.readString(existing)).isEqualTo("x");
    }

    @Test
    void anArchiveWhereNothingVerifiesExitsTwoAndNamesTheFile() throws Exception {
        byte[] pdf = Files.readAllBytes(SAMPLES.resolve("transcript-9f0ee5c3-8668-477d-9ba3-c3c8ca1991b9.pdf"));
        pdf[pdf.length / 2] ^= 1;
        Path bad = Files.write(dir.resolve("transcript-9f0ee5c3-8668-477d-9ba3-c3c8ca1991b9.pdf"), pdf);
        Result r = run("status", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("FAILED  " + bad + ": ", "WARNING transcript-fails-verification: " + bad);
        assertThat(r.err()).startsWith("ceremony status: no transcript in " + dir + " verified");
        Result empty = run("status", Files.createDirectories(dir.resolve("empty")).toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.out()).contains("no transcript (transcript-*.pdf) in the archive");
    }
}
