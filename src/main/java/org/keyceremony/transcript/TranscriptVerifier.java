package org.keyceremony.transcript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.keyceremony.journal.EventLogVerifier;

/**
 * The auditor's verification of a signed transcript, offline, from the file alone and a
 * root fingerprint obtained out of band. Every check is reported with its reason; nothing
 * a hostile file contains can make this throw or run unbounded: each file is read with a
 * size limit and verified on a worker thread within a {@link ReadingBudget}.
 */
public final class TranscriptVerifier {
    /** Largest transcript accepted (a ceremony's transcript is well under a few megabytes). */
    public static final long MAX_FILE_BYTES = 128L << 20;
    /** Time allowed for one file. */
    public static final Duration TIME_LIMIT = Duration.ofSeconds(120);
    /** The name of the thread a file is verified on. */
    static final String WORKER_NAME = "transcript-verifier";
    /** How long past the time limit the caller waits for a worker to reach its next budget check. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    /** Scratch memory PDFBox may take for one file's streams it writes (it reads in place). */
    private static final long SCRATCH_BYTES = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptVerifier.class);

    private TranscriptVerifier() {
    }

    /**
     * Verifies the transcript at {@code file}.
     *
     * @param expectedRootFingerprint the root certificate's SHA-256 (hex, colons and case ignored), or null
     */
    public static VerificationReport verify(Path file, String expectedRootFingerprint) {
        return verify(file, Expectations.fingerprint(expectedRootFingerprint));
    }

    /** Verifies the transcript at {@code file} against what the auditor brings from outside it. */
    public static VerificationReport verify(Path file, Expectations expected) {
        String name = file.toString();
        try {
            if (!Files.isRegularFile(file)) {
                return single(name, "parses", "not a readable file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                return single(name, "parses", "larger than " + MAX_FILE_BYTES + " bytes; not a transcript");
            }
            return verify(name, Files.readAllBytes(file), expected);
        } catch (IOException | RuntimeException e) {
            return single(name, "parses", "the file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Verifies transcript bytes within the bounds of a {@link ReadingBudget} (time, decoded bytes,
     * pages, name tree, forms); {@code source} names them in the report. A file past a bound is
     * refused naming it. The work runs on a worker thread that has ended when this returns: the
     * budget is checked inside the work, so a file that overruns stops itself; should it not by the
     * time limit, the budget is cancelled, which stops it at its next check.
     */
    public static VerificationReport verify(String source, byte[] pdf, String expectedRootFingerprint) {
        return verify(source, pdf, Expectations.fingerprint(expectedRootFingerprint));
    }

    /** Verifies transcript bytes against {@code expected}, bounded in time; {@code source} names them in the report. */
    public static VerificationReport verify(String source, byte[] pdf, Expectations expected) {
        return verifyReading(source, pdf, expected).report();
    }

    /**
     * A report and the embedded event log exactly as the {@code event-log} check read it from these
     * bytes (empty when it could not be read or does not verify as a hash chain). For readers of
     * verified transcripts (the key ledger): they take the facts of the very log the verdict is about,
     * never a second reading of the file.
     */
    public record Reading(VerificationReport report, java.util.Optional<List<org.keyceremony.journal.Event>> events) {
    }

    /** As {@link #verify(String, byte[], Expectations)}, with the embedded log the checks read ({@link Reading}). */
    public static Reading verifyReading(String source, byte[] pdf, Expectations expected) {
        java.util.concurrent.atomic.AtomicReference<List<org.keyceremony.journal.Event>> read =
                new java.util.concurrent.atomic.AtomicReference<>();
        VerificationReport report = verify(source, pdf, expected, read);
        // only the log of a report whose event-log check passed (a file refused for a bound reports no log)
        boolean logPassed = report.check("event-log").map(Check::passed).orElse(false);
        return new Reading(report, java.util.Optional.ofNullable(logPassed ? read.get() : null));
    }

    private static VerificationReport verify(String source, byte[] pdf, Expectations expected,
                                             java.util.concurrent.atomic.AtomicReference<List<org.keyceremony.journal.Event>> read) {
        String unbounded = BoundedDecoding.install();
        if (unbounded != null) {
            return single(source, "parses", unbounded);
        }
        ReadingBudget budget = new ReadingBudget(TIME_LIMIT);
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, WORKER_NAME);
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
        try {
            List<String> protection = new java.util.concurrent.CopyOnWriteArrayList<>();
            Future<List<Check>> job = worker.submit(() -> budget.charging(
                    () -> checks(pdf, expected, protection, read)));
            List<Check> checks = job.get(TIME_LIMIT.toSeconds() + GRACE.toSeconds(), TimeUnit.SECONDS);
            if (budget.refusal() != null) {
                // whatever a check made of it, a file past a bound is refused for that bound
                return refused(source, budget.refusal());
            }
            return new VerificationReport(source, checks, List.copyOf(protection));
        } catch (TimeoutException e) {
            budget.cancel("verification did not finish within " + TIME_LIMIT.toSeconds() + " s");
            return refused(source, budget.refusal());
        } catch (ExecutionException e) {
            LOG.debug("verification of {} failed", source, e.getCause());
            return single(source, "parses", "the file cannot be processed (" + e.getCause().getClass().getSimpleName()
                    + ")");
        } catch (InterruptedException e) {
            budget.cancel("verification was interrupted");
            Thread.currentThread().interrupt();
            return single(source, "parses", "verification was interrupted");
        } finally {
            worker.shutdownNow();
            awaitEnd(worker, threads);
        }
    }

    /**
     * Waits for the worker, which ends at its next budget check once the budget is spent or
     * cancelled: the executor's end, then its thread's (which outlives the executor by a moment).
     */
    private static void awaitEnd(ExecutorService worker, List<Thread> threads) {
        try {
            boolean ended = worker.awaitTermination(GRACE.toSeconds(), TimeUnit.SECONDS);
            for (Thread t : threads) {
                t.join(GRACE.toMillis());
                ended &= !t.isAlive();
            }
            if (!ended) {
                LOG.warn("a verification worker did not stop within {} s of its budget's end", GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static VerificationReport refused(String source, String reason) {
        return single(source, "parses", "refused: " + reason + "; not a transcript this program wrote");
    }

    private static VerificationReport single(String source, String check, String reason) {
        return new VerificationReport(source, List.of(Check.fail(check, reason)));
    }

    private static List<Check> checks(byte[] pdf, Expectations expected, List<String> protection,
                                      java.util.concurrent.atomic.AtomicReference<List<org.keyceremony.journal.Event>> read) {
        List<Check> out = new ArrayList<>();
        try {
            runChecks(pdf, expected, out, protection, read);
        } catch (ReadingBudget.Exceeded e) {
            out.add(Check.fail("parses", "refused: " + e.getMessage()));
        } catch (StackOverflowError | OutOfMemoryError e) {
            out.add(Check.fail("parses", "the file's structure is too deep or too large to process"));
        } catch (IOException | RuntimeException e) {
            LOG.debug("verification stopped", e);
            out.add(Check.fail("parses", "the file's structure cannot be processed (" + e.getClass().getSimpleName()
                    + ")"));
        }
        return out;
    }

    private static void runChecks(byte[] pdf, Expectations expected, List<Check> out, List<String> protection,
                                  java.util.concurrent.atomic.AtomicReference<List<org.keyceremony.journal.Event>> read)
            throws IOException {
        out.add(fileComplete(pdf));
        PDDocument document;
        try {
            document = Loader.loadPDF(pdf, null, null, null,
                    MemoryUsageSetting.setupMainMemoryOnly(SCRATCH_BYTES).streamCache);
        } catch (IOException e) {
            out.add(Check.fail("parses", "not a readable PDF (" + e.getClass().getSimpleName() + ")"));
            return;
        }
        try (document) {
            TranscriptBounds.check(document, ReadingBudget.current());
            out.add(Check.pass("parses", "a PDF " + document.getVersion() + " of " + document.getNumberOfPages()
                    + " pages"));
            List<PDSignature> signatures = document.getSignatureDictionaries();
            X509Certificate root = null;
            SigningChain chain = null;
            SignatureChecks.Found found = null;
            long signedEnd = -1;
            if (signatures.size() != 1) {
                out.add(Check.fail("one-signature", signatures.isEmpty()
                        ? "the document is not signed: no signature was found" + (declaresUnsigned(document)
                            ? " (it declares itself an UNSIGNED TRANSCRIPT, made without an HSM: only its event log "
                            + "and wet-ink signatures vouch for it)" : "")
                        : "the document holds " + signatures.size() + " signatures; a transcript has exactly one"));
            } else {
                out.add(Check.pass("one-signature", "exactly one signature"));
                PDSignature sig = signatures.get(0);
                signedEnd = SignatureChecks.byteRange(pdf, sig, out);
                if (signedEnd > 0) {
                    found = SignatureChecks.signature(pdf, sig, out);
                    if (found != null) {
                        chain = ChainChecks.chain(found, out);
                        root = chain == null ? null : chain.root();
                        SignatureRules.check(pdf, sig, found, out);
                    }
                }
            }
            if (expected.rootFingerprint() != null) {
                ChainChecks.fingerprint(root, expected.rootFingerprint(), out);
            }
            if (signedEnd > 0) {
                RevisionChecks.changesAfterSigning(pdf, signedEnd, document, out);
            }
            RevisionChecks.hiddenContent(document, out);
            ContentChecks.pdfaIdentification(document, out);
            EventLogVerifier.Result log = ContentChecks.eventLog(document, out);
            if (log != null) {
                if (log.valid()) {
                    read.set(List.copyOf(log.events()));
                }
                protection.addAll(ProtectionNotes.summary(log.events()));
            }
            if (!signatures.isEmpty()) {
                // A chain to the right root is not enough: the signer must be this ceremony's own.
                CeremonyBinding.signer(found, chain, log, out);
                CeremonyBinding.signingTime(found, log, out);
            }
            boolean signed = !signatures.isEmpty();
            Completeness.check(log, signed, out);
            IssuedObjects.check(log, root, out);
            Reproduction.Sources sources = Reproduction.attachments(document, log, signed, chain, out);
            Optional<List<String>> drawn = Reproduction.pages(pdf, log, sources,
                    signatures.size() == 1 ? signatures.get(0) : null, out);
            expected.check(log, out);
            // A file that is byte for byte what its log renders shows the text the renderer drew:
            // read from the rendering, the pages are not extracted again (a quarter of a check's time).
            List<String> pages = drawn.isPresent() ? drawn.get() : ContentChecks.pageTexts(document);
            ContentChecks.footerHash(pages, log, out);
            ContentChecks.printedFacts(pages, log, out);
        }
    }

    private static boolean declaresUnsigned(PDDocument document) throws IOException {
        List<String> pages = ContentChecks.pageTexts(document);
        return !pages.isEmpty() && pages.get(0).contains(PageDecoration.UNSIGNED_BANNER);
    }

    /** A complete PDF ends with %%EOF (and at most some line ends). */
    private static Check fileComplete(byte[] pdf) {
        int from = Math.max(0, pdf.length - 1024);
        String tail = new String(pdf, from, pdf.length - from, java.nio.charset.StandardCharsets.ISO_8859_1).stripTrailing();
        return tail.endsWith("%%EOF")
                ? Check.pass("file-complete", "the file ends with its end-of-file marker")
                : Check.fail("file-complete", "the file does not end with %%EOF: it is truncated or something was "
                        + "appended to it");
    }
}
