package org.keyceremony.hsm;

/**
 * An AES key-wrapping key (KWK) imported as a session object: it disappears when the
 * session closes, and {@link HsmToken#destroyObject(long)} removes it at once.
 *
 * @param handle PKCS#11 handle
 */
public record WrappingKey(long handle) {
}
