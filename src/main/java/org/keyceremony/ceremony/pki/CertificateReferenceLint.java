package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierId;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.keyceremony.ceremony.pki.CrlLint.Severity;
import org.keyceremony.ceremony.pki.SubjectKeyInput.ExistingCertificate;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The rules of the extensions by which a certificate names keys, places and policies: its own and
 * its issuer's key identifiers (BR 7.1.2.11.4, 7.1.2.11.1), where its issuer's certificate and status
 * are (authorityInformationAccess, BR 7.1.2.10.3, 7.1.2.8.3), what it promises (certificatePolicies,
 * BR 7.1.2.10.5, 7.1.2.2.6, 7.1.2.8.8) and where its CRL is (cRLDistributionPoints, BR 7.1.2.11.2).
 * Part of {@link CertificateExtensionLint}'s run; the CA/B Forum rules apply to the cabf profiles only.
 */
final class CertificateReferenceLint {
    private enum Rule {
        SKI("cert-subject-key-identifier", "RFC 5280 4.2.1.2; BR 7.1.2.11.4"),
        AKI("cert-authority-key-identifier", "RFC 5280 4.2.1.1; BR 7.1.2.11.1"),
        AIA("cert-authority-information-access", "BR 7.1.2.10.3, 7.1.2.8.3"),
        AIA_OCSP("cert-aia-ocsp", "BR 4.9.9, 7.1.2.10.3"),
        POLICIES("cert-certificate-policies", "BR 7.1.2.10.5, 7.1.2.2.6, 7.1.2.8.8, 7.1.6.1"),
        CRL_DP("cert-crl-distribution-points", "BR 7.1.2.11.2");

        final String id;
        final String section;

        Rule(String id, String section) {
            this.id = id;
            this.section = section;
        }
    }

    private static final String ANY_POLICY = "2.5.29.32.0";
    /** BR 7.1.6.1: the CA/B Forum's reserved policy identifiers. */
    private static final Set<String> RESERVED_POLICIES = Set.of("2.23.140.1.2.1", "2.23.140.1.2.2", "2.23.140.1.2.3", "2.23.140.1.1");

    private CertificateReferenceLint() {
    }

    static void check(LintRun run, Extensions all, CertificateRequest request) {
        String name = request.profile().name();
        boolean ocsp = name.equals(IssuanceProfile.OCSP_RESPONDER);
        boolean cabf = request.profile().isCabForum();
        check(run, Rule.SKI, ocsp ? Severity.WARNING : Severity.ERROR, () -> ski(LintRun.extension(all, Extension.subjectKeyIdentifier), request));
        check(run, Rule.AKI, () -> aki(LintRun.extension(all, Extension.authorityKeyIdentifier), request));
        Extension aia = LintRun.extension(all, Extension.authorityInfoAccess);
        if (cabf) {
            check(run, Rule.AIA, () -> aia(aia, ocsp));
            check(run, Rule.AIA, Severity.WARNING, () -> aia == null ? (ocsp ? null : "authorityInformationAccess is absent; a CA certificate "
                    + "should point to its issuer's certificate (caIssuers)") : ocsp ? "authorityInformationAccess is not recommended in an "
                    + "OCSP responder's certificate" : !methods(aia).contains(AccessDescription.id_ad_caIssuers)
                    ? "authorityInformationAccess has no caIssuers URI" : null);
            check(run, Rule.AIA_OCSP, Severity.WARNING, () -> aia != null && !ocsp && methods(aia).contains(AccessDescription.id_ad_ocsp)
                    ? "authorityInformationAccess carries an OCSP URI: OCSP is optional since BR 2.0.1 (SC063) and the WebPKI has moved to "
                    + "CRLs; leave it out unless the issuer will run an OCSP responder for years" : null);
            check(run, Rule.POLICIES, () -> policies(LintRun.extension(all, Extension.certificatePolicies), name));
            check(run, Rule.POLICIES, Severity.WARNING, () -> policyAdvice(LintRun.extension(all, Extension.certificatePolicies), name));
            check(run, Rule.CRL_DP, () -> crlDp(LintRun.extension(all, Extension.cRLDistributionPoints), ocsp));
            check(run, Rule.CRL_DP, Severity.WARNING, () -> LintRun.extension(all, Extension.cRLDistributionPoints) != null && !ocsp
                    && CRLDistPoint.getInstance(LintRun.extension(all, Extension.cRLDistributionPoints).getParsedValue()).getDistributionPoints().length > 1
                    ? "more than one DistributionPoint is not recommended; put the URIs in one fullName" : null);
        }
    }

