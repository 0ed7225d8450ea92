package org.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;

/** The safety invariant reads the split's facts as their record: a share set it cannot read is never erased. */
class SafetyInvariantTest {
    private static final String NEW_SET = "ab".repeat(16);

    private static List<Event> splitWith(Map<String, Object> facts) {
        List<Event> log = new ArrayList<>();
        log.add(Event.next(1, Instant.EPOCH, EventType.STEP_BEGIN.wire(), "2.5", "administrator",
                Map.of("action", "split-kwk"), Event.GENESIS));
        log.add(Event.next(2, Instant.EPOCH, EventType.STEP_END.wire(), "2.5", "administrator",
                Map.of("outcome", "ok", "facts", facts), log.get(0).hash()));
        return log;
    }

    private static Map<String, Object> splitFacts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("threshold", "2");
        f.put("shares", "3");
        f.put("shareSetId", NEW_SET);
        f.put("kwkCheckValue", "0011");
        f.put("commitments", List.of("c1", "c2", "c3"));
        return f;
    }

    @Test
    void theNewShareSetIsTheOneTheSplitRecorded() {
        assertThat(SafetyInvariant.newShareSet(splitWith(splitFacts()), TestScripts.keyGeneration())).isEqualTo(NEW_SET);
        assertThat(SafetyInvariant.refusalToEraseOldSet(splitWith(splitFacts()), TestScripts.keyGeneration(), "cd"))
                .hasValueSatisfying(r -> assertThat(r).contains("is not proven yet"));
    }

    @Test
    void aSplitWhoseFactsCannotBeReadKeepsTheOldSetNamingTheField() {
        Map<String, Object> facts = splitFacts();
        facts.put("shareSetID", facts.remove("shareSetId"));

        assertThat(SafetyInvariant.refusalToEraseOldSet(splitWith(facts), TestScripts.keyGeneration(), "cd"))
                .contains("the facts of step 2.5 (split-kwk) cannot be read: field \"shareSetId\" is missing; the new "
                        + "share set is unknown, so the old one stays");
        assertThat(SafetyInvariant.newShareSet(splitWith(facts), TestScripts.keyGeneration())).isEmpty();
    }
}
