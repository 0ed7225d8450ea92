package org.keyceremony.ceremony.actions;

import org.keyceremony.script.TokenRef;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a ceremony's real things are: the PKCS#11 modules of the HSM and of the cards, which
 * token plays {@code hsm} and {@code target-hsm} (a label or a serial), which card each
 * custodian presents by default, and the backup destinations. Chosen on the command line or
 * in the GUI; a rehearsal fills it from its world.
 *
 * @param cardsByCustodian default card label (or serial) per custodian number, 1-based; a
 *                         custodian may present another card when asked
 * @param backupDestinations directories on the removable media, one per policy destination
 */
public record CeremonyEnvironment(Path hsmModule, Path cardModule, Map<TokenRef, String> tokens,
                                  Map<Integer, String> cardsByCustodian, List<Path> backupDestinations) {
    public CeremonyEnvironment {
        tokens = Map.copyOf(tokens);
        cardsByCustodian = Map.copyOf(cardsByCustodian);
        backupDestinations = List.copyOf(backupDestinations);
    }

    /** The token (label or serial) that plays {@code ref}. */
    public String token(TokenRef ref) {
        String t = tokens.get(ref);
        return t == null ? "" : t;
    }
}
