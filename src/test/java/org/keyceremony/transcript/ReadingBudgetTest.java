package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;

/**
 * A worker that overruns is stopped from inside: the budget is checked in the work itself, so a
 * spent or cancelled budget ends the work at its next page, form or decoded block, on the
 * thread that does it. (No clock is asserted: a budget of zero is spent before it starts.)
 */
class ReadingBudgetTest {
    @Test
    void aBudgetWhoseTimeIsUpStopsTextExtractionAtItsFirstPage() throws Exception {
        try (PDDocument doc = Loader.loadPDF(GenuineTranscript.bytes())) {
            ReadingBudget spent = new ReadingBudget(Duration.ZERO);
            assertThatThrownBy(() -> spent.charging(() -> ContentChecks.pageTexts(doc)))
                    .isInstanceOf(ReadingBudget.Exceeded.class)
                    .hasMessage("verification did not finish within 0 s");
            assertThat(spent.refusal()).isEqualTo("verification did not finish within 0 s");
        }
    }

    @Test
    void renderingTheLogAgainInsideTheVerifierStopsAtItsBudgetAndAtThePageBound() throws Exception {
        SyntheticCeremony c = SyntheticCeremony.rootKeyGeneration(GenuineTranscript.PKI);
        LogTranscript t = LogTranscript.signed(c.jsonl(), SyntheticCeremony.SCRIPT, GenuineTranscript.PKI.root(),
                GenuineTranscript.PKI.signer());
        ReadingBudget spent = new ReadingBudget(Duration.ZERO);
        assertThatThrownBy(() -> spent.charging(() -> t.render(false)))
                .hasRootCauseInstanceOf(ReadingBudget.Exceeded.class);
        assertThat(spent.refusal()).isEqualTo("verification did not finish within 0 s");
        // outside a verification (the signing step) nothing bounds the renderer
        assertThat(t.render(false)).isNotEmpty();

        ReadingBudget budget = new ReadingBudget(Duration.ofDays(1));
        assertThatThrownBy(() -> budget.charging(() -> {
            budget.renderedPage(ReadingBudget.MAX_PAGES + 1);
            return null;
        })).isInstanceOf(ReadingBudget.Exceeded.class)
                .hasMessage("its embedded log renders to more than 10000 pages; a transcript has at most 10000");
    }

    @Test
    void aBudgetCancelledFromAnotherThreadStopsTheWorkAtItsNextCheck() throws Exception {
        try (PDDocument doc = Loader.loadPDF(GenuineTranscript.bytes())) {
            ReadingBudget budget = new ReadingBudget(Duration.ofDays(1));
            assertThat(budget.charging(() -> ContentChecks.pageTexts(doc))).isNotEmpty();
            Thread canceller = new Thread(() -> budget.cancel("verification did not finish within 120 s"));
            canceller.start();
            canceller.join();
            assertThatThrownBy(() -> budget.charging(() -> {
                TranscriptBounds.streams(doc, budget);
                return null;
            }))
                    .isInstanceOf(ReadingBudget.Exceeded.class)
                    .hasMessage("verification did not finish within 120 s");
        }
    }

    @Test
    void aRefusalIsStickyAndKeepsItsFirstReason() {
        ReadingBudget budget = new ReadingBudget(Duration.ofDays(1));
        assertThatThrownBy(() -> budget.refuse("first")).hasMessage("first");
        assertThatThrownBy(() -> budget.refuse("second")).hasMessage("first");
        assertThatThrownBy(budget::check).hasMessage("first");
        assertThatThrownBy(() -> budget.decoded(1)).hasMessage("first");
    }

    @Test
    void theBudgetIsTheThreadsOnlyWhileItsWorkRuns() throws Exception {
        ReadingBudget budget = new ReadingBudget(Duration.ofDays(1));
        assertThat(ReadingBudget.current()).isNull();
        assertThat(budget.charging(ReadingBudget::current)).isSameAs(budget);
        assertThat(ReadingBudget.current()).isNull();
    }

    @Test
    void theGenuineTranscriptFitsEveryBoundWithRoomToSpare() throws Exception {
        try (PDDocument doc = Loader.loadPDF(GenuineTranscript.bytes())) {
            ReadingBudget budget = new ReadingBudget(Duration.ofDays(1));
            budget.charging(() -> {
                TranscriptBounds.check(doc, budget);
                return ContentChecks.pageTexts(doc);
            });
            assertThat(budget.refusal()).isNull();
            assertThat(budget.decodedBytes()).as("decoded bytes").isPositive()
                    .isLessThan(ReadingBudget.MAX_DECODED_BYTES / 100);
        }
    }
}
