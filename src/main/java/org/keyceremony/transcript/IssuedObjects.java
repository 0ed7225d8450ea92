package org.keyceremony.transcript;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KindModules;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.facts.ActionFacts;

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
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (LastStepEnds.End end : LastStepEnds.of(log.events())) {
            String step = end.step();
            String action = end.action();
            if (!end.succeeded()) {
                continue;
            }
            for (PagesOfKind m : MODULES) {
                if (!m.name().equals(action)) {
                    continue;
                }
                try {
                    List<String> found = m.problems(ActionFacts.read(action, end.data().object("facts").map()), root);
                    found.forEach(p -> problems.add("step " + step + " (" + action + "): " + p));
                    if (found.isEmpty()) {
                        checked.add("step " + step + " (" + action + ")");
                    }
                } catch (InvalidInputException e) {
                    problems.add("step " + step + " (" + action + "): its facts cannot be read: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            out.add(Check.fail("issued-objects", String.join("; ", problems)));
        } else {
            out.add(Check.pass("issued-objects", checked.isEmpty() ? "the log records no step that checks what it issued "
                    + "besides the certificates above" : "what " + String.join(", ", checked)
                    + " issued is the object its log records, and verifies under the root"));
        }
    }
}
