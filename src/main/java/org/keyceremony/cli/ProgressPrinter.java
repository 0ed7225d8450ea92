package org.keyceremony.cli;

import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints a headless ceremony's progress, one line per step, from the events as they reach
 * the log (facts are not printed: they are in the log and the transcript).
 */
final class ProgressPrinter implements Consumer<Event> {
    private final PrintWriter out;
    private String title = "";

    ProgressPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void accept(Event e) {
        EventType kind = e.kind().orElse(null);
        if (kind == null) {
            return;
        }
        switch (kind) {
            case STEP_BEGIN -> title = text(e, "title");
            case STEP_END -> line(e.step(), title, warning(e).isEmpty() ? "ok" : "ok, WARNING: " + warning(e));
            case STEP_FAILED -> line(e.step(), title, "FAILED: " + text(e, "error"));
            case RETRY -> out.println("       retrying step " + e.step());
            case EXCEPTION -> out.println("       exception recorded at step " + e.step());
            case ABORT -> out.println("ABORT requested: removing what this ceremony created");
            case ROLLBACK -> out.println("       rollback: " + text(e, "description") + " — " + text(e, "outcome"));
            default -> {
                return;
            }
        }
        out.flush();
    }

    private void line(String step, String stepTitle, String outcome) {
        String head = String.format("  %-5s %s ", step, stepTitle);
        StringBuilder dots = new StringBuilder(head);
        while (dots.length() < 60) {
            dots.append('.');
        }
        out.println(dots + " " + outcome);
    }

    /** A step's warning, from its facts (e.g. the air gap in a rehearsal). */
    private static String warning(Event e) {
        Object facts = e.data().get("facts");
        Object w = facts instanceof java.util.Map<?, ?> m ? m.get("warning") : e.data().get("warning");
        return w == null ? "" : w.toString();
    }

    private static String text(Event e, String key) {
        Object v = e.data().get(key);
        return v == null ? "" : v.toString();
    }
}
