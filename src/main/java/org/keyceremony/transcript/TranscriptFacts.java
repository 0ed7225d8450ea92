package org.keyceremony.transcript;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keyceremony.transcript.TranscriptContent.AirGap;
import org.keyceremony.transcript.TranscriptContent.BackupCopy;
import org.keyceremony.transcript.TranscriptContent.CertificateDetails;
import org.keyceremony.transcript.TranscriptContent.Cover;
import org.keyceremony.transcript.TranscriptContent.Deviation;
import org.keyceremony.transcript.TranscriptContent.HsmIdentity;
import org.keyceremony.transcript.TranscriptContent.Identification;
import org.keyceremony.transcript.TranscriptContent.InventoryItem;
import org.keyceremony.transcript.TranscriptContent.KeyDetails;
import org.keyceremony.transcript.TranscriptContent.Participant;
import org.keyceremony.transcript.TranscriptContent.ShareDistribution;
import org.keyceremony.transcript.TranscriptContent.ShareRecord;
import org.keyceremony.transcript.TranscriptContent.StepRecord;
import org.keyceremony.transcript.TranscriptContent.Zeroization;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventType;
import org.keyceremony.journal.facts.BackupFacts;
import org.keyceremony.journal.facts.PreparationFacts;

/**
 * Derives a transcript's content from the event log, the one source of truth: the renderer
 * prints what this returns, and the verifier runs the same derivation on the embedded log to
 * check that the printed facts agree with it. The event vocabulary it reads (event types and
 * the facts of each action's {@code step-end}) is specified in {@code docs/events.md}.
 */
public final class TranscriptFacts {

    private TranscriptFacts() {
    }

    /**
     * The content of the transcript of the ceremony recorded in {@code events}.
     *
     * @param events     the verified events, in order
     * @param scriptText the full text of the script (printed in an appendix)
     */
    public static TranscriptContent fromEvents(List<Event> events, String scriptText) {
        return derive(events, scriptText).content();
    }

    /** The content and, one line each, the steps whose facts could not be read as their action's record. */
    record Derived(TranscriptContent content, List<String> unreadableFacts) {
    }

