package org.keyceremony.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ledger.LedgerJson;
import org.keyceremony.ledger.LedgerReport;
import org.keyceremony.ledger.LedgerText;
import org.keyceremony.ledger.Policy;
import org.keyceremony.ledger.Roster;
import org.keyceremony.ledger.StatusPdf;
import org.keyceremony.transcript.Check;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ceremony status ARCHIVE… [--as-of DATE] [--roster FILE] [--policy FILE] [--json] [--pdf OUT]}:
 * the key ledger (docs/ledger.md). Exit 0 no warning, 1 warnings, 2 usage error or nothing verifiable.
 */
@Command(name = "status",
        description = "The key ledger: where each root key stands, from the transcripts in the archive folders "
                + "(each verified as 'ceremony verify' does): HSMs, the live share set, cards and backups last "
                + "proven, certificates and CRLs, gaps, and warnings (docs/ledger.md).%n"
                + "Exit status: 0 no warning, 1 warnings, 2 usage error or nothing verifiable.")
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "ARCHIVE",
            description = "Folders holding transcripts and backup packages, searched recursively (a copy of the "
                    + "transcript medium, a rehearsal workspace).")
    List<Path> folders = new ArrayList<>();

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "Evaluate the warnings at this date (YYYY-MM-DD, the start of that day in UTC, or an RFC 3339 "
                    + "time such as 2028-12-01T00:00:00Z); default: now.")
    String asOf;

    @Option(names = "--roster", paramLabel = "FILE", description = "The custodian roster (YAML): who is active, "
            + "departed or absent, since when.")
    Path roster;

    @Option(names = "--policy", paramLabel = "FILE", description = "The warning thresholds (YAML); default: the shipped "
            + "policy (docs/ledger.md).")
    Path policy;

    @Option(names = "--json", description = "Print the report as one JSON object (format keyceremony-ledger, "
            + "version " + LedgerJson.VERSION + ").")
    boolean json;

    @Option(names = "--pdf", paramLabel = "OUT", description = "Also write the report as a PDF/A file an auditor can "
            + "file (a new file only; unsigned, and it says so on every page).")
    Path pdf;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Instant when = asOf == null ? Instant.now() : parseDate(asOf);
            // every input checked before the archive is read (a bad file after minutes of verifying would waste them)
            Policy p = policy == null ? Policy.defaults() : Policy.read(policy);
            Roster r = roster == null ? Roster.none() : Roster.read(roster);
            if (pdf != null) {
                StatusPdf.checkTarget(pdf);
            }
            LedgerReport report = LedgerReport.of(folders, when, p, r, roster != null);
            if (json) {
                out.println(LedgerJson.of(report));
            } else {
                for (LedgerText.Section s : LedgerText.of(report)) {
                    out.println("== " + s.title() + " ==");
                    s.lines().forEach(l -> out.println("  " + l));
                }
            }
            out.flush();
            if (pdf != null) {
                String sha = StatusPdf.write(report, pdf);
                (json ? err : out).println("Status report written: " + Check.printable(pdf.toString()) + " (SHA-256 "
                        + sha + "; unsigned)");
            }
            if (report.nothingVerifiable()) {
                err.println("ceremony status: no transcript in " + String.join(", ", report.folders()) + " verified; "
                        + "there is nothing to report on. Check the folder names and the files listed above.");
            }
            out.flush();
            return report.exitStatus();
        } catch (KeyCeremonyException e) {
            out.flush();
            err.println("ceremony status: " + e.getMessage());
            return LedgerReport.NOTHING_VERIFIABLE;
        }
    }

    private static Instant parseDate(String text) throws org.keyceremony.base.InvalidInputException {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new org.keyceremony.base.InvalidInputException("--as-of " + Check.printable(text) + " is not a date: "
                    + "write YYYY-MM-DD (e.g. 2028-12-01) or an RFC 3339 time in UTC (e.g. 2028-12-01T00:00:00Z)");
        }
    }
}
