package org.keyceremony.ceremony;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Role;

/**
 * What the ceremony records before its first step: who is present, where, and the time zone
 * the transcript shows local times in (the log itself is always UTC).
 */
public record CeremonySetup(List<Participant> participants, String location, String timeZone) {
    public CeremonySetup {
        participants = List.copyOf(participants);
    }

    /** Participants holding {@code role}. */
    public List<Participant> holding(Role role) {
        return participants.stream().filter(p -> p.role() == role).toList();
    }

    /** The initials of everyone present, in order. */
    public List<String> allInitials() {
        return participants.stream().map(Participant::initials).toList();
    }

    /** What keeps these participants from running {@code script} (role counts, shared initials); empty when none. */
    public List<String> problemsWith(CeremonyScript script) {
        List<String> problems = new ArrayList<>(roleProblems(script));
        problems.addAll(otherProblems());
        return problems;
    }

    /** Roles the script requires that too few participants hold. */
    public List<String> roleProblems(CeremonyScript script) {
        List<String> problems = new ArrayList<>();
        script.roles().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            int present = holding(e.getKey()).size();
            if (present < e.getValue()) {
                problems.add(e.getKey().yamlName() + ": " + e.getValue() + " required, " + present + " present");
            }
        });
        return problems;
    }

    /** The location, the time zone and the initials, whatever the script. */
    public List<String> otherProblems() {
        List<String> problems = new ArrayList<>();
        org.keyceremony.script.TextRules.line(location == null ? "" : location, org.keyceremony.script.TextRules.LINE)
                .ifPresent(p -> problems.add("the location " + p));
        try {
            java.time.ZoneId.of(timeZone == null ? "" : timeZone);
        } catch (java.time.DateTimeException e) {
            problems.add("the time zone is not one (e.g. Europe/Amsterdam, UTC)");
        }
        List<String> initials = allInitials();
        if (initials.stream().distinct().count() != initials.size()) {
            problems.add("two participants share the same initials");
        }
        return problems;
    }
}
