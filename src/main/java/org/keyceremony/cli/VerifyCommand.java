package org.keyceremony.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.keyceremony.transcript.Check;
import org.keyceremony.transcript.Expectations;
import org.keyceremony.journal.Json;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ceremony verify TRANSCRIPT.pdf… [--expect-fingerprint HEX] [--json]}: the auditor's
 * check of signed transcripts. Exit 0 when every file is valid, 1 when any is not, 2 on a
 * usage error.
 */
@Command(name = "verify",
        description = "Verify signed ceremony transcripts: signature, certificate chain, embedded event log, "
                + "printed facts and PDF/A identification.%nExit status: 0 all valid, 1 any invalid, 2 usage error.")
final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Only --help: no -V here (the version is {@code ceremony --version}), so that no file name an
     * auditor's shell expands, such as {@code -V}, can end the run with exit 0 and nothing
     * verified. {@link CeremonyCommand#fileNamesAsFiles} makes every other argument that starts
     * with '-' but is not exactly an option a file name.
     */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "TRANSCRIPT.pdf",
            description = "Transcript files to verify. A name that looks like an option is a file name too; "
                    + "'--' before the names also ends the options.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--expect-fingerprint", paramLabel = "HEX",
            description = "SHA-256 fingerprint of the root certificate, obtained out of band "
                    + "(64 hex digits; colons and case are ignored).")
    String fingerprint;

    @Option(names = "--expect-final-hash", paramLabel = "HEX",
            description = "The event log's final hash as written on the transcript pages signed in ink at the "
                    + "ceremony (64 hex digits): proves this is the transcript signed in the room, not another one "
                    + "signed later under the same root.")
    String finalHash;

    @Option(names = "--expect-ceremony", paramLabel = "ID",
            description = "The ceremony id as written at the ceremony: refuses the transcript of another ceremony "
                    + "under the same root.")
    String ceremonyId;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (fingerprint != null && Expectations.hex64(fingerprint) == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--expect-fingerprint must be a SHA-256 fingerprint: 64 hexadecimal digits, colons allowed");
        }
        if (finalHash != null && Expectations.hex64(finalHash) == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--expect-final-hash must be the final hash printed on the transcript: 64 hexadecimal digits");
        }
        if (ceremonyId != null && Expectations.ceremonyId(ceremonyId) == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--expect-ceremony must be a ceremony id as printed on the transcript, e.g. "
                            + "9f0ee5c3-8668-477d-9ba3-c3c8ca1991b9");
        }
        List<VerificationReport> reports = verifyAll(files, new Expectations(fingerprint, finalHash, ceremonyId));
        PrintWriter out = spec.commandLine().getOut();
        for (Path f : files) {
            if (f.toString().startsWith("./-") && !java.nio.file.Files.exists(f)) {
                // Check.printable, not only SafeTerminal: a line feed in the name would pass the terminal and
                // start a line of its own ("x.pdf: VALID")
                spec.commandLine().getErr().println("ceremony verify: '" + Check.printable(f.toString()) + "' was read "
                        + "as a file name and no such file exists; if an option was meant, see '"
                        + org.keyceremony.base.ProgramCommand.current() + " verify --help'.");
            }
        }
        boolean allValid = reports.stream().allMatch(VerificationReport::valid);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("valid", allValid);
            m.put("fingerprintChecked", fingerprint != null);
            m.put("finalHashChecked", finalHash != null);
            m.put("ceremonyChecked", ceremonyId != null);
            m.put("files", reports.stream().map(r -> (Object) r.toJsonObject()).toList());
            out.println(Json.canonical(m));
        } else {
            for (VerificationReport r : reports) {
                out.println(r.source() + ": " + (r.valid() ? "VALID" : "INVALID"));
                for (Check c : r.checks()) {
                    out.println("  " + (c.passed() ? "pass" : "FAIL") + "  " + c.name() + ": " + c.reason());
                }
                for (String k : r.keyProtection()) {
                    out.println("  key protection: " + k);
                }
                if (fingerprint == null && r.valid()) {
                    out.println("  note: no --expect-fingerprint given; the root was not compared with one "
                            + "obtained out of band, so anyone's root would pass.");
                }
                if (finalHash == null && r.valid()) {
                    out.println("  note: no --expect-final-hash given; the file alone cannot show it is the transcript "
                            + "signed in the room: compare the final hash above with the one on the pages signed in "
                            + "ink (docs/transcript.md).");
                }
            }
        }
        out.flush();
        return allValid ? 0 : 1;
    }

    /**
     * Transcripts are independent of each other: an auditor's batch is verified on as many
     * threads as there are processors (bench/run measured a batch of 100 at about half the
     * time on two cores). Reports come back in the order the files were given.
     */
    static List<VerificationReport> verifyAll(List<Path> files, Expectations expected) {
        int threads = Math.min(files.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            return files.stream().map(f -> TranscriptVerifier.verify(f, expected)).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "verify-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<VerificationReport>> jobs = new ArrayList<>();
            for (Path f : files) {
                jobs.add(pool.submit(() -> TranscriptVerifier.verify(f, expected)));
            }
            List<VerificationReport> reports = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                reports.add(result(jobs.get(i), files.get(i)));
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    /** TranscriptVerifier.verify reports every failure itself; this only covers the thread's own end. */
    private static VerificationReport result(Future<VerificationReport> job, Path file) {
        try {
            return job.get();
        } catch (ExecutionException e) {
            return new VerificationReport(file.toString(), List.of(new Check("parses", false,
                    "the file cannot be processed (" + e.getCause().getClass().getSimpleName() + ")")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new VerificationReport(file.toString(),
                    List.of(new Check("parses", false, "verification was interrupted")));
        }
    }
}
