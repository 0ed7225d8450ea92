package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.keyceremony.script.KeyUsageBit;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a script says about a certificate the root issues, besides its subject, key, serial and
 * validity (those are in {@link CertificateRequest}). {@code name} picks the rules it is linted by:
 * <ul>
 * <li>{@value #TLS_SUBORDINATE}: a TLS subordinate CA (CA/B Forum BR 7.1.2.6);</li>
 * <li>{@value #CROSS}: a cross-certificate of an existing CA certificate, same subject and key (BR 7.1.2.2);</li>
 * <li>{@value #OCSP_RESPONDER}: the root's delegated OCSP responder, not a CA (BR 7.1.2.8);</li>
 * <li>{@value #PRIVATE}: a subordinate CA of a private PKI, held to RFC 5280 only.</li>
 * </ul>
 * {@code extendedKeyUsage} are dotted OIDs in the order they are encoded; {@code pathLength} null
 * leaves pathLenConstraint out. Which extensions come from which field, and in what order, is
 * {@link SubordinateIssuer}'s to say. The records check their own spelling ({@link #problems()});
 * whether the contents are allowed is {@link CertificateProfileLint}'s.
 */
public record IssuanceProfile(String name, Set<KeyUsageBit> keyUsage, List<String> extendedKeyUsage, Integer pathLength,
                              List<PolicyInformation> certificatePolicies, Optional<NameConstraintsSpec> nameConstraints,
                              List<String> crlDistributionPoints, Optional<String> caIssuers, Optional<String> ocsp) {
    public static final String TLS_SUBORDINATE = "cabf-tls-subordinate";
    public static final String CROSS = "cabf-cross";
    public static final String OCSP_RESPONDER = "cabf-ocsp-responder";
    public static final String PRIVATE = "private";
    /** Every profile name, in the order a script's documentation lists them. */
    public static final List<String> NAMES = List.of(TLS_SUBORDINATE, CROSS, OCSP_RESPONDER, PRIVATE);

    public IssuanceProfile {
        Objects.requireNonNull(name, "name");
        keyUsage = Set.copyOf(keyUsage);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
        certificatePolicies = List.copyOf(certificatePolicies);
        Objects.requireNonNull(nameConstraints, "nameConstraints");
        crlDistributionPoints = List.copyOf(crlDistributionPoints);
        Objects.requireNonNull(caIssuers, "caIssuers");
        Objects.requireNonNull(ocsp, "ocsp");
    }

    /** Whether the certificate is a CA certificate (basicConstraints CA:TRUE): all but the OCSP responder. */
    public boolean isCa() {
        return !name.equals(OCSP_RESPONDER);
    }

    /** Whether the CA/B Forum Baseline Requirements apply (every profile but {@value #PRIVATE}). */
    public boolean isCabForum() {
        return !name.equals(PRIVATE);
    }

    /**
     * Every field that cannot be encoded as written, as {@code field: why} (e.g.
     * {@code extended-key-usage[1]: "serverAuth" is not a dotted OID}); empty when all can. The script
     * reader reports these with its own path in front; {@link SubordinateIssuer#prepare} refuses them.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!NAMES.contains(name)) {
            out.add("profile: \"" + name + "\" is not one of " + String.join(", ", NAMES));
        }
        for (int i = 0; i < extendedKeyUsage.size(); i++) {
            if (!isOid(extendedKeyUsage.get(i))) {
                out.add("extended-key-usage[" + i + "]: \"" + extendedKeyUsage.get(i) + "\" is not a dotted OID, e.g. 1.3.6.1.5.5.7.3.1");
            }
        }
        if (pathLength != null && pathLength < 0) {
            out.add("path-length: must be 0 or more (leave it out for no limit), not " + pathLength);
        }
        for (int i = 0; i < certificatePolicies.size(); i++) {
            PolicyInformation p = certificatePolicies.get(i);
            if (!isOid(p.oid())) {
                out.add("certificate-policies[" + i + "].oid: \"" + p.oid() + "\" is not a dotted OID, e.g. 2.23.140.1.2.1");
            }
            String at = "certificate-policies[" + i + "].cps-uri: \"";
            p.cpsUri().filter(u -> !isUri(u)).ifPresent(u -> out.add(at + u + "\" is not an absolute URI"));
        }
        nameConstraints.ifPresent(nc -> out.addAll(nc.problems()));
        for (int i = 0; i < crlDistributionPoints.size(); i++) {
            if (!isUri(crlDistributionPoints.get(i))) {
                out.add("crl-distribution-points[" + i + "]: \"" + crlDistributionPoints.get(i) + "\" is not an absolute URI");
            }
        }
        caIssuers.filter(u -> !isUri(u)).ifPresent(u -> out.add("ca-issuers: \"" + u + "\" is not an absolute URI"));
        ocsp.filter(u -> !isUri(u)).ifPresent(u -> out.add("ocsp: \"" + u + "\" is not an absolute URI"));
        return List.copyOf(out);
    }

    /** Dotted decimal as X.660 has it: at least two arcs, no leading zeros, the first 0, 1 or 2. */
    static boolean isOid(String s) {
        return s.matches("[012](\\.(0|[1-9][0-9]*))+") && ASN1ObjectIdentifier.tryFromID(s) != null;
    }

    /** An absolute URI of printable ASCII (an IA5String holds it as written). */
    static boolean isUri(String s) {
        if (!s.matches("[\\x21-\\x7e]+")) {
            return false;
        }
        try {
            return new URI(s).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** One certificatePolicies entry: the policy OID and, if any, an id-qt-cps qualifier with its URI. */
    public record PolicyInformation(String oid, Optional<String> cpsUri) {
        public PolicyInformation {
            Objects.requireNonNull(oid, "oid");
            Objects.requireNonNull(cpsUri, "cpsUri");
        }
    }

    /**
     * The nameConstraints extension: permitted and excluded subtrees, each entry one name in the
     * spelling of {@link NameConstraintSpelling}: {@code dns:example.com}, {@code ip:10.0.0.0/8},
     * {@code ip:2001:db8::/32}, {@code email:example.com} (also {@code email:.example.com} and
     * {@code email:user@example.com}), {@code dn:O=Example, C=US} (RFC 4514, most specific first). Anything else is refused.
     */
    public record NameConstraintsSpec(List<String> permitted, List<String> excluded) {
        public NameConstraintsSpec {
            permitted = List.copyOf(permitted);
            excluded = List.copyOf(excluded);
        }

        /** Every entry that is not in the spelling, as {@code name-constraints.permitted[0]: why}. */
        public List<String> problems() {
            List<String> out = new ArrayList<>();
            if (permitted.isEmpty() && excluded.isEmpty()) {
                out.add("name-constraints: has neither permitted nor excluded names (RFC 5280 4.2.1.10)");
            }
            check("permitted", permitted, out);
            check("excluded", excluded, out);
            return List.copyOf(out);
        }

        private static void check(String field, List<String> entries, List<String> out) {
            for (int i = 0; i < entries.size(); i++) {
                String at = "name-constraints." + field + "[" + i + "]: ";
                NameConstraintSpelling.problem(entries.get(i)).ifPresent(why -> out.add(at + why));
            }
        }
    }
}
