package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The live card reader lists cards in the order people count them. */
class LiveCardReaderTest {
    @Test
    void cardsAreOrderedWithTheirNumbersCountedNotSpelled() {
        List<String> labels = new ArrayList<>(List.of("card-10", "card-2", "rehearsal-hsm", "card-1", "Card-3", "card",
                "card-2b"));
        labels.sort(LiveCardReader::natural);
        assertThat(labels).containsExactly("Card-3", "card", "card-1", "card-2", "card-2b", "card-10", "rehearsal-hsm");
    }
}
