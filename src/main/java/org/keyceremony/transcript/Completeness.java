package org.keyceremony.transcript;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.EventType;

/**
 * Whether the embedded log records a completed ceremony, in the verdict and not only on the
 * pages. The signing step signs its log up to its own begin event: such a transcript is
 * complete when every other step of the script ended (its last attempt not failed) and nothing
 * aborted. A transcript of a closed log (unsigned, or signed after the end) is complete when the
 * log ends with {@code ceremony-end} and the outcome {@code completed}.
 */
final class Completeness {
    private Completeness() {
    }

    static void check(EventLogVerifier.Result log, boolean signed, List<Check> out) {
        if (log == null) {
            out.add(Check.fail("ceremony-complete", "not checked: the embedded event log did not verify"));
            return;
        }
        List<Event> events = log.events();
        Event last = events.get(events.size() - 1);
        if (events.stream().anyMatch(e -> e.is(EventType.ABORT))) {
            out.add(Check.fail("ceremony-complete", "the log records that the ceremony was aborted"));
            return;
        }
        if (!signed || last.is(EventType.CEREMONY_END)) {
            Object outcome = last.is(EventType.CEREMONY_END) ? last.data().get("outcome") : null;
            if ("completed".equals(outcome)) {
                out.add(Check.pass("ceremony-complete", "the log ends with the ceremony's closing event: completed"));
            } else {
                out.add(Check.fail("ceremony-complete", last.is(EventType.CEREMONY_END)
                        ? "the ceremony ended " + outcome + ", not completed"
                        : "the log has no closing event: the ceremony was interrupted after event " + last.seq()
                        + " (" + last.type() + (last.step().isEmpty() ? "" : " of step " + last.step()) + ")"));
            }
            return;
        }
        if (!TranscriptFacts.signingStepBegins(events)) {
            out.add(Check.fail("ceremony-complete", "the log does not end where a transcript is signed (the begin of "
                    + "the sign-transcript step) but with event " + last.seq() + " (" + last.type()
                    + (last.step().isEmpty() ? "" : " of step " + last.step()) + "): the ceremony did not complete"));
            return;
        }
        long steps = events.stream().filter(e -> e.is(EventType.CEREMONY_START)).findFirst()
                .map(e -> e.data().get("steps")).filter(Number.class::isInstance).map(n -> ((Number) n).longValue())
                .orElse(-1L);
        // each step by its last attempt: a failed attempt retried to its end counts as done
        Map<String, Boolean> done = new LinkedHashMap<>();
        for (Event e : events) {
            if (e.is(EventType.STEP_BEGIN) || e.is(EventType.STEP_FAILED)) {
                done.put(e.step(), false);
            } else if (e.is(EventType.STEP_END)) {
                done.put(e.step(), !"failed".equals(e.data().get("outcome")));
            }
        }
        done.remove(last.step());
        List<String> open = done.entrySet().stream().filter(d -> !d.getValue()).map(Map.Entry::getKey).toList();
        long ended = done.size() - open.size();
        if (!open.isEmpty() || steps < 0 || ended != steps - 1) {
            out.add(Check.fail("ceremony-complete", !open.isEmpty()
                    ? "step(s) " + String.join(", ", open) + " did not end, yet the transcript was signed"
                    : steps < 0 ? "the log does not record how many steps the script has"
                    : "the script has " + steps + " steps, but the log records " + ended + " ended before the signing "
                    + "step " + last.step() + ": the ceremony did not complete"));
            return;
        }
        out.add(Check.pass("ceremony-complete", "all " + steps + " steps of the script are recorded: " + (steps - 1)
                + " ended, then the signing step " + last.step() + " began"));
    }
}
