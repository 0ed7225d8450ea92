package org.keyceremony.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.keyceremony.journal.facts.StepFacts;

/**
 * One ceremony as a transcript that verified records it: its identity, the file it came from, how
 * far the file vouches for it, and the facts of each step by its last {@code step-end}, read
 * strictly through {@code journal.facts.ActionFacts}.
 *
 * @param file     the transcript's path as found in the archive
 * @param sha256   SHA-256 of the transcript's bytes (what a later ceremony records when it builds on this one)
 * @param signed   true for a signed transcript that passed every check; false for an UNSIGNED one (a card
 *                 check, made without an HSM) that passed every check but the signature's
 * @param ended    the time of the log's last event (for a signed transcript: the signing step's begin)
 */
public record Ceremony(String id, String kind, boolean rehearsal, String file, String sha256, boolean signed,
                       Instant started, Instant ended, List<StepFact> steps) {

    public Ceremony {
        steps = List.copyOf(steps);
    }

    /** A completed step's facts, with its id, action kind and the time of its {@code step-end}. */
    public record StepFact(String step, String action, Instant time, StepFacts facts) {
    }

    /** The facts of every completed step whose facts are a {@code type}, in step order. */
    public <T> List<Located<T>> all(Class<T> type) {
        return steps.stream().filter(s -> type.isInstance(s.facts()))
                .map(s -> new Located<>(type.cast(s.facts()), s.time(), s.step())).toList();
    }

    /** The first such facts, if any. */
    public <T> Optional<Located<T>> first(Class<T> type) {
        return all(type).stream().findFirst();
    }

    /** Facts with where they stand: the time of their step's end, and the step. */
    public record Located<T>(T facts, Instant time, String step) {
    }

    /** A short name for people: kind, the ceremony id's first 8 characters and the date. */
    public String label() {
        return kind + " " + id.substring(0, Math.min(8, id.length())) + " (" + LedgerDates.day(ended) + ")";
    }
}
