package org.keyceremony.ledger;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.DurableFile;
import org.keyceremony.transcript.Check;
import org.keyceremony.transcript.PlainReport;

/**
 * {@code ceremony status --pdf OUT}: the report as a PDF/A-3b an auditor can file, in the
 * transcript's conventions ({@link PlainReport}); unsigned, and saying so at the foot of every page.
 * Written as a new file only ({@link DurableFile}: never over an existing one, forced to the medium),
 * then read back and compared byte for byte.
 */
public final class StatusPdf {
    /** At the foot of every page. */
    public static final String BANNER = "UNSIGNED STATUS REPORT: derived from the verified transcripts listed; "
            + "not itself evidence";

    private StatusPdf() {
    }

    /** Refuses an output that exists or whose folder does not, before anything is read. */
    public static void checkTarget(Path out) throws InvalidInputException {
        String name = Check.printable(out.toString());
        if (Files.exists(out)) {
            throw new InvalidInputException("--pdf " + name + " already exists; a report is never written over a file. "
                    + "Name a new file.");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidInputException("--pdf " + name + ": its folder does not exist; create it or name another.");
        }
    }

    /** Renders and writes the report; returns the SHA-256 of the file as read back. */
    public static String write(LedgerReport report, Path out) throws KeyCeremonyException {
        checkTarget(out);
        List<PlainReport.Section> sections = new ArrayList<>();
        for (LedgerText.Section s : LedgerText.of(report)) {
            sections.add(new PlainReport.Section(s.title(), s.lines()));
        }
        byte[] pdf = PlainReport.render("Key ledger status report, " + LedgerDates.day(report.asOf()),
                "ceremony status of " + String.join(", ", report.folders()) + " as of " + report.asOf(), BANNER,
                sections, report.asOf());
        String name = Check.printable(out.toString());
        try {
            DurableFile.writeNew(out, pdf);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException("--pdf " + name + " already exists; a report is never written over a file. "
                    + "Name a new file.");
        } catch (IOException e) {
            throw new KeyCeremonyException("writing the status report " + name + " failed ("
                    + e.getClass().getSimpleName() + "); check the medium and its free space, then run again.", e);
        }
        try {
            byte[] back = Files.readAllBytes(out);
            if (!Arrays.equals(back, pdf)) {
                throw new KeyCeremonyException("the status report " + name + " does not read back as written; the "
                        + "medium is unreliable. Delete the file and write it to another medium.");
            }
            return Digests.sha256Hex(back);
        } catch (IOException e) {
            throw new KeyCeremonyException("reading back the status report " + name + " failed ("
                    + e.getClass().getSimpleName() + "); delete it and write it to another medium.", e);
        }
    }
}
