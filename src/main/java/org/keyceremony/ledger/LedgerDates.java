package org.keyceremony.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Dates as the ledger prints and compares them: UTC, ISO 8601. */
final class LedgerDates {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private LedgerDates() {
    }

    /** The UTC day of {@code t}, e.g. {@code 2026-12-04}. */
    static String day(Instant t) {
        return DAY.format(t);
    }

    /** An RFC 3339 time from a log's facts, or empty when it is not one. */
    static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** {@code t} minus whole calendar months, in UTC. */
    static Instant minusMonths(Instant t, int months) {
        return t.atZone(ZoneOffset.UTC).minusMonths(months).toInstant();
    }

    /** A day as given on the command line or in a roster ({@code 2027-03-01}), as the start of that day in UTC. */
    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
