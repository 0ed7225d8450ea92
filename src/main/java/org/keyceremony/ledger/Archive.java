package org.keyceremony.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.transcript.Check;
import org.keyceremony.transcript.Expectations;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;

/**
 * What an archive holds: every transcript under the folders (searched recursively, links not
 * followed), each verified by {@link TranscriptVerifier} exactly as {@code ceremony verify}
 * verifies it, and the backup packages beside them (by SHA-256). A transcript contributes its
 * ceremony only when it verifies; the one exception is an UNSIGNED transcript (a card check, made
 * without an HSM) that passes every check but the signature's: it contributes, marked unsigned.
 */
public final class Archive {
    /** Transcripts are files named as the signing step names them; other PDFs are listed, not read. */
    static final String TRANSCRIPT_PREFIX = "transcript-";
    static final String PACKAGE_SUFFIX = ".kcbackup";
    /** Deeper than any archive layout (media/transcripts/ceremony/file). */
    private static final int MAX_DEPTH = 16;
    /** A backup package is a few kilobytes; larger files of that name are listed unread. */
    private static final long MAX_PACKAGE_BYTES = 1L << 20;

    /** How far a transcript file vouches for its ceremony. */
    public enum Verdict {
        /** Signed, and every check of {@code ceremony verify} passed. */
        VERIFIED,
        /** Declares itself UNSIGNED (no HSM), and every check but the signature's passed. */
        UNSIGNED,
        /** Fails verification: contributes nothing. */
        FAILED
    }

    /** One transcript file and its verdict; {@code reason} names the first failed check (or says why it counts). */
    public record TranscriptFile(String file, String sha256, Verdict verdict, String reason,
                                 Optional<String> ceremonyId) {
    }

    /** A backup package file found in the archive. */
    public record PackageFile(String file, String sha256) {
    }

    /** Everything read: the files, the ceremonies of those that count, and the packages. */
    public record Contents(List<TranscriptFile> transcripts, List<Ceremony> ceremonies, List<PackageFile> packages,
                           List<String> otherPdfs) {
        public Contents {
            transcripts = List.copyOf(transcripts);
            ceremonies = List.copyOf(ceremonies);
            packages = List.copyOf(packages);
            otherPdfs = List.copyOf(otherPdfs);
        }
    }

    private Archive() {
    }

