package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.keyceremony.ceremony.RecoveryPlan;
import org.keyceremony.ceremony.RegisteredRollback;

/** The recovery panel's lines: where it stopped, what Resume does, what Abort removes, in words. */
class RecoverySummaryTest {
    private static final UUID ID = UUID.fromString("9f0ee5c3-1111-4222-8333-944455556666");
    private static final UnaryOperator<String> TITLES = id -> switch (id) {
        case "2.1" -> "2.1 \u2014 HSM login";
        case "3.1" -> "3.1 \u2014 Key-wrapping key";
        case "3.3" -> "3.3 \u2014 Split the key-wrapping key";
        case "3.4" -> "3.4 \u2014 Write the shares";
        default -> id;
    };

    private static RegisteredRollback erase(long id, int n) {
        return new RegisteredRollback(id, "3.4", "erase-card-share", "erase share #" + n + " of set 6ceb from card-" + n,
                Map.of());
    }

    private static RecoveryPlan plan(boolean aborting, String signedTranscript) {
        return new RecoveryPlan(ID, true, WizardScripts.people(), "ab", 67, "f".repeat(64), true, "3.3", "3.4", 8,
                "3.1", List.of("kwk", "shares", "something-new"), List.of("2.1"), List.of(erase(40, 2), erase(30, 1)),
                List.of(erase(40, 2), erase(30, 1)), aborting, signedTranscript);
    }

    @Test
    void saysWhereItStoppedAndWhatEachChoiceDoesInWords() {
        RecoverySummary s = RecoverySummary.of(plan(false, ""), "root-key-generation 1.0", TITLES);

        assertThat(s.facts()).extracting(RecoverySummary.Fact::value).containsExactly(
                "root-key-generation 1.0 \u00b7 " + ID + " (REHEARSAL)",
                "3.3 \u2014 Split the key-wrapping key",
                "3.4 \u2014 Write the shares",
                "67 verified events (its last line was cut short by the crash: it is set aside, kept, and recorded)");
        assertThat(s.resume()).containsExactly(
                "The ceremony continues at step 3.1 \u2014 Key-wrapping key (the last safe point).",
                "Made again, because it was held only in memory and died with the program: the key-wrapping key, "
                        + "the shares of the split, something-new.",
                "Run again first, only to log in: 2.1 \u2014 HSM login.",
                "Removed first, to be made again: erase share #2 of set 6ceb from card-2 (step 3.4).",
                "Removed first, to be made again: erase share #1 of set 6ceb from card-1 (step 3.4).");
        assertThat(s.abort()).containsExactly("Erase share #2 of set 6ceb from card-2 (step 3.4).",
                "Erase share #1 of set 6ceb from card-1 (step 3.4).");
    }

    @Test
    void aSignedTranscriptMakesAbortImpossibleAndResumeFinishWithIt() {
        RecoverySummary s = RecoverySummary.of(plan(false, "/out/transcript-x.pdf"), "root", TITLES);

        assertThat(s.abort()).singleElement().asString().startsWith("Not possible: the signed transcript records");
        assertThat(s.resume()).last().asString().startsWith("The signed transcript was already written");
    }

    @Test
    void anAbortInProgressCanOnlyBeCompleted() {
        RecoverySummary s = RecoverySummary.of(plan(true, ""), "root", TITLES);

        assertThat(s.resume()).singleElement().asString().startsWith("Not possible: the ceremony was being aborted");
        assertThat(s.abort()).hasSize(2);
    }
}
