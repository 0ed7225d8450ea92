package org.keyceremony.transcript;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KindModules;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.EventType;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.journal.facts.StepFacts;

/**
 * Check {@code issued-objects}: what a signing ceremony issued (a CRL), as its log records it,
 * is the object the log describes and verifies under the root of the transcript's signature. Each
 * kind says what to check of its own facts ({@link PagesOfKind#problems}); a step counts with its
 * last ended attempt, as on the pages.
 */
final class IssuedObjects {
    private static final List<PagesOfKind> MODULES = KindModules.all(PagesOfKind.class);

    private IssuedObjects() {
    }

    static void check(EventLogVerifier.Result log, X509Certificate root, List<Check> out) {
        if (log == null) {
            out.add(Check.fail("issued-objects", "not checked: the embedded event log did not verify"));
            return;
        }
        Map<String, String> actionOfStep = new HashMap<>();
        Map<String, Event> lastEnd = new LinkedHashMap<>();
        for (Event e : log.events()) {
            if (e.is(EventType.STEP_BEGIN)) {
                actionOfStep.putIfAbsent(e.step(), String.valueOf(e.data().get("action")));
            } else if (e.is(EventType.STEP_END)) {
                lastEnd.put(e.step(), e);
            }
        }
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        lastEnd.forEach((step, end) -> {
            String action = actionOfStep.getOrDefault(step, "");
            if ("failed".equals(end.data().get("outcome")) || !(end.data().get("facts") instanceof Map<?, ?> facts)) {
                return;
            }
            for (PagesOfKind m : MODULES) {
                if (!m.name().equals(action)) {
                    continue;
                }
                try {
                    @SuppressWarnings("unchecked")
                    StepFacts f = ActionFacts.read(action, (Map<String, ?>) facts);
                    List<String> found = m.problems(f, root);
                    found.forEach(p -> problems.add("step " + step + " (" + action + "): " + p));
                    if (found.isEmpty()) {
                        checked.add("step " + step + " (" + action + ")");
                    }
                } catch (InvalidInputException e) {
                    problems.add("step " + step + " (" + action + "): its facts cannot be read: " + e.getMessage());
                }
            }
        });
        if (!problems.isEmpty()) {
            out.add(Check.fail("issued-objects", String.join("; ", problems)));
        } else {
            out.add(Check.pass("issued-objects", checked.isEmpty() ? "the log records no step that checks what it issued "
                    + "besides the certificates above" : "what " + String.join(", ", checked)
                    + " issued is the object its log records, and verifies under the root"));
        }
    }
}
