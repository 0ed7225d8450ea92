package org.keyceremony.script;

import java.util.List;
import java.util.Map;

/**
 * A validated ceremony script: the reviewed document the ceremony follows. Immutable.
 *
 * @param roles      required number of people per role (a role absent from the map: none required)
 * @param sourceText the file's exact text (embedded in the transcript)
 * @param sha256Hex  SHA-256 of the file's bytes, lower-case hex (printed on the transcript)
 */
public record CeremonyScript(Metadata metadata, Policy policy, Map<Role, Integer> roles, List<Act> acts,
                             String sourceText, String sha256Hex) {
    public CeremonyScript {
        roles = Map.copyOf(roles);
        acts = List.copyOf(acts);
    }

    /** Every step of every act, in order. */
    public List<Step> steps() {
        return acts.stream().flatMap(a -> a.steps().stream()).toList();
    }

    @Override
    public String toString() {
        return "CeremonyScript[" + metadata.name() + " " + metadata.version() + ", sha256=" + sha256Hex + "]";
    }
}
