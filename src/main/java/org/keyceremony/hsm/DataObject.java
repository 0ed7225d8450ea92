package org.keyceremony.hsm;

/**
 * A private CKO_DATA object (a custodian card's share lives in one).
 *
 * @param handle PKCS#11 handle
 * @param application CKA_APPLICATION
 * @param label CKA_LABEL
 */
public record DataObject(long handle, String application, String label) {
}
