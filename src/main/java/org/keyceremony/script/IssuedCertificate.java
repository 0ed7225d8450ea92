package org.keyceremony.script;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A certificate a root issues in a signing ceremony, as the script describes it
 * ({@code prepare-certificate}): the rule set it follows ({@code profile}), the subject (absent:
 * a cross-certificate takes the existing certificate's), what the subject's key must be, its
 * validity and extensions. The serial comes from the HSM; the subject key from the input.
 *
 * @param extendedKeyUsage dotted OIDs, in the script's order
 * @param pathLength       basicConstraints pathLenConstraint, null: absent
 */
public record IssuedCertificate(String profile, Optional<String> subjectDn, KeyExpectation key,
                                CertificateValidity validity, Set<KeyUsageBit> keyUsage, List<String> extendedKeyUsage,
                                Integer pathLength, List<Policy> certificatePolicies,
                                Optional<NameConstraints> nameConstraints, List<String> crlDistributionPoints,
                                Optional<String> caIssuers, Optional<String> ocsp) {
    public IssuedCertificate {
        keyUsage = Set.copyOf(keyUsage);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
        certificatePolicies = List.copyOf(certificatePolicies);
        crlDistributionPoints = List.copyOf(crlDistributionPoints);
    }

    /** What the subject's public key must be: RSA of {@code rsaBits}, or EC on {@code curve}. */
    public record KeyExpectation(KeyAlgorithm algorithm, int rsaBits, String curve) {
        public String describe() {
            return algorithm == KeyAlgorithm.RSA ? "RSA " + rsaBits : "EC " + curve;
        }
    }

    /** A certificate policy: its OID and, optionally, the CPS URI qualifier. */
    public record Policy(String oid, Optional<String> cps) {
    }

    /** Permitted and excluded subtrees: {@code dns:NAME}, {@code ip:ADDRESS/PREFIX}, {@code email:DOMAIN}, {@code dn:DN}. */
    public record NameConstraints(List<String> permitted, List<String> excluded) {
        public NameConstraints {
            permitted = List.copyOf(permitted);
            excluded = List.copyOf(excluded);
        }
    }
}
