package org.keyceremony.script;

import java.util.Set;

/**
 * The self-signed root certificate: subject DN (RFC 4514 string), validity, optional
 * basicConstraints pathLen (null: none), the signature digest (SHA-256/384/512) and the
 * keyUsage bits (keyCertSign and cRLSign unless the script says {@code key-usage}).
 */
public record CertificateProfile(String subjectDn, CertificateValidity validity, Integer pathLength, String digest,
                                 Set<KeyUsageBit> keyUsage) {
    /** What a script without {@code key-usage} gets: a root signs certificates and CRLs. */
    public static final Set<KeyUsageBit> DEFAULT_KEY_USAGE = Set.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN);

    public CertificateProfile {
        keyUsage = Set.copyOf(keyUsage);
    }

    /** A profile with {@code validity-days} and the default keyUsage. */
    public CertificateProfile(String subjectDn, int validityDays, Integer pathLength, String digest) {
        this(subjectDn, new CertificateValidity.DaysFromSigning(validityDays), pathLength, digest, DEFAULT_KEY_USAGE);
    }
}