    static Derived derive(List<Event> events, String scriptText) {
        Facts start = Facts.EMPTY;
        String endOutcome = "";
        Facts endData = Facts.EMPTY;
        Instant first = events.isEmpty() ? null : events.get(0).time();
        Instant last = null;
        Map<String, StepAccumulator> steps = new LinkedHashMap<>();
        List<Deviation> deviations = new ArrayList<>();
        ZoneId zone = ZoneOffset.UTC;
        for (Event e : events) {
            Facts data = Facts.of(e.data());
            if (e.is(EventType.CEREMONY_START)) {
                start = data;
                zone = zone(data.text("timeZone"));
            }
        }
        Times times = new Times(zone);
        for (Event e : events) {
            Facts data = Facts.of(e.data());
            EventType kind = e.kind().orElse(null);
            if (kind == null) {
                continue; // a type this version does not know: nothing of it is printed
            }
            switch (kind) {
                case STEP_BEGIN -> steps.computeIfAbsent(e.step(), StepAccumulator::new).begin(e, data);
                case STEP_END -> steps.computeIfAbsent(e.step(), StepAccumulator::new).end(e, data);
                case STEP_FAILED -> steps.computeIfAbsent(e.step(), StepAccumulator::new).failed(data);
                case STEP_CONFIRMED -> steps.computeIfAbsent(e.step(), StepAccumulator::new).confirmed(e, data);
                case EXCEPTION -> deviations.add(new Deviation(e.step(), times.time(e.time()), data.text("expected"),
                        data.text("happened"), data.text("actions"),
                        data.strings("initials").isEmpty() ? data.text("initials") : String.join(", ", data.strings("initials")),
                        data.text("resolution")));
                case RECOVERY, LOG_REPAIRED, ROLLBACK -> deviations.add(interruption(e, kind, data, times));
                case ABORT -> endOutcome = "aborted";
                case CEREMONY_END -> {
                    endOutcome = data.text("outcome");
                    endData = data;
                    last = e.time();
                }
                default -> { }
            }
        }
        if (endOutcome.isEmpty() && signingStepBegins(events)) {
            // The transcript is signed by the ceremony's last step: it covers the log up to that
            // step's begin event; the step's end and the closing event follow in the log file.
            Event signing = events.get(events.size() - 1);
            endOutcome = "completed: this transcript was signed at step " + signing.step()
                    + " (its end and the closing event follow in the event log file)";
            last = signing.time();
        }
        if (endOutcome.isEmpty()) {
            endOutcome = events.isEmpty() ? "" : "interrupted (the log has no closing event)";
        }
        Derivation d = new Derivation(times);
        d.participants(start.objects("participants"));
        for (StepAccumulator s : steps.values()) {
            d.step(s);
        }
        if (d.zeroization.items().isEmpty() && !endData.strings("memoryWiped").isEmpty()) {
            d.zeroization = new Zeroization(times.time(last), endData.strings("memoryWiped"), "the engine, at the end");
        }
        Cover cover = new Cover(start.text("kind", "scriptKind"), start.text("ceremonyId"), start.text("objectives"),
                start.text("approvalReference"), first == null ? "" : times.date(first), start.text("location"),
                zone.getId(), first == null ? "" : times.time(first), last == null ? "" : times.time(last),
                endOutcome, start.flag("rehearsal"));
        Identification id = new Identification(
                d.software.map(PreparationFacts.RecordSoftware::application).orElse(start.text("software")),
                d.software.map(PreparationFacts.RecordSoftware::sha256).orElse(""),
                d.software.map(PreparationFacts.RecordSoftware::java).orElse(""),
                d.software.map(PreparationFacts.RecordSoftware::os).orElse(""), start.text("scriptName"),
                start.text("scriptVersion"), start.text("scriptSha256"), d.hsms);
        AirGap gap = airGap(d.airGap);
        ShareDistribution shares = new ShareDistribution(d.split.map(BackupFacts.SplitKwk::threshold).orElse(""),
                d.split.map(BackupFacts.SplitKwk::shares).orElse(""),
                d.split.map(BackupFacts.SplitKwk::shareSetId).orElse(""),
                d.split.map(BackupFacts.SplitKwk::kwkCheckValue).orElse(""), d.shareRows);
        String finalHash = events.isEmpty() ? "" : events.get(events.size() - 1).hash();
        return new Derived(new TranscriptContent(cover, d.inventory, d.participants, id, gap, d.stepRecords, deviations,
                d.keys, d.certificates, shares, d.backups, d.zeroization, scriptText, finalHash, d.issued), List.copyOf(d.problems));
    }

    /**
     * A crash, its recovery and every removal are exceptions an auditor must see: what was
     * interrupted, what was chosen, what was removed (all written by the engine, not typed by
     * people, so the initials are the engine's).
     */
    static Deviation interruption(Event e, EventType kind, Facts data, Times times) {
        String when = times.time(e.time());
        return switch (kind) {
            case RECOVERY -> new Deviation(data.text("interruptedStep"), when,
                    "the ceremony runs to its end without interruption",
                    "the process stopped" + (data.text("lastCompletedStep").isEmpty() ? " before any step was confirmed"
                            : " after step " + data.text("lastCompletedStep") + " was confirmed")
                            + (data.text("interruptedStep").isEmpty() ? "" : ", during step " + data.text("interruptedStep"))
                            + (data.flag("tornTail") ? "; the last, incomplete log line was set aside" : ""),
                    "ceremony recover: " + data.text("choice")
                            + (data.text("resumeFrom").isEmpty() ? "" : ", resumed from step " + data.text("resumeFrom"))
                            + (data.strings("lostMemory").isEmpty() ? ""
                            : "; lost with the process and made again: " + String.join(", ", data.strings("lostMemory"))),
                    "engine", "recorded in the event log (event " + e.seq() + ")");
            case LOG_REPAIRED -> new Deviation("", when, "every line of the event log is complete",
                    "the last line was cut short by the crash", "the incomplete line was set aside and kept as evidence",
                    "engine", "recorded in the event log (event " + e.seq() + ")");
            default -> new Deviation(e.step(), when, "nothing the ceremony created needs removing",
                    "removal of: " + data.text("description") + " (" + data.text("reason") + ")",
                    "removal " + data.text("outcome") + (data.text("error").isEmpty() ? "" : ": " + data.text("error")),
                    "engine", "recorded in the event log (event " + e.seq() + ")");
        };
    }

    /** True if the last event begins the sign-transcript step (the transcript is being made by it). */
    static boolean signingStepBegins(List<Event> events) {
        if (events.isEmpty()) {
            return false;
        }
        Event e = events.get(events.size() - 1);
        return e.is(EventType.STEP_BEGIN) && "sign-transcript".equals(Facts.of(e.data()).text("action"));
    }

