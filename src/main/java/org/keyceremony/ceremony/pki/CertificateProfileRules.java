package org.keyceremony.ceremony.pki;

import org.keyceremony.script.CertificateProfile;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.script.RootCertificateRules;
import org.keyceremony.base.InvalidInputException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The root profile's rules checked again in the ceremony, before the root key is made: the
 * CA/B Forum rules of {@link RootCertificateRules} (the ones the script validation reports), the
 * key itself (RSA at least 2048 bits, EC only on P-256/384/521), and what only the ceremony knows:
 * that a fixed not-before lies within the day before now (BR 7.1.2.1.1). The built certificate is
 * checked once more by {@link CertificateLint}.
 */
public final class CertificateProfileRules {
    private static final Set<String> CURVES = Set.of("P-256", "P-384", "P-521");

    private CertificateProfileRules() {
    }

    /** Throws with every violated rule listed, for a certificate signed about {@code signing}. */
    public static void check(KeyPolicy key, CertificateProfile profile, Instant signing) throws InvalidInputException {
        List<String> problems = new ArrayList<>();
        RootCertificateRules.check(profile, Optional.of(key)).forEach(f -> problems.add(f.describe()));
        RootCertificateRules.checkSigningTime(profile, signing).ifPresent(f -> problems.add(f.describe()));
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
