package org.keyceremony.ledger;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.keyceremony.base.InvalidInputException;

/**
 * The custodians as the organisation knows them today ({@code --roster FILE}, YAML, docs/ledger.md):
 * each name as written in the transcripts, a status ({@code active}, {@code departed},
 * {@code absent}) and the day it took effect. A custodian who departed or is absent on the day the
 * warnings are evaluated and still holds a share of a live set is a warning.
 */
public record Roster(List<Entry> custodians) {
    private static final Set<String> TOP = Set.of("version", "custodians");
    private static final Set<String> ENTRY = Set.of("name", "status", "since");

    public Roster {
        custodians = List.copyOf(custodians);
    }

    /** A custodian's status; only {@code active} may hold a share. */
    public enum Status {
        ACTIVE, DEPARTED, ABSENT;

        /** The word the roster file and the reports use: {@code active}, {@code departed}, {@code absent}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One custodian: name as the transcripts write it, status, and the day it took effect. */
    public record Entry(String name, Status status, LocalDate since) {
    }

    /** No roster given: nobody is known to have left. */
    public static Roster none() {
        return new Roster(List.of());
    }

    public static Roster read(Path file) throws InvalidInputException {
        return of(LedgerYaml.read(file, "custodian roster"));
    }

    static Roster parse(String text, String name) throws InvalidInputException {
        return of(LedgerYaml.parse(text, name, "custodian roster"));
    }

    private static Roster of(LedgerYaml.Entries root) throws InvalidInputException {
        root.allowOnly(TOP);
        root.integer("version", 1, 1);
        List<Entry> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int i = 0;
        for (LedgerYaml.Entries e : root.list("custodians")) {
            i++;
            e.allowOnly(ENTRY);
            String name = e.text("name");
            String status = e.text("status");
            Status s = switch (status) {
                case "active" -> Status.ACTIVE;
                case "departed" -> Status.DEPARTED;
                case "absent" -> Status.ABSENT;
                default -> throw e.refuse("status", "must be active, departed or absent");
            };
            Integer first = seen.putIfAbsent(key(name), i);
            if (first != null) {
                throw e.refuse("name", "the custodian is already listed as custodians[" + first + "]; give each "
                        + "custodian once, with their current status");
            }
            out.add(new Entry(name, s, e.day("since")));
        }
        return new Roster(out);
    }

    /** The status of {@code name} on {@code at}: its entry's when in effect by then, else active. */
    public Optional<Entry> leftBy(String name, Instant at) {
        return custodians.stream().filter(c -> key(c.name()).equals(key(name)))
                .filter(c -> c.status() != Status.ACTIVE && !LedgerDates.startOf(c.since()).isAfter(at)).findFirst();
    }

    /** Names match as written, ignoring case and surrounding or repeated spaces. */
    static String key(String name) {
        return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