    /**
     * The facts a printed transcript must show, in the order the renderer prints them; the
     * verifier finds each, in this order, in the text of the pages.
     */
    public static List<PrintedFact> printedFacts(TranscriptContent c) {
        List<PrintedFact> out = new ArrayList<>();
        out.add(new PrintedFact("ceremony id", c.cover().ceremonyId()));
        out.add(new PrintedFact("ceremony outcome", c.cover().outcome()));
        out.add(new PrintedFact("script SHA-256", c.identification().scriptSha256()));
        out.add(new PrintedFact("air-gap result", c.airGap().result()));
        for (StepRecord s : c.steps()) {
            out.add(new PrintedFact("step " + s.number(), "Step " + s.number()));
            out.add(new PrintedFact("outcome of step " + s.number(), s.outcome()));
        }
        for (KeyDetails k : c.keys()) {
            out.add(new PrintedFact("SPKI SHA-256 of key " + k.label(), k.spkiSha256()));
        }
        for (CertificateDetails cert : c.certificates()) {
            out.add(new PrintedFact("serial of certificate " + cert.subject(), cert.serial()));
            out.add(new PrintedFact("SHA-256 of certificate " + cert.subject(), cert.sha256()));
        }
        ShareDistribution s = c.shares();
        out.add(new PrintedFact("share-set id", s.shareSetId()));
        out.add(new PrintedFact("KWK check value", s.kwkCheckValue()));
        for (ShareRecord r : s.rows()) {
            out.add(new PrintedFact("card serial of share " + r.shareNumber(), r.cardSerial()));
            out.add(new PrintedFact("share number " + r.shareNumber(), r.shareNumber()));
            out.add(new PrintedFact("commitment of share " + r.shareNumber(), r.commitment()));
        }
        for (BackupCopy b : c.backups()) {
            out.add(new PrintedFact("SHA-256 of backup on " + b.destination(), b.sha256()));
        }
        return out.stream().filter(f -> !f.text().isEmpty()).toList();
    }

    /** One fact the pages must show: what it is (for the failure message) and its text. */
    public record PrintedFact(String what, String text) {
    }

    private static AirGap airGap(Optional<PreparationFacts.CheckAirGap> recorded) {
        if (recorded.isEmpty()) {
            return new AirGap("not recorded", List.of(), "");
        }
        PreparationFacts.CheckAirGap f = recorded.get();
        String result = f.airGapped() ? "passed: no network interface up besides loopback"
                : "NOT air-gapped" + f.warning().map(w -> " (" + w + ")").orElse("");
        return new AirGap(result, f.interfacesUp(), "");
    }

    private static ZoneId zone(String id) {
        try {
            return id.isEmpty() ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** Formats instants in the ceremony's time zone. */
    record Times(ZoneId zone) {
        private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

        String date(Instant t) {
            return DATE.format(t.atZone(zone));
        }

        String time(Instant t) {
            return TIME.format(t.atZone(zone));
        }
    }

    /** The events of one step, gathered across retries. */
    static final class StepAccumulator {
        final String number;
        Facts begin = Facts.EMPTY;
        Facts end = Facts.EMPTY;
        Instant started;
        Instant ended;
        String actor = "";
        String confirmer = "";
        final List<String> failures = new ArrayList<>();

        StepAccumulator(String number) {
            this.number = number;
        }

        void begin(Event e, Facts data) {
            if (started == null) {
                started = e.time();
                begin = data;
            }
        }

        void end(Event e, Facts data) {
            ended = e.time();
            end = data;
            actor = e.actor();
        }

        /** The action, from step-end or, as the engine writes it, from step-begin. */
        String action() {
            return end.text("action").isEmpty() ? begin.text("action") : end.text("action");
        }

        void failed(Facts data) {
            failures.add(data.text("error"));
        }

        void confirmed(Event e, Facts data) {
            String name = data.text("name");
            confirmer = name.isEmpty() ? e.actor() : name + " (" + data.text("initials", "role") + ")";
        }

        /** The engine writes "ok"; the transcript says "completed". */
        String outcome() {
            String o = end.text("outcome");
            if (ended == null) {
                return failures.isEmpty() ? "not completed" : "failed";
            }
            return o.isEmpty() || "ok".equals(o) ? "completed" : o;
        }
    }
}
