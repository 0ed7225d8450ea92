package org.keyceremony.script;

/**
 * The root key: algorithm and size (RSA bits) or curve (EC: P-256, P-384, P-521), the
 * CKA_LABEL and the CKA_ID (hex) it gets in the HSM.
 *
 * @param rsaBits RSA modulus size, 0 for EC
 * @param curve   EC curve name, null for RSA
 */
public record KeyPolicy(KeyAlgorithm algorithm, int rsaBits, String curve, String label, String idHex) {
}