    private static void check(LintRun run, Rule rule, Supplier<String> check) {
        run.check(rule.id, rule.section, check);
    }

    private static void check(LintRun run, Rule rule, Severity severity, Supplier<String> check) {
        run.check(rule.id, rule.section, severity, check);
    }

    private static String ski(Extension ext, CertificateRequest request) {
        if (ext == null) {
            return "subjectKeyIdentifier is absent";
        }
        if (ext.isCritical()) {
            return "subjectKeyIdentifier is critical";
        }
        if (request.profile().name().equals(IssuanceProfile.CROSS) && request.subjectKey() instanceof ExistingCertificate e) {
            byte[] theirs = e.cert().getExtensionValue(Extension.subjectKeyIdentifier.getId());
            byte[] ours = SubjectKeyIdentifier.getInstance(ext.getParsedValue()).getKeyIdentifier();
            if (theirs != null && !Arrays.equals(ours, SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(theirs).getOctets())
                    .getKeyIdentifier())) {
                return "subjectKeyIdentifier differs from the existing certificate's, which the certificates its CA issued name (their AKI)";
            }
        }
        return null;
    }

    private static String aki(Extension ext, CertificateRequest request) {
        return CrlLint.akiProblem(ext, request.issuer());
    }

    private static List<ASN1ObjectIdentifier> methods(Extension aia) {
        return Stream.of(AuthorityInformationAccess.getInstance(aia.getParsedValue()).getAccessDescriptions())
                .map(AccessDescription::getAccessMethod).toList();
    }

    private static String aia(Extension ext, boolean ocsp) {
        if (ext == null) {
            return null;
        }
        if (ext.isCritical()) {
            return "authorityInformationAccess is critical";
        }
        List<String> bad = new ArrayList<>();
        for (AccessDescription a : AuthorityInformationAccess.getInstance(ext.getParsedValue()).getAccessDescriptions()) {
            boolean allowed = a.getAccessMethod().equals(AccessDescription.id_ad_ocsp) || !ocsp && a.getAccessMethod().equals(AccessDescription.id_ad_caIssuers);
            if (!allowed) {
                bad.add("access method " + a.getAccessMethod() + " is not allowed here");
            } else if (!isHttpUri(a.getAccessLocation(), false)) {
                bad.add("access location " + location(a.getAccessLocation()) + " is not an HTTP URL");
            }
        }
        return bad.isEmpty() ? null : String.join("; ", bad);
    }

    private static String policies(Extension ext, String profile) {
        if (ext == null) {
            return profile.equals(IssuanceProfile.OCSP_RESPONDER) ? null : "certificatePolicies is absent";
        }
        if (ext.isCritical()) {
            return "certificatePolicies is critical";
        }
        PolicyInformation[] all = CertificatePolicies.getInstance(ext.getParsedValue()).getPolicyInformation();
        List<String> oids = Stream.of(all).map(p -> p.getPolicyIdentifier().getId()).toList();
        List<String> bad = new ArrayList<>();
        for (PolicyInformation p : all) {
            ASN1Sequence qualifiers = p.getPolicyQualifiers();
            for (int i = 0; qualifiers != null && i < qualifiers.size(); i++) {
                PolicyQualifierInfo q = PolicyQualifierInfo.getInstance(qualifiers.getObjectAt(i));
                if (!q.getPolicyQualifierId().equals(PolicyQualifierId.id_qt_cps) || !(q.getQualifier() instanceof org.bouncycastle.asn1.ASN1IA5String s)
                        || !s.getString().matches("https?://.+")) {
                    bad.add("policy " + p.getPolicyIdentifier() + " has a qualifier other than an id-qt-cps HTTP(S) URL");
                }
            }
        }
        long reserved = oids.stream().filter(RESERVED_POLICIES::contains).count();
        if (oids.contains(ANY_POLICY) && oids.size() > 1) {
            bad.add("anyPolicy must be the only policy");
        } else if (!profile.equals(IssuanceProfile.OCSP_RESPONDER) && !oids.contains(ANY_POLICY) && reserved == 0) {
            bad.add("no CA/B Forum reserved policy identifier (BR 7.1.6.1), e.g. 2.23.140.1.2.1");
        } else if (profile.equals(IssuanceProfile.TLS_SUBORDINATE) && reserved > 1) {
            bad.add("more than one CA/B Forum reserved policy identifier; a TLS subordinate CA has exactly one");
        }
        return bad.isEmpty() ? null : String.join("; ", bad);
    }

    private static String policyAdvice(Extension ext, String profile) {
        if (ext == null) {
            return null;
        }
        if (profile.equals(IssuanceProfile.OCSP_RESPONDER)) {
            return "certificatePolicies should not be in an OCSP responder's certificate";
        }
        PolicyInformation[] all = CertificatePolicies.getInstance(ext.getParsedValue()).getPolicyInformation();
        List<String> advice = new ArrayList<>();
        if (Stream.of(all).anyMatch(p -> p.getPolicyQualifiers() != null)) {
            advice.add("policy qualifiers are not recommended");
        }
        String first = all.length == 0 ? "" : all[0].getPolicyIdentifier().getId();
        if (!RESERVED_POLICIES.contains(first) && !first.equals(ANY_POLICY)) {
            advice.add("the first policy should be the CA/B Forum reserved one");
        }
        if (first.equals(ANY_POLICY)) {
            advice.add("anyPolicy is for an affiliated CA only");
        }
        if (profile.equals(IssuanceProfile.CROSS) && Stream.of(all).filter(p -> RESERVED_POLICIES.contains(p.getPolicyIdentifier().getId())).count() > 1) {
            advice.add("more than one reserved policy: a CA that issues subscriber certificates directly must have exactly one");
        }
        return advice.isEmpty() ? null : String.join("; ", advice);
    }

    private static String crlDp(Extension ext, boolean ocsp) {
        if (ocsp || ext == null) {
            return ocsp == (ext == null) ? null : ocsp ? "an OCSP responder's certificate must not carry cRLDistributionPoints"
                    : "cRLDistributionPoints is absent; a subordinate CA's certificate must have it";
        }
        if (ext.isCritical()) {
            return "cRLDistributionPoints is critical";
        }
        List<String> bad = new ArrayList<>();
        for (DistributionPoint p : CRLDistPoint.getInstance(ext.getParsedValue()).getDistributionPoints()) {
            if (p.getReasons() != null || p.getCRLIssuer() != null) {
                bad.add("a DistributionPoint has reasons or cRLIssuer");
            }
            if (p.getDistributionPoint() == null || p.getDistributionPoint().getType() != DistributionPointName.FULL_NAME) {
                bad.add("a DistributionPoint has no fullName");
            } else if (!Stream.of(org.bouncycastle.asn1.x509.GeneralNames.getInstance(p.getDistributionPoint().getName()).getNames())
                    .allMatch(n -> isHttpUri(n, true))) {
                bad.add("a CRL's location is not an http:// URL");
            }
        }
        return bad.isEmpty() ? null : String.join("; ", bad);
    }

    private static String location(GeneralName name) {
        return name.getTagNo() == GeneralName.uniformResourceIdentifier ? name.getName().toString() : "of GeneralName type " + name.getTagNo();
    }

    private static boolean isHttpUri(GeneralName name, boolean plainHttpOnly) {
        return name.getTagNo() == GeneralName.uniformResourceIdentifier
                && name.getName().toString().matches(plainHttpOnly ? "http://[^/?#]+(/.*)?" : "https?://[^/?#]+(/.*)?");
    }
}
