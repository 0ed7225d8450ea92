package org.keyceremony.hsm;

import java.security.PublicKey;

/**
 * A key pair just generated as token objects and proven to work.
 *
 * @param privateKey the private key (for signing through {@link HsmSigningProvider})
 * @param publicKeyHandle the handle of the public-key object on the token
 * @param label CKA_LABEL of both objects
 * @param idHex CKA_ID of both objects, lower-case hex
 * @param publicKey the public key, read from the token
 * @param spkiSha256 SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex
 * @param extractable whether the private key may leave the token wrapped (CKA_EXTRACTABLE)
 */
public record GeneratedKeyPair(HsmPrivateKey privateKey, long publicKeyHandle, String label, String idHex,
        PublicKey publicKey, String spkiSha256, boolean extractable) {

    public long privateKeyHandle() {
        return privateKey.handle();
    }
}
