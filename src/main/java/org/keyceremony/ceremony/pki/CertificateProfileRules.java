package org.keyceremony.ceremony.pki;

import org.keyceremony.script.CertificateProfile;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.base.InvalidInputException;

import javax.security.auth.x500.X500Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CA/B Forum Baseline Requirements' rules for a root certificate, checked before any
 * HSM session opens: validity at most 25 years, RSA at least 2048 bits (e = 65537 is ours),
 * EC only on P-256/384/521, SHA-2 digests, a non-empty subject. Our builder never adds an
 * EKU and always sets keyCertSign and cRLSign, so those rules hold by construction and
 * are re-checked on the certificate itself by {@link CertificateLint}.
 */
public final class CertificateProfileRules {
    /** 25 years including leap days: BR 6.3.2 allows a root no more than 25 years. */
    public static final int MAX_ROOT_VALIDITY_DAYS = 9131;
    private static final Set<String> CURVES = Set.of("P-256", "P-384", "P-521");
    private static final Set<String> DIGESTS = Set.of("SHA-256", "SHA-384", "SHA-512");

    private CertificateProfileRules() {
    }

    /** Throws with every violated rule listed. */
    public static void check(KeyPolicy key, CertificateProfile profile) throws InvalidInputException {
        List<String> problems = new ArrayList<>();
        if (profile.validityDays() < 1 || profile.validityDays() > MAX_ROOT_VALIDITY_DAYS) {
            problems.add("policy.certificate.validity-days must be between 1 and " + MAX_ROOT_VALIDITY_DAYS
                    + " (25 years, CA/B Forum BR 6.3.2), not " + profile.validityDays());
        }
        if (!DIGESTS.contains(profile.digest())) {
            problems.add("policy.certificate.digest must be one of " + DIGESTS + ", not " + profile.digest());
        }
        if (profile.pathLength() != null && profile.pathLength() < 0) {
            problems.add("policy.certificate.path-length must not be negative");
        }
        try {
            if (new X500Principal(profile.subjectDn()).getEncoded().length <= 2) {
                problems.add("policy.certificate.subject must not be empty");
            }
        } catch (IllegalArgumentException e) {
            problems.add("policy.certificate.subject is not a valid distinguished name: " + profile.subjectDn());
        }
        if (key.algorithm() == KeyAlgorithm.RSA && key.rsaBits() < 2048) {
            problems.add("policy.key.size must be at least 2048 for RSA, not " + key.rsaBits());
        }
        if (key.algorithm() == KeyAlgorithm.EC && !CURVES.contains(key.curve())) {
            problems.add("policy.key.curve must be one of P-256, P-384, P-521, not " + key.curve());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The certificate profile breaks the rules for a root certificate: "
                    + String.join("; ", problems));
        }
    }

    /** The JCA signature algorithm for a key algorithm and the profile's digest, e.g. SHA384withECDSA. */
    public static String signatureAlgorithm(KeyAlgorithm algorithm, String digest) {
        String d = digest.replace("-", "");
        return algorithm == KeyAlgorithm.RSA ? d + "withRSA" : d + "withECDSA";
    }
}
