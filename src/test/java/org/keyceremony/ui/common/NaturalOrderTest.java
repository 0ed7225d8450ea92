package org.keyceremony.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Cards and tokens are listed in the order people count them. */
class NaturalOrderTest {
    @Test
    void cardsAreOrderedWithTheirNumbersCountedNotSpelled() {
        List<String> labels = new ArrayList<>(List.of("card-10", "card-2", "rehearsal-hsm", "card-1", "Card-3", "card",
                "card-2b"));
        labels.sort(NaturalOrder.LABELS);
        assertThat(labels).containsExactly("Card-3", "card", "card-1", "card-2", "card-2b", "card-10", "rehearsal-hsm");
    }
}
