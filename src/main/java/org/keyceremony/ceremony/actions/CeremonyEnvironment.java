package org.keyceremony.ceremony.actions;

import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.Pkcs11Api;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.script.TokenRef;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where a ceremony's real things are: the PKCS#11 modules of the HSM and of the cards, which
 * token plays {@code hsm} and {@code target-hsm} (a label or a serial), which card each
 * custodian presents by default, and the backup destinations. Chosen on the command line or
 * in the GUI; a rehearsal fills it from its world.
 *
 * @param cardsByCustodian default card label (or serial) per custodian number, 1-based; a
 *                         custodian may present another card when asked
 * @param backupDestinations directories on the removable media, one per policy destination
 * @param pkcs11Layer put in front of every PKCS#11 call the handlers make: the identity in
 *                    production; a fault-injecting layer in tests (a locked PIN, a pulled card),
 *                    for what SoftHSM2 cannot do
 */
public record CeremonyEnvironment(Path hsmModule, Path cardModule, Map<TokenRef, String> tokens,
                                  Map<Integer, String> cardsByCustodian, List<Path> backupDestinations,
                                  UnaryOperator<Pkcs11Api> pkcs11Layer) {
    public CeremonyEnvironment {
        tokens = Map.copyOf(tokens);
        cardsByCustodian = Map.copyOf(cardsByCustodian);
        backupDestinations = List.copyOf(backupDestinations);
        Objects.requireNonNull(pkcs11Layer, "pkcs11Layer");
    }

    /** An environment that talks to the libraries directly. */
    public CeremonyEnvironment(Path hsmModule, Path cardModule, Map<TokenRef, String> tokens,
                               Map<Integer, String> cardsByCustodian, List<Path> backupDestinations) {
        this(hsmModule, cardModule, tokens, cardsByCustodian, backupDestinations, UnaryOperator.identity());
    }

    /** The same environment with {@code layer} in front of every PKCS#11 call. */
    public CeremonyEnvironment withPkcs11Layer(UnaryOperator<Pkcs11Api> layer) {
        return new CeremonyEnvironment(hsmModule, cardModule, tokens, cardsByCustodian, backupDestinations, layer);
    }

    /** The token (label or serial) that plays {@code ref}. */
    public String token(TokenRef ref) {
        String t = tokens.get(ref);
        return t == null ? "" : t;
    }

    /** The HSM's library, behind {@link #pkcs11Layer()}. */
    public Pkcs11Module openHsmModule() throws HsmException {
        return Pkcs11Module.open(hsmModule, pkcs11Layer);
    }

    /** The cards' library, behind {@link #pkcs11Layer()}. */
    public Pkcs11Module openCardModule() throws HsmException {
        return Pkcs11Module.open(cardModule, pkcs11Layer);
    }
}
