package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.keyceremony.ceremony.pki.CrlLint.Severity;
import org.keyceremony.ceremony.pki.SubjectKeyInput.ExistingCertificate;
import org.keyceremony.script.KeyUsageBit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The extension rules of {@link CertificateProfileLint}: for each profile, which extensions must,
 * should and must not be there, their criticality, and their contents (BR 7.1.2.6.1, 7.1.2.2.3,
 * 7.1.2.8.2 and the common sections 7.1.2.10 and 7.1.2.11; RFC 5280 4.2 for a private CA). This class
 * holds what the certificate may do (keyUsage, extendedKeyUsage, basicConstraints, nameConstraints,
 * id-pkix-ocsp-nocheck) and which extensions it may have; {@link CertificateReferenceLint} the
 * extensions that name keys, places and policies.
 */
final class CertificateExtensionLint {
    private enum Rule {
        KEY_USAGE("cert-key-usage", "RFC 5280 4.2.1.3; BR 7.1.2.10.7, 7.1.2.8.7"),
        EXTENDED_KEY_USAGE("cert-extended-key-usage", "BR 7.1.2.10.6, 7.1.2.2.4, 7.1.2.2.5, 7.1.2.8.5"),
        SERVER_AUTH_ONLY("cert-eku-server-auth-only", "Chrome Root Program Policy 3.2.1"),
        BASIC_CONSTRAINTS("cert-basic-constraints", "RFC 5280 4.2.1.9; BR 7.1.2.10.4, 7.1.2.8.4"),
        NAME_CONSTRAINTS("cert-name-constraints", "RFC 5280 4.2.1.10; BR 7.1.2.10.8, 7.1.2.8.2"),
        OCSP_NOCHECK("cert-ocsp-nocheck", "BR 7.1.2.8.6; RFC 6960 4.2.2.2.1"),
        NO_UNKNOWN_EXTENSIONS("cert-no-unknown-extensions", "BR 7.1.2.11.5; RFC 5280 4.2");

        final String id;
        final String section;

