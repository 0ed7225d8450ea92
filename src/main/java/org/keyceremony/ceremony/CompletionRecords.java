package org.keyceremony.ceremony;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.keyceremony.base.KeyCeremonyException;

/**
 * Where a ceremony records, outside its own folder, that it reached its signing step: a public
 * data object on the HSM ({@code keyceremony-completed <ceremony id>}). A copy of the folder, or a
 * log cut short, cannot hide it: before anything is removed (an abort, the removals before a
 * resume) the engine asks the HSM tokens the ceremony used.
 */
public interface CompletionRecords {
    /** The CKA_APPLICATION of completion records (not the shares' {@code keyceremony}: a card never mistakes one for a share). */
    String APPLICATION = "keyceremony-completion";

    /** The label of ceremony {@code id}'s completion record. */
    static String label(UUID id) {
        return "keyceremony-completed " + id;
    }

    /**
     * The completion record of ceremony {@code id} on any of the tokens with {@code tokenSerials},
     * as text; empty if none of them holds one.
     *
     * @throws KeyCeremonyException a token cannot be asked (not connected): completion is then unknown
     */
    Optional<String> find(UUID id, Set<String> tokenSerials) throws KeyCeremonyException;
}
