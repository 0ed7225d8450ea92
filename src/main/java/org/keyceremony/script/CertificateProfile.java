package org.keyceremony.script;

/**
 * The self-signed root certificate: subject DN (RFC 4514 string), validity in days,
 * optional basicConstraints pathLen (null: none), and the signature digest (SHA-256/384/512).
 */
public record CertificateProfile(String subjectDn, int validityDays, Integer pathLength, String digest) {
}
