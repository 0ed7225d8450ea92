package org.keyceremony.transcript;

import java.time.Duration;

/**
 * What one file may cost the verifier: time, decoded bytes, pages, name-tree nodes, Form
 * XObjects. A file that goes past any bound is refused with the bound it broke; it is not a
 * transcript this program wrote, and finding out more about it is not worth an auditor's hour.
 *
 * <p>The budget is checked <em>inside</em> the work (while a stream decodes, as each page and
 * each form is read), so a verification that goes past it stops where it is and its thread
 * ends: a worker thread cannot be stopped from outside while PDFBox holds it. A refusal is
 * sticky: once refused, every later check throws again, so code that catches and carries on
 * (PDFBox is lenient) comes back to the refusal at its next step.
 *
 * <p>The bounds are generous for a transcript: the figures behind each are in the comments and
 * in docs/transcript.md ("What a file may cost").
 */
final class ReadingBudget {
    /**
     * Pages in a transcript. The shipped root ceremony's 23 steps print on 20 pages (about a
     * dozen of them fixed: cover, inventory, key, certificate, shares, backups, appendices,
     * signatures), three or four steps to a page. A script is at most 512 KiB and its smallest
     * step takes about 90 bytes, so no script has more than about 6,000 steps, under 2,000 pages:
     * 10,000 leaves a factor of five.
     */
    static final int MAX_PAGES = 10_000;
    /** Depth of the page tree: PDFBox writes one level; a balanced tree of 10,000 pages needs a few. */
    static final int MAX_PAGE_TREE_DEPTH = 32;
    /** Nodes of the embedded-files name tree: a transcript has one, holding four files. */
    static final int MAX_NAME_TREE_NODES = 256;
    /** Depth of the embedded-files name tree. */
    static final int MAX_NAME_TREE_DEPTH = 8;
    /** Form XObjects nested in one another: a transcript's pages draw none (only the signature's appearance is one). */
    static final int MAX_FORM_DEPTH = 4;
    /** Form XObjects drawn while the pages of one file are read. */
    static final int MAX_FORMS = 1_000;
    /**
     * Decoded size of one stream. The largest stream of a transcript is its embedded event log:
     * 64 KB for the shipped root ceremony's 23 steps, under 3 KB a step, so about 17 MB for
     * 6,000 steps.
     */
    static final long MAX_STREAM_BYTES = 64L << 20;
    /** Below this decoded size a stream's compression ratio is not judged (tiny streams compress well). */
    static final long RATIO_FREE_BYTES = 1L << 20;
    /** Decoded bytes per encoded byte: text and fonts deflate 3 to 10 times; Deflate's own ceiling is 1032. */
    static final long MAX_RATIO = 100;
    /** Decoded bytes of all streams of one file, every time one is decoded (a form drawn twice counts twice). */
    static final long MAX_DECODED_BYTES = 512L << 20;

    private static final ThreadLocal<ReadingBudget> CURRENT = new ThreadLocal<>();

    private final long deadline;
    private final Duration timeLimit;
    private long decoded;
    private int forms;
    private volatile String refusal;

    ReadingBudget(Duration timeLimit) {
        this.timeLimit = timeLimit;
        this.deadline = System.nanoTime() + timeLimit.toNanos();
    }

    /** The budget of the file this thread is verifying, or null (rendering, signing: no bounds). */
    static ReadingBudget current() {
        return CURRENT.get();
    }

    /** Runs {@code work} on this thread with this budget charged by everything it decodes or reads. */
    <T> T charging(java.util.concurrent.Callable<T> work) throws Exception {
        ReadingBudget before = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.call();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** Counts {@code bytes} decoded; refuses the file past {@link #MAX_DECODED_BYTES} or the time limit. */
    void decoded(long bytes) {
        check();
        decoded += bytes;
        if (decoded > MAX_DECODED_BYTES) {
            refuse("its streams decode to more than " + mib(MAX_DECODED_BYTES) + " in all; a transcript's "
                    + "decode to a few megabytes");
        }
    }

    /** Counts one Form XObject drawn at {@code depth} (1 for a form drawn by a page). */
    void form(int depth) {
        check();
        if (depth > MAX_FORM_DEPTH) {
            refuse("its Form XObjects are nested more than " + MAX_FORM_DEPTH + " deep; a transcript's pages "
                    + "draw no forms");
        }
        if (++forms > MAX_FORMS) {
            refuse("its pages draw more than " + MAX_FORMS + " Form XObjects; a transcript's pages draw none");
        }
    }

    /**
     * Counts one page rendered while the verifier renders the file again from its embedded log
     * ({@link Reproduction}): a log that renders more pages than a transcript may have, or past the
     * time limit, stops the rendering here rather than running on.
     */
    void renderedPage(int pages) {
        check();
        if (pages > MAX_PAGES) {
            refuse("its embedded log renders to more than " + MAX_PAGES + " pages; a transcript has at most "
                    + MAX_PAGES);
        }
    }

    /** Refuses the file if it was refused already, was cancelled, or its time is up. */
    void check() {
        String r = refusal;
        if (r != null) {
            throw new Exceeded(r);
        }
        if (System.nanoTime() - deadline > 0) {
            refuse("verification did not finish within " + timeLimit.toSeconds() + " s");
        }
    }

    /** Refuses the file for {@code reason} (the first reason stays); never returns. */
    void refuse(String reason) {
        if (refusal == null) {
            refusal = reason;
        }
        throw new Exceeded(refusal);
    }

    /**
     * Stops the work from another thread: the verifying thread throws at its next check. For the
     * thread that waits when even the checks inside the work did not end it in time.
     */
    void cancel(String reason) {
        if (refusal == null) {
            refusal = reason;
        }
    }

    /** The bytes decoded so far under this budget. */
    long decodedBytes() {
        return decoded;
    }

    /** Why the file was refused, or null. */
    String refusal() {
        return refusal;
    }

    static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    /**
     * A bound was reached. Unchecked on purpose: PDFBox catches {@code IOException} in many places
     * to carry on with a damaged file, and this must reach the verifier.
     */
    static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded(String reason) {
            super(reason, null, false, false);
        }
    }
}
