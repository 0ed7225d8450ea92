package org.keyceremony.ledger;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.transcript.Check;

/**
 * The status of every key in an archive at one moment: what was read, the keys, the gaps, and the
 * warnings under a policy and a roster. What {@code ceremony status} prints, writes as JSON and
 * renders as a PDF; all three come from this one value.
 */
public record LedgerReport(List<String> folders, Instant asOf, Policy policy, boolean rosterGiven, Roster roster,
                           Archive.Contents archive, Ledger.Result ledger, List<Warning> warnings) {

    /** Exit status: no warning. */
    public static final int CLEAN = 0;
    /** Exit status: warnings. */
    public static final int WARNINGS = 1;
    /** Exit status: a usage error, or nothing verifiable in the archive. */
    public static final int NOTHING_VERIFIABLE = 2;

    public LedgerReport {
        folders = List.copyOf(folders);
        warnings = List.copyOf(warnings);
    }

    /** Reads, verifies and links the archive, then evaluates the warnings at {@code asOf}. */
    public static LedgerReport of(List<Path> folders, Instant asOf, Policy policy, Roster roster, boolean rosterGiven)
            throws InvalidInputException {
        Archive.Contents contents = Archive.read(folders);
        Ledger.Result ledger = Ledger.of(contents);
        List<Warning> warnings = Warnings.evaluate(contents, ledger, policy, roster, asOf);
        return new LedgerReport(folders.stream().map(f -> Check.printable(f.toString())).toList(), asOf, policy,
                rosterGiven, roster, contents, ledger, warnings);
    }

    /** True when no transcript in the archive verified (nor an intact unsigned one): nothing to report on. */
    public boolean nothingVerifiable() {
        return archive.ceremonies().isEmpty();
    }

    /** 0 no warning, 1 warnings, 2 nothing verifiable. */
    public int exitStatus() {
        return nothingVerifiable() ? NOTHING_VERIFIABLE : warnings.isEmpty() ? CLEAN : WARNINGS;
    }
}
