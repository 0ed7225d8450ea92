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
import org.keyceremony.transcript.TranscriptSamples;

class VerifyCommandTest {
    @TempDir
    Path dir;

    /** Exit code and what the command printed. */
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
    void genuineTranscriptWithItsFingerprintExitsZero() throws Exception {
        Path f = Files.write(dir.resolve("genuine.pdf"), TranscriptSamples.genuine());
        Result r = run("verify", f.toString(), "--expect-fingerprint", TranscriptSamples.rootFingerprint());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("genuine.pdf: VALID").contains("pass  root-fingerprint");
    }

    @Test
    void theFinalHashAndCeremonyWrittenInTheRoomAreCheckedAndTheirAbsenceIsNoted() throws Exception {
        Path f = Files.write(dir.resolve("genuine.pdf"), TranscriptSamples.genuine());
        Result unpinned = run("verify", f.toString(), "--expect-fingerprint", TranscriptSamples.rootFingerprint());
        assertThat(unpinned.out()).contains("note: no --expect-final-hash given");
        String finalHash = unpinned.out().lines().filter(l -> l.contains("pass  event-log:")).findFirst().orElseThrow()
                .replaceAll(".*final hash ", "").strip();

        Result right = run("verify", "--expect-final-hash", finalHash, f.toString(), "--expect-fingerprint",
                TranscriptSamples.rootFingerprint(), "--expect-ceremony=" + TranscriptSamples.ceremonyId());
        assertThat(right.exit()).as(right.out() + right.err()).isZero();
        assertThat(right.out()).contains("pass  expected-final-hash").contains("pass  expected-ceremony")
                .doesNotContain("note: no --expect-final-hash");

        Result wrong = run("verify", f.toString(), "--expect-final-hash", "0".repeat(64));
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.out()).contains("FAIL  expected-final-hash").contains("not the transcript signed in the room");

