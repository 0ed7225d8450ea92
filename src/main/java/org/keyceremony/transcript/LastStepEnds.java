package org.keyceremony.transcript;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;

/**
 * Each step of a log by its <em>last</em> {@code step-end}, exactly as the pages' derivation
 * ({@link TranscriptFacts}) picks it: a ceremony resumed after a crash redoes steps from its
 * resume point, and only the redone step's facts are the ceremony's. The checks that read a step's
 * facts ({@link CeremonyBinding}, {@link IssuedObjects}) read them here.
 */
final class LastStepEnds {
    private LastStepEnds() {
    }

    /** One step's last end: its action (the end's, else its first begin's) and the end's data. */
    record End(String step, String action, Facts data) {
        boolean succeeded() {
            return !"failed".equals(data.text("outcome"));
        }
    }

    static List<End> of(List<Event> events) {
        Map<String, String> actionOfStep = new HashMap<>();
        Map<String, Facts> lastEnd = new LinkedHashMap<>();
        for (Event e : events) {
            if (e.is(EventType.STEP_BEGIN)) {
                actionOfStep.putIfAbsent(e.step(), Facts.of(e.data()).text("action"));
            } else if (e.is(EventType.STEP_END)) {
                lastEnd.put(e.step(), Facts.of(e.data()));
            }
        }
        List<End> out = new ArrayList<>();
        lastEnd.forEach((step, data) -> out.add(new End(step, data.text("action").isEmpty()
                ? actionOfStep.getOrDefault(step, "") : data.text("action"), data)));
        return out;
    }
}