        Rule(String id, String section) {
            this.id = id;
            this.section = section;
        }
    }

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    private static final String ANY_EKU = "2.5.29.37.0";
    /** BR 7.1.2.10.6: never in a TLS CA's EKU. */
    private static final Set<String> FORBIDDEN_EKU = Set.of("1.3.6.1.5.5.7.3.3", "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.8", OCSP_SIGNING,
            ANY_EKU, "1.3.6.1.4.1.11129.2.4.4");
    private static final Set<KeyUsageBit> CA_USAGE = Set.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN);
    private static final Set<ASN1ObjectIdentifier> KNOWN = Set.of(Extension.keyUsage, Extension.extendedKeyUsage, Extension.basicConstraints,
            Extension.subjectKeyIdentifier, Extension.authorityKeyIdentifier, Extension.authorityInfoAccess, Extension.nameConstraints,
            Extension.certificatePolicies, Extension.cRLDistributionPoints, SubordinateExtensions.OCSP_NOCHECK);

    private CertificateExtensionLint() {
    }

    static void check(LintRun run, TBSCertificate tbs, CertificateRequest request) {
        Extensions all = tbs.getExtensions();
        IssuanceProfile profile = request.profile();
        String name = profile.name();
        boolean ocsp = name.equals(IssuanceProfile.OCSP_RESPONDER);
        boolean cabf = profile.isCabForum();
        check(run, Rule.KEY_USAGE, () -> keyUsage(get(all, Extension.keyUsage), profile));
        if (cabf) {
            check(run, Rule.EXTENDED_KEY_USAGE, () -> eku(get(all, Extension.extendedKeyUsage), name, request.subjectKey()));
            check(run, Rule.SERVER_AUTH_ONLY, Severity.WARNING, () -> ekus(get(all, Extension.extendedKeyUsage)).contains(CLIENT_AUTH)
                    ? "id-kp-clientAuth beside serverAuth: the BRs allow it, but the Chrome Root "
                    + "Program wants TLS hierarchies dedicated to server authentication" : null);
        }
        check(run, Rule.BASIC_CONSTRAINTS, () -> basicConstraints(get(all, Extension.basicConstraints), profile, request.subjectKey()));
        CertificateReferenceLint.check(run, all, request);
        Extension nc = get(all, Extension.nameConstraints);
        check(run, Rule.NAME_CONSTRAINTS, () -> nc == null ? null : ocsp ? "an OCSP responder's certificate must not carry nameConstraints"
                : !profile.isCa() ? null : subtreeForm(nc));
        check(run, Rule.NAME_CONSTRAINTS, Severity.WARNING, () -> nc == null || ocsp ? null : !nc.isCritical()
                ? "nameConstraints should be critical" : cabf && subtreeTypes(nc).contains(GeneralName.rfc822Name)
                ? "rfc822Name constraints are not recommended in a TLS hierarchy" : null);
        Extension nocheck = get(all, SubordinateExtensions.OCSP_NOCHECK);
        check(run, Rule.OCSP_NOCHECK, () -> ocsp ? (nocheck == null ? "id-pkix-ocsp-nocheck is absent" : nocheck.isCritical()
                ? "id-pkix-ocsp-nocheck is critical" : !HexFormat.of().formatHex(nocheck.getExtnValue().getOctets()).equals("0500")
                ? "id-pkix-ocsp-nocheck's value is not NULL (0500)" : null)
                : nocheck != null ? "id-pkix-ocsp-nocheck belongs in an OCSP responder's certificate only" : null);
        for (ASN1ObjectIdentifier oid : all == null ? new ASN1ObjectIdentifier[0] : all.getExtensionOIDs()) {
            boolean critical = get(all, oid).isCritical();
            if (ocsp && oid.equals(Extension.subjectAlternativeName)) {
                run.add(Rule.NO_UNKNOWN_EXTENSIONS.id, Rule.NO_UNKNOWN_EXTENSIONS.section, Severity.ERROR,
                        "an OCSP responder's certificate must not carry subjectAltName (BR 7.1.2.8.2)");
            } else if (!KNOWN.contains(oid)) {
                run.add(Rule.NO_UNKNOWN_EXTENSIONS.id, Rule.NO_UNKNOWN_EXTENSIONS.section, critical ? Severity.ERROR : Severity.WARNING,
                        (critical ? "critical" : "non-critical") + " extension " + oid + " is not one this profile has");
            }
        }
    }

    private static Extension get(Extensions all, ASN1ObjectIdentifier oid) {
        return LintRun.extension(all, oid);
    }

    private static void check(LintRun run, Rule rule, Supplier<String> check) {
        run.check(rule.id, rule.section, check);
    }

    private static void check(LintRun run, Rule rule, Severity severity, Supplier<String> check) {
        run.check(rule.id, rule.section, severity, check);
    }

    private static String keyUsage(Extension ext, IssuanceProfile profile) {
        if (ext == null) {
            return "keyUsage is absent";
        }
        if (!ext.isCritical()) {
            return "keyUsage is not critical";
        }
        KeyUsage usage = KeyUsage.getInstance(ext.getParsedValue());
        if (!profile.isCa()) {
            return usage.equals(new KeyUsage(KeyUsage.digitalSignature)) && profile.keyUsage().equals(Set.of(KeyUsageBit.DIGITAL_SIGNATURE)) ? null
                    : "an OCSP responder's keyUsage is digitalSignature and nothing else";
        }
        if (!usage.hasUsages(KeyUsage.keyCertSign) || profile.isCabForum() && !usage.hasUsages(KeyUsage.cRLSign)) {
            return "a CA's keyUsage asserts keyCertSign" + (profile.isCabForum() ? " and cRLSign" : "");
        }
        if (profile.isCabForum() && Stream.of(KeyUsageBit.values()).anyMatch(b -> usage.hasUsages(RootKeyUsage.mask(b)) && !CA_USAGE.contains(b))) {
            return "a CA's keyUsage may assert only digitalSignature, keyCertSign and cRLSign";
        }
        return usage.equals(RootKeyUsage.of(profile.keyUsage())) ? null : "keyUsage differs from the profile's";
    }

    private static List<String> ekus(Extension ext) {
        return ext == null ? List.of() : Stream.of(ExtendedKeyUsage.getInstance(ext.getParsedValue()).getUsages())
                .map(k -> k.toOID().getId()).toList();
    }

    private static String eku(Extension ext, String profile, SubjectKeyInput key) {
        List<String> usages = ekus(ext);
        List<String> named = usages.stream().map(u -> CertificateSummary.named(new ASN1ObjectIdentifier(u))).toList();
        if (ext != null && ext.isCritical()) {
            return "extendedKeyUsage is critical";
        }
        if (profile.equals(IssuanceProfile.OCSP_RESPONDER)) {
            return usages.equals(List.of(OCSP_SIGNING)) ? null : "an OCSP responder's extendedKeyUsage is id-kp-OCSPSigning and nothing else";
        }
        if (profile.equals(IssuanceProfile.CROSS)) {
            List<String> existing = key instanceof ExistingCertificate e ? ekus(e.structure().getTBSCertificate().getExtensions() == null ? null
                    : e.structure().getTBSCertificate().getExtensions().getExtension(Extension.extendedKeyUsage)) : usages;
            if (usages.contains(ANY_EKU)) {
                return usages.size() == 1 ? null : "anyExtendedKeyUsage must be the only key purpose (BR 7.1.2.2.4)";
            }
            if (ext == null) {
                return "extendedKeyUsage is absent: only an affiliated CA's cross-certificate may leave it out, and then it should say "
                        + "anyExtendedKeyUsage (BR 7.1.2.2.3)";
            }
            if (!usages.equals(existing)) {
                return "extendedKeyUsage " + named + " differs from the existing certificate's";
            }
        } else if (ext == null) {
            return "extendedKeyUsage is absent";
        }
        if (!usages.contains(SERVER_AUTH)) {
            return "extendedKeyUsage " + named + " lacks id-kp-serverAuth";
        }
        List<String> forbidden = usages.stream().filter(FORBIDDEN_EKU::contains).map(u -> CertificateSummary.named(new ASN1ObjectIdentifier(u))).toList();
        return forbidden.isEmpty() ? null : "extendedKeyUsage carries " + String.join(", ", forbidden) + ", which a TLS CA must not";
    }

    private static String basicConstraints(Extension ext, IssuanceProfile profile, SubjectKeyInput key) {
        if (!profile.isCa()) {
            return ext == null ? null : !ext.isCritical() ? "basicConstraints is not critical"
                    : !HexFormat.of().formatHex(ext.getExtnValue().getOctets()).equals("3000") ? "an OCSP responder's basicConstraints is "
                    + "CA:FALSE, encoded as the empty SEQUENCE (3000)" : null;
        }
        if (ext == null || !ext.isCritical() || !BasicConstraints.getInstance(ext.getParsedValue()).isCA()) {
            return "basicConstraints must be present, critical and CA:TRUE";
        }
        java.math.BigInteger pl = BasicConstraints.getInstance(ext.getParsedValue()).getPathLenConstraint();
        Integer expected = profile.pathLength();
        if (expected == null ? pl != null : pl == null || pl.intValue() != expected) {
            return "basicConstraints pathLen " + (pl == null ? "(none)" : pl) + " differs from the profile's " + (expected == null ? "(none)" : expected);
        }
        if (profile.name().equals(IssuanceProfile.CROSS) && key instanceof ExistingCertificate e) {
            int theirs = e.cert().getBasicConstraints();
            int ours = pl == null ? Integer.MAX_VALUE : pl.intValue();
            return theirs >= 0 && ours != theirs ? "basicConstraints pathLen " + (pl == null ? "(none)" : pl) + " differs from the existing "
                    + "certificate's " + (theirs == Integer.MAX_VALUE ? "(none)" : theirs) : null;
        }
        return null;
    }

    private static Set<Integer> subtreeTypes(Extension nc) {
        NameConstraints c = NameConstraints.getInstance(nc.getParsedValue());
        Function<GeneralSubtree[], Stream<GeneralSubtree>> all = t -> t == null ? Stream.empty() : Stream.of(t);
        return Stream.concat(all.apply(c.getPermittedSubtrees()), all.apply(c.getExcludedSubtrees()))
                .map(t -> t.getBase().getTagNo()).collect(Collectors.toSet());
    }

    /** BR 7.1.2.10.8: no minimum or maximum; dNSName, iPAddress, directoryName or rfc822Name bases. */
    private static String subtreeForm(Extension nc) {
        NameConstraints c = NameConstraints.getInstance(nc.getParsedValue());
        List<GeneralSubtree> trees = new ArrayList<>();
        Stream.of(c.getPermittedSubtrees(), c.getExcludedSubtrees()).filter(t -> t != null).forEach(t -> trees.addAll(List.of(t)));
        if (trees.isEmpty()) {
            return "nameConstraints has neither permitted nor excluded subtrees";
        }
        if (trees.stream().anyMatch(t -> t.getMinimum() != null && t.getMinimum().signum() != 0 || t.getMaximum() != null)) {
            return "a GeneralSubtree has a minimum or maximum";
        }
        Set<Integer> allowed = Set.of(GeneralName.dNSName, GeneralName.iPAddress, GeneralName.directoryName, GeneralName.rfc822Name);
        return trees.stream().allMatch(t -> allowed.contains(t.getBase().getTagNo())) ? null
                : "a GeneralSubtree's base is not a dNSName, iPAddress, directoryName or rfc822Name";
    }
}