    /**
     * Reads the archive folders.
     *
     * @throws InvalidInputException a folder is missing or cannot be listed
     */
    public static Contents read(List<Path> folders) throws InvalidInputException {
        List<Path> transcripts = new ArrayList<>();
        List<Path> packages = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new InvalidInputException("the archive folder " + Check.printable(folder.toString())
                        + " does not exist or is not a folder; name the folder holding the transcripts "
                        + "(e.g. a copy of the transcript medium or a rehearsal workspace)");
            }
            try (Stream<Path> walk = Files.walk(folder, MAX_DEPTH, new FileVisitOption[0])) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".pdf") && name.startsWith(TRANSCRIPT_PREFIX)) {
                        transcripts.add(p);
                    } else if (name.endsWith(".pdf")) {
                        others.add(Check.printable(p.toString()));
                    } else if (name.endsWith(PACKAGE_SUFFIX) && !name.startsWith(".")) {
                        packages.add(p);
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new InvalidInputException("the archive folder " + Check.printable(folder.toString())
                        + " cannot be read (" + e.getClass().getSimpleName() + "); check its permissions and the medium");
            }
        }
        List<TranscriptFile> files = new ArrayList<>();
        List<Ceremony> ceremonies = new ArrayList<>();
        Map<String, String> fileOfCeremony = new HashMap<>();
        Map<String, Boolean> seenBytes = new HashMap<>();
        for (Read r : verifyAll(distinct(transcripts))) {
            if (seenBytes.putIfAbsent(r.file().sha256(), true) != null) {
                // the same bytes again (a second copy of the medium): listed, counted once
                files.add(new TranscriptFile(r.file().file(), r.file().sha256(), r.file().verdict(),
                        "a copy of a transcript listed above (same SHA-256): counted once", r.file().ceremonyId()));
                continue;
            }
            if (r.ceremony().isPresent()) {
                Ceremony c = r.ceremony().get();
                String earlier = fileOfCeremony.putIfAbsent(c.id(), c.file());
                if (earlier != null) {
                    files.add(new TranscriptFile(r.file().file(), r.file().sha256(), Verdict.FAILED,
                            "another transcript of ceremony " + c.id() + " (" + earlier + ") has different bytes: "
                                    + "one ceremony has one transcript; this one is not counted", Optional.of(c.id())));
                    continue;
                }
                ceremonies.add(c);
            }
            files.add(r.file());
        }
        List<PackageFile> found = new ArrayList<>();
        for (Path p : distinct(packages)) {
            found.add(new PackageFile(Check.printable(p.toString()), packageSha256(p)));
        }
        ceremonies.sort(Comparator.comparing(Ceremony::ended));
        return new Contents(files, ceremonies, found, others);
    }

    private static List<Path> distinct(List<Path> paths) {
        Map<Path, Path> byReal = new LinkedHashMap<>();
        for (Path p : paths) {
            byReal.putIfAbsent(p.toAbsolutePath().normalize(), p);
        }
        return new ArrayList<>(byReal.values());
    }

    private static String packageSha256(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] bytes = in.readNBytes((int) MAX_PACKAGE_BYTES + 1);
            return bytes.length > MAX_PACKAGE_BYTES ? "too large to be a backup package" : Digests.sha256Hex(bytes);
        } catch (IOException e) {
            return "unreadable (" + e.getClass().getSimpleName() + ")";
        }
    }

    private record Read(TranscriptFile file, Optional<Ceremony> ceremony) {
    }

    /** Transcripts are independent: verified on as many threads as there are processors, reported in order. */
    private static List<Read> verifyAll(List<Path> files) {
        int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ledger-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Read>> jobs = new ArrayList<>();
            for (Path f : files) {
                jobs.add(pool.submit(() -> verify(f)));
            }
            List<Read> out = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                try {
                    out.add(jobs.get(i).get());
                } catch (ExecutionException e) {
                    out.add(failed(files.get(i).toString(), "", "the file cannot be processed ("
                            + e.getCause().getClass().getSimpleName() + ")"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.add(failed(files.get(i).toString(), "", "verification was interrupted"));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Read failed(String file, String sha, String reason) {
        return new Read(new TranscriptFile(Check.printable(file), sha, Verdict.FAILED, Check.printable(reason),
                Optional.empty()), Optional.empty());
    }

    /** Reads the file once; the verdict and the facts come from the same bytes. */
    static Read verify(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > TranscriptVerifier.MAX_FILE_BYTES) {
                return failed(file.toString(), "", "parses: larger than " + TranscriptVerifier.MAX_FILE_BYTES
                        + " bytes; not a transcript");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return failed(file.toString(), "", "parses: the file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        String sha = Digests.sha256Hex(bytes);
        TranscriptVerifier.Reading reading = TranscriptVerifier.verifyReading(file.toString(), bytes,
                new Expectations(null, null, null));
        VerificationReport report = reading.report();
        Verdict verdict = verdictOf(report);
        if (verdict == Verdict.FAILED || reading.events().isEmpty()) {
            String why = report.failures().isEmpty() ? "a check 'ceremony verify' requires did not run"
                    : report.failures().get(0).name() + ": " + report.failures().get(0).reason();
            return failed(file.toString(), sha, why);
        }
        try {
            Ceremony c = ceremonyOf(file.toString(), sha, verdict == Verdict.VERIFIED, reading.events().get());
            String why = verdict == Verdict.VERIFIED ? "valid: every check of 'ceremony verify' passed"
                    : "UNSIGNED (made without an HSM): every check but the signature passed; its facts count, "
                    + "vouched for by its event log and wet-ink signatures only";
            return new Read(new TranscriptFile(Check.printable(file.toString()), sha, verdict, why,
                    Optional.of(c.id())), Optional.of(c));
        } catch (InvalidInputException e) {
            return failed(file.toString(), sha, "step-facts: " + e.getMessage());
        }
    }

    /**
     * The ledger's reading of a report: valid is VERIFIED; an unsigned transcript counts only when the
     * one failed check is {@code one-signature} because the file declares itself unsigned, and the checks
     * that tie its pages to its log ran and passed.
     */
    static Verdict verdictOf(VerificationReport report) {
        if (report.valid()) {
            return Verdict.VERIFIED;
        }
        List<Check> failures = report.failures();
        boolean onlyUnsigned = failures.size() == 1 && failures.get(0).name().equals("one-signature")
                && failures.get(0).reason().contains("UNSIGNED TRANSCRIPT");
        boolean tied = List.of("event-log", "ceremony-complete", "pages-reproduced", "attachments", "printed-facts",
                "footer-hash", "no-hidden-content", "pdfa-identification").stream()
                .allMatch(n -> report.check(n).map(Check::passed).orElse(false));
        return onlyUnsigned && tied ? Verdict.UNSIGNED : Verdict.FAILED;
    }

    /** The ceremony a verified log records: each step by its last {@code step-end}, as the pages derive it. */
    static Ceremony ceremonyOf(String file, String sha, boolean signed, List<Event> events)
            throws InvalidInputException {
        Map<String, Object> start = events.stream().filter(e -> e.is(EventType.CEREMONY_START)).findFirst()
                .map(Event::data).orElseThrow(() -> new InvalidInputException("the log has no ceremony-start"));
        String id = text(start.get("ceremonyId"));
        String kind = text(start.containsKey("scriptKind") ? start.get("scriptKind") : start.get("kind"));
        if (id.isEmpty() || kind.isEmpty()) {
            throw new InvalidInputException("the log's ceremony-start names no ceremony id or kind");
        }
        Map<String, String> actionOfStep = new HashMap<>();
        Map<String, Event> lastEnd = new LinkedHashMap<>();
        for (Event e : events) {
            if (e.is(EventType.STEP_BEGIN)) {
                actionOfStep.putIfAbsent(e.step(), text(e.data().get("action")));
            } else if (e.is(EventType.STEP_END)) {
                lastEnd.remove(e.step());
                lastEnd.put(e.step(), e);
            }
        }
        List<Ceremony.StepFact> steps = new ArrayList<>();
        for (Map.Entry<String, Event> end : lastEnd.entrySet()) {
            Map<String, Object> data = end.getValue().data();
            if ("failed".equals(data.get("outcome")) || !(data.get("facts") instanceof Map<?, ?> facts)
                    || facts.isEmpty()) {
                continue;
            }
            String action = text(data.get("action")).isEmpty() ? actionOfStep.getOrDefault(end.getKey(), "")
                    : text(data.get("action"));
            if (!ActionFacts.kinds().contains(action)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) facts;
            try {
                steps.add(new Ceremony.StepFact(end.getKey(), action, end.getValue().time(),
                        ActionFacts.read(action, typed)));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("step " + end.getKey() + " (" + action + "): " + e.getMessage());
            }
        }
        Instant started = events.get(0).time();
        Instant ended = events.get(events.size() - 1).time();
        return new Ceremony(id, kind, Boolean.TRUE.equals(start.get("rehearsal")), Check.printable(file), sha, signed,
                started, ended, steps);
    }

    private static String text(Object o) {
        return o instanceof String s ? s : "";
    }
}