        Result malformed = run("verify", f.toString(), "--expect-final-hash", "abc");
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains("--expect-final-hash must be the final hash printed on the transcript");
        Result badId = run("verify", f.toString(), "--expect-ceremony", "x y");
        assertThat(badId.exit()).isEqualTo(2);
        assertThat(badId.err()).contains("--expect-ceremony must be a ceremony id");
    }

    @Test
    void certificateNamesWithTerminalEscapesArePrintedAsVisibleEscapes() throws Exception {
        Path f = Files.write(dir.resolve("forged.pdf"), TranscriptSamples.forgedWithControlCharactersInNames());
        Result r = run("verify", f.toString(), "--expect-fingerprint", TranscriptSamples.rootFingerprint());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("forged.pdf: INVALID").contains("\\u001b[1A\\u001b[2K\\u000d")
                .doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u202e");
        assertThat(r.out().lines()).noneMatch(l -> l.endsWith(": VALID"));
    }

    @Test
    void anyInvalidFileMakesTheRunExitOneAndJsonSaysWhich() throws Exception {
        Path good = Files.write(dir.resolve("genuine.pdf"), TranscriptSamples.genuine());
        byte[] bad = TranscriptSamples.genuine();
        bad[bad.length / 2] ^= 0x55;
        Path tampered = Files.write(dir.resolve("tampered.pdf"), bad);
        Result r = run("verify", "--json", good.toString(), tampered.toString(), dir.resolve("missing.pdf").toString());
        assertThat(r.exit()).isEqualTo(1);
        Map<String, Object> json = Json.parseObject(r.out().strip());
        assertThat(json.get("valid")).isEqualTo(false);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) json.get("files");
        assertThat(files).extracting(m -> m.get("valid")).containsExactly(true, false, false);
        assertThat(files.get(2).toString()).contains("not a readable file");
    }

    @Test
    void aBatchIsReportedInTheOrderOfTheArgumentsWhateverThreadFinishesFirst() throws Exception {
        byte[] genuine = TranscriptSamples.genuine();
        byte[] bad = genuine.clone();
        bad[bad.length / 2] ^= 0x55;
        List<String> args = new java.util.ArrayList<>(List.of("verify", "--expect-fingerprint",
                TranscriptSamples.rootFingerprint()));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            boolean valid = i % 3 != 1;
            Path f = Files.write(dir.resolve("t" + i + ".pdf"), valid ? genuine : bad);
            args.add(f.toString());
            expected.append("t").append(i).append(".pdf: ").append(valid ? "VALID" : "INVALID").append('\n');
        }
        Result r = run(args.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(1);
        String verdicts = r.out().lines().filter(l -> l.endsWith("VALID"))
                .map(l -> l.substring(l.lastIndexOf('/') + 1)).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        assertThat(verdicts).isEqualTo(expected.toString());
    }

    @Test
    void malformedFingerprintIsAUsageError() throws Exception {
        Path f = Files.write(dir.resolve("genuine.pdf"), TranscriptSamples.genuine());
        Result r = run("verify", f.toString(), "--expect-fingerprint", "abc");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("64 hexadecimal digits");
    }

    @Test
    void noFileIsAUsageError() {
        assertThat(run("verify").exit()).isEqualTo(2);
    }

    @Test
    void wrongFingerprintExitsOne() throws Exception {
        Path f = Files.write(dir.resolve("genuine.pdf"), TranscriptSamples.genuine());
        Result r = run("verify", f.toString(), "--expect-fingerprint", "AB:".repeat(31) + "AB");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL  root-fingerprint");
    }

    /** Issue 19: in a folder checked with 'ceremony verify *.pdf', an empty file named -V.pdf printed the version and exited 0. */
    @Test
    void fileNamesThatLookLikeOptionsAreVerifiedAsFiles() throws Exception {
        Path f = Files.write(dir.resolve("genuine.pdf"), TranscriptSamples.genuine());
        for (String name : List.of("-V.pdf", "-h.pdf", "--help.pdf", "--json.pdf", "--expect-fingerprint.pdf", "-V")) {
            Result r = run("verify", name, f.toString(), "--expect-fingerprint", TranscriptSamples.rootFingerprint());
            assertThat(r.exit()).as(name + ": " + r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).as(name).contains("./" + name + ": INVALID").contains("genuine.pdf: VALID");
            assertThat(r.err()).as(name).contains("was read as a file name and no such file exists");
        }
    }

    @Test
    void aVerifyThatCheckedNoTranscriptNeverExitsZero() {
        assertThat(run("verify").exit()).isEqualTo(2);
        assertThat(run("verify", "--expect-fingerprint", "AB".repeat(32)).exit()).isEqualTo(2);
        assertThat(run("verify", "--").exit()).isEqualTo(2);
    }

    /** Issue 19, part 3: a file name is shown, never acted on: one line per file, whatever the name holds. */
    @Test
    void aFileNameWithLineFeedsAndEscapesIsEscapedInEveryMessage() throws Exception {
        String hostile = "x\u001b[2J\r\n" + "fake.pdf: VALID\u0007\u202e\nfdp";
        Path f = Files.write(dir.resolve(hostile + ".pdf"), TranscriptSamples.genuine());
        Path missing = dir.resolve("missing" + hostile + ".pdf");
        String dash = "-" + hostile + ".pdf"; // no such file: named in the warning on stderr

        Result text = run("verify", f.toString(), missing.toString(), dash, "--expect-fingerprint",
                TranscriptSamples.rootFingerprint());
        Result json = run("verify", "--json", f.toString(), missing.toString(), dash);

        for (Result r : List.of(text, json)) {
            assertThat(r.exit()).isEqualTo(1);
            TerminalSafetyCommandTest.hasNoRawControls(r.out() + r.err());
            assertThat(r.out() + r.err()).doesNotContain("\nfake.pdf").doesNotContain("\nfdp");
        }
        String shown = "x\\u001b[2J\\u000d\\u000afake.pdf: VALID\\u0007\\u202e\\u000afdp";
        assertThat(text.out().lines().filter(l -> l.endsWith("VALID")))
                .containsExactly(dir + "/" + shown + ".pdf: VALID", dir + "/missing" + shown + ".pdf: INVALID",
                        "./-" + shown + ".pdf: INVALID");
        assertThat(text.err().strip()).isEqualTo("ceremony verify: './-" + shown + ".pdf' was read as a file name and "
                + "no such file exists; if an option was meant, see 'ceremony verify --help'.");
        assertThat(json.out().strip().lines()).hasSize(1);
        assertThat(json.err().strip().lines()).hasSize(1);
    }

    @Test
    void aRunThatFoundNoTranscriptToCheckExitsOne() throws Exception {
        for (String name : List.of("", dir.toString(), dir.resolve("missing.pdf").toString())) {
            Result r = run("verify", name, "--expect-fingerprint", TranscriptSamples.rootFingerprint());
            assertThat(r.exit()).as("'" + name + "'").isEqualTo(1);
            assertThat(r.out()).contains(": INVALID").contains("not a readable file");
        }
        Path empty = Files.write(dir.resolve("empty.pdf"), new byte[0]);
        assertThat(run("verify", empty.toString()).exit()).isEqualTo(1);
    }

    @Test
    void helpIsStillHelp() {
        Result r = run("verify", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("TRANSCRIPT.pdf");
    }
}
