package org.keyceremony.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Section 2: {@code ceremony verify} against Poppler's {@code pdfsig}, on one genuine
 * transcript and on 100 copies of it (one {@code ceremony verify} run against 100
 * {@code pdfsig} runs). The auditor's command is given the root fingerprint, as an auditor would.
 */
final class VerifyBench {
    static final int BATCH = 100;

    /** Medians. */
    static final class Figures {
        final Stats one = new Stats();
        final Stats pdfsigOne = new Stats();
        final Stats batch = new Stats();
        final Stats pdfsigBatch = new Stats();
        long transcriptBytes;
    }

    private final Setup s;

    VerifyBench(Setup s) {
        this.s = s;
    }

    Figures measure(Path transcript) throws IOException {
        Figures f = new Figures();
        f.transcriptBytes = Files.size(transcript);
        String fingerprint = fingerprint(transcript.resolveSibling("root-ca.der"));
        Path dir = Files.createDirectories(s.work().resolve("verify-batch"));
        List<Path> copies = new ArrayList<>();
        for (int i = 1; i <= BATCH; i++) {
            copies.add(Files.copy(transcript, dir.resolve(String.format("transcript-%03d.pdf", i))));
        }
        for (int i = 1; i <= s.reps(); i++) {
            f.one.add(verify(fingerprint, List.of(transcript), 1));
            f.pdfsigOne.add(pdfsig(transcript));
        }
        int batchReps = Math.max(3, s.reps() / 2);
        for (int i = 1; i <= batchReps; i++) {
            f.batch.add(verify(fingerprint, copies, BATCH));
            double total = 0;
            for (Path c : copies) {
                total += pdfsig(c);
            }
            f.pdfsigBatch.add(total);
            System.err.printf("  verify batch %d/%d: ceremony verify %.2f s, 100× pdfsig %.2f s%n", i, batchReps,
                    f.batch.last(), f.pdfsigBatch.last());
        }
        return f;
    }

    private double verify(String fingerprint, List<Path> files, int expectValid) {
        Proc.Result r = Proc.run(Proc.cmd(s.ceremony(), "verify", "--expect-fingerprint", fingerprint, files),
                null, s.work()).ok();
        long valid = r.output().lines().filter(l -> l.endsWith(": VALID")).count();
        if (valid != expectValid) {
            throw new IllegalStateException("ceremony verify reported " + valid + " VALID of " + expectValid + ":\n"
                    + Proc.tail(r.output(), 2000));
        }
        return r.seconds();
    }

    private static double pdfsig(Path pdf) {
        Proc.Result r = Proc.run(List.of("pdfsig", pdf.toString()), null, null).ok();
        if (!r.output().contains("Signature is Valid")) {
            throw new IllegalStateException("pdfsig does not find a valid signature in " + pdf + ":\n" + r.output());
        }
        return r.seconds();
    }

    static String fingerprint(Path der) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(der)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
