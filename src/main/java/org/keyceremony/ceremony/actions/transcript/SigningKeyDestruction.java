package org.keyceremony.ceremony.actions.transcript;

import org.keyceremony.journal.facts.SigningFacts;
import org.keyceremony.ceremony.StepContext;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.ObjectClass;
import org.keyceremony.hsm.TokenObject;
import org.keyceremony.base.KeyCeremonyException;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * Destroys a ceremony's transcript-signing private key once its transcript is signed, written
 * and verified, so that exactly one transcript of that ceremony can ever be signed: left in
 * the HSM, the key would let whoever logs in later sign a second, different transcript of the
 * same ceremony that passes every check. Only the private key goes; its public key and
 * certificate objects (public, and a record of the ceremony) stay.
 *
 * <p>A failed destruction does not undo the signature (the transcript is valid and kept, and
 * signing again would be worse): it is returned as a fact and told to the people, naming the
 * object so that the administrator deletes it with the HSM vendor's tool.
 */
final class SigningKeyDestruction {
    private SigningKeyDestruction() {
    }

    /**
     * Destroys the private key labelled {@code label} with CKA_ID {@code id} on {@code token};
     * returns the step facts {@code signingKeyLabel}, {@code signingKeyId}, {@code signingKeyDestroyed}
     * and, when it was already gone (a resumed step), {@code signingKeyAlreadyAbsent}; when the
     * destruction failed, {@code signingKeyError} and {@code signingKeyAction}.
     *
     * @param rootLabel the root key's label and {@code rootId} its CKA_ID: refused as a target
     */
    static SigningFacts.SigningKeyDestruction destroy(StepContext ctx, HsmToken token, String label, byte[] id, String rootLabel,
                                       byte[] rootId) {
        String idHex = HexFormat.of().formatHex(id);
        if (label.equals(rootLabel) || Arrays.equals(id, rootId)) {
            // transcriptLabel/transcriptId always differ from the root's; this guards the guard
            throw new IllegalStateException("refusing to destroy the root key as a transcript-signing key");
        }
        try {
            List<TokenObject> found = token.findObjects(ObjectClass.PRIVATE_KEY, label, id);
            for (TokenObject o : found) {
                token.destroyObject(o.handle());
            }
            if (!token.findObjects(ObjectClass.PRIVATE_KEY, label, id).isEmpty()) {
                throw new KeyCeremonyException("the private key is still listed after C_DestroyObject succeeded");
            }
            return new SigningFacts.SigningKeyDestruction(label, idHex, true,
                    found.isEmpty() ? Optional.of(true) : Optional.empty(), Optional.empty(), Optional.empty());
        } catch (KeyCeremonyException e) {
            String action = "Delete it with the HSM vendor's tool now: private key object with label '" + label
                    + "' and CKA_ID " + idHex + " on " + token.info().describe() + ". Until it is deleted, whoever "
                    + "can log in to this HSM can sign another transcript of this ceremony. Record this as an "
                    + "exception.";
            ctx.notice("WARNING: the transcript is signed, verified and kept, but this ceremony's transcript-signing "
                    + "private key could not be destroyed (" + e.getMessage() + "). " + action);
            return new SigningFacts.SigningKeyDestruction(label, idHex, false, Optional.empty(),
                    Optional.of(String.valueOf(e.getMessage())), Optional.of(action));
        }
    }
}
