package org.keyceremony.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keyceremony.transcript.Check;
import org.keyceremony.transcript.VerificationReport;

/** How the ledger reads {@code ceremony verify}'s report: valid, intact-but-unsigned, or nothing. */
class ArchiveVerdictTest {

    private static VerificationReport report(String failed, String reason) {
        List<Check> checks = new ArrayList<>();
        for (String name : VerificationReport.REQUIRED) {
            checks.add(new Check(name, !name.equals(failed), name.equals(failed) ? reason : "ok"));
        }
        return new VerificationReport("t.pdf", checks);
    }

    @Test
    void aValidReportIsVerified() {
        assertThat(Archive.verdictOf(report("", ""))).isEqualTo(Archive.Verdict.VERIFIED);
    }

    @Test
    void aTranscriptThatDeclaresItselfUnsignedAndPassesEverythingElseCountsAsUnsigned() {
        assertThat(Archive.verdictOf(report("one-signature", "the document is not signed: no signature was found (it "
                + "declares itself an UNSIGNED TRANSCRIPT, made without an HSM: …)"))).isEqualTo(Archive.Verdict.UNSIGNED);
    }

    @Test
    void anUnsignedFileThatDoesNotSaySoOrFailsAnotherCheckCountsForNothing() {
        assertThat(Archive.verdictOf(report("one-signature", "the document is not signed: no signature was found")))
                .isEqualTo(Archive.Verdict.FAILED);
        List<Check> checks = new ArrayList<>(report("one-signature", "… UNSIGNED TRANSCRIPT …").checks());
        checks.replaceAll(c -> c.name().equals("pages-reproduced") ? new Check(c.name(), false, "byte 12") : c);
        assertThat(Archive.verdictOf(new VerificationReport("t.pdf", checks))).isEqualTo(Archive.Verdict.FAILED);
        assertThat(Archive.verdictOf(report("event-log", "does not verify"))).isEqualTo(Archive.Verdict.FAILED);
    }
}
