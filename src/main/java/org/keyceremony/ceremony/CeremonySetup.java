package org.keyceremony.ceremony;

import java.util.List;

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
}
