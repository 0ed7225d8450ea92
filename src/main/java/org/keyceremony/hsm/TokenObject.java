package org.keyceremony.hsm;

/**
 * An object found on a token.
 *
 * @param handle PKCS#11 handle (valid in this session's process only)
 * @param objectClass its class
 * @param label CKA_LABEL ("" when it has none)
 * @param idHex CKA_ID in lower-case hex ("" when it has none; data objects have none)
 */
public record TokenObject(long handle, ObjectClass objectClass, String label, String idHex) {
}
