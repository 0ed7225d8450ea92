package org.keyceremony.script;

import java.util.Set;

/**
 * The self-signed root certificate: subject DN (RFC 4514 string), validity, optional
 * basicConstraints pathLen (null: none), the signature digest (SHA-256/384/512) and the
 * keyUsage bits (keyCertSign and cRLSign unless the script says {@code key-usage}).
 */
public record CertificateProfile(String subjectDn, CertificateValidity validity, Integer pathLength, String digest,
                                 Set<KeyUsageBit> keyUsage, String profile) {
    /** What a script without {@code key-usage} gets: a root signs certificates and CRLs. */
    public static final Set<KeyUsageBit> DEFAULT_KEY_USAGE = Set.of(KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN);
    /** The CA/Browser Forum's TLS root (BR 7.1.2.1): the default. */
    public static final String CABF_TLS_ROOT = "cabf-tls-root";
    /** A root outside the Web PKI (a payment, device or internal PKI): RFC 5280's rules, not the BRs'. */
    public static final String PRIVATE = "private";
    /** The rule sets a root's {@code profile} may name. */
    public static final java.util.List<String> PROFILES = java.util.List.of(CABF_TLS_ROOT, PRIVATE);

    public CertificateProfile {
        keyUsage = Set.copyOf(keyUsage);
        profile = profile == null ? CABF_TLS_ROOT : profile;
    }

    /** A CA/B Forum TLS root. */
    public CertificateProfile(String subjectDn, CertificateValidity validity, Integer pathLength, String digest,
                              Set<KeyUsageBit> keyUsage) {
        this(subjectDn, validity, pathLength, digest, keyUsage, CABF_TLS_ROOT);
    }

    /** A profile with {@code validity-days} and the default keyUsage. */
    public CertificateProfile(String subjectDn, int validityDays, Integer pathLength, String digest) {
        this(subjectDn, new CertificateValidity.DaysFromSigning(validityDays), pathLength, digest, DEFAULT_KEY_USAGE);
    }

    /** Whether the CA/Browser Forum's Baseline Requirements apply (not for a {@code private} root). */
    public boolean baselineRequirements() {
        return !PRIVATE.equals(profile);
    }
}
