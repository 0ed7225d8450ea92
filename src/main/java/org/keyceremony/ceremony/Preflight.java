package org.keyceremony.ceremony;

import java.util.List;
import java.util.Map;

import org.keyceremony.script.CeremonyScript;

/**
 * What this build checks of the room before a ceremony's first event (DESIGN.md, invariant 5:
 * late failures are checked early): the libraries, the tokens named, the backup media. Files and
 * folders only: no PKCS#11 session is opened.
 */
public interface Preflight {
    /**
     * Everything that would stop {@code script}'s steps from index {@code from} on, each in words;
     * empty when nothing does.
     */
    List<String> problems(CeremonyScript script, boolean rehearsal, int from);

    /** The card each custodian presents unless asked (1-based), for checking an answers file's PINs. */
    Map<Integer, String> cardsByCustodian();
}
