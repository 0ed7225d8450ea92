package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.UserNotice;
import org.bouncycastle.asn1.x509.PolicyQualifierId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.ceremony.pki.CertificateSpec.Broken;

import java.math.BigInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyceremony.ceremony.pki.CertificateSpec.broken;
import static org.keyceremony.ceremony.pki.CertificateSpec.error;
import static org.keyceremony.ceremony.pki.CertificateSpec.ext;
import static org.keyceremony.ceremony.pki.CertificateSpec.warning;

/** Every extension rule of {@link CertificateExtensionLint}, per profile, fires on one extension broken in its one way. */
class CertificateExtensionLintTest {
    private static final String NC = "cert-name-constraints";

    static Extension ku(boolean critical, int bits) {
        return ext(Extension.keyUsage, critical, new KeyUsage(bits));
    }

    static Extension eku(boolean critical, KeyPurposeId... ids) {
        return ext(Extension.extendedKeyUsage, critical, new ExtendedKeyUsage(ids));
    }

    static Extension aia(boolean critical, AccessDescription... a) {
        return ext(Extension.authorityInfoAccess, critical, AuthorityInformationAccess.getInstance(new DERSequence(a)));
    }

    static AccessDescription access(ASN1ObjectIdentifier method, String uri) {
        return new AccessDescription(method, new GeneralName(GeneralName.uniformResourceIdentifier, uri));
    }

    static Extension policies(boolean critical, PolicyInformation... p) {
        return ext(Extension.certificatePolicies, critical, new CertificatePolicies(p));
    }

    static PolicyInformation policy(String oid) {
        return new PolicyInformation(new ASN1ObjectIdentifier(oid));
    }

    static Extension crlDp(boolean critical, DistributionPoint... points) {
        return ext(Extension.cRLDistributionPoints, critical, new CRLDistPoint(points));
    }

    static DistributionPoint point(String uri, ReasonFlags reasons) {
        return new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri))),
                reasons, null);
    }

    static Extension nc(boolean critical, GeneralSubtree... permitted) {
        return ext(Extension.nameConstraints, critical, new NameConstraints(permitted, null));
    }

    static GeneralSubtree subtree(int type, String name) {
        return new GeneralSubtree(new GeneralName(type, name));
    }

    static IssuanceProfile withoutPathLength(IssuanceProfile p) {
        return new IssuanceProfile(p.name(), p.keyUsage(), p.extendedKeyUsage(), null, p.certificatePolicies(), p.nameConstraints(),
                p.crlDistributionPoints(), p.caIssuers(), p.ocsp());
    }

    static Stream<Broken> brokenRules() {
        String dv = "2.23.140.1.2.1";
        Extension nocheck = ext(SubordinateExtensions.OCSP_NOCHECK, false, org.bouncycastle.asn1.DERNull.INSTANCE);
        String existingEku = "[serverAuth (1.3.6.1.5.5.7.3.1), clientAuth (1.3.6.1.5.5.7.3.2)]";
        String clientAuth = "id-kp-clientAuth beside serverAuth: the BRs allow it, but the Chrome Root Program wants TLS hierarchies "
                + "dedicated to server authentication";
        return Stream.of(
                broken("no keyUsage", s -> s.remove(Extension.keyUsage), error("cert-key-usage", "keyUsage is absent")),
                broken("keyUsage not critical", s -> s.set(ku(false, KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                        error("cert-key-usage", "keyUsage is not critical")),
                broken("keyUsage without cRLSign", s -> s.set(ku(true, KeyUsage.keyCertSign)),
                        error("cert-key-usage", "a CA's keyUsage asserts keyCertSign and cRLSign")),
                broken("keyUsage with keyEncipherment", s -> s.set(ku(true, KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.keyEncipherment)),
                        error("cert-key-usage", "a CA's keyUsage may assert only digitalSignature, keyCertSign and cRLSign")),
                broken("keyUsage other than the profile's", s -> s.set(ku(true, KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                        error("cert-key-usage", "keyUsage differs from the profile's")),
                broken("OCSP responder with keyCertSign", CertificateSpec::ocsp, s -> s.set(ku(true, KeyUsage.digitalSignature | KeyUsage.keyCertSign)),
                        error("cert-key-usage", "an OCSP responder's keyUsage is digitalSignature and nothing else")),
                broken("no extendedKeyUsage", s -> s.remove(Extension.extendedKeyUsage), error("cert-extended-key-usage", "extendedKeyUsage is absent")),
                broken("extendedKeyUsage critical", s -> s.set(eku(true, KeyPurposeId.id_kp_serverAuth)),
                        error("cert-extended-key-usage", "extendedKeyUsage is critical")),
                broken("clientAuth only", s -> s.set(eku(false, KeyPurposeId.id_kp_clientAuth)),
                        error("cert-extended-key-usage", "extendedKeyUsage [clientAuth (1.3.6.1.5.5.7.3.2)] lacks id-kp-serverAuth"),
                        warning("cert-eku-server-auth-only", clientAuth)),
                broken("serverAuth and emailProtection", s -> s.set(eku(false, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_emailProtection)),
                        error("cert-extended-key-usage", "extendedKeyUsage carries emailProtection (1.3.6.1.5.5.7.3.4), which a TLS CA must not")),
                broken("serverAuth and anyExtendedKeyUsage", s -> s.set(eku(false, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.anyExtendedKeyUsage)),
                        error("cert-extended-key-usage", "extendedKeyUsage carries anyExtendedKeyUsage (2.5.29.37.0), which a TLS CA must not")),
                broken("serverAuth and clientAuth", s -> s.set(eku(false, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)),
                        warning("cert-eku-server-auth-only", clientAuth)),
                broken("OCSP responder with serverAuth", CertificateSpec::ocsp, s -> s.set(eku(false, KeyPurposeId.id_kp_serverAuth)),
                        error("cert-extended-key-usage", "an OCSP responder's extendedKeyUsage is id-kp-OCSPSigning and nothing else")),
                broken("cross: an EKU other than the existing one's", CertificateSpec::cross,
                        s -> s.set(eku(false, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)),
                        error("cert-extended-key-usage", "extendedKeyUsage " + existingEku + " differs from the existing certificate's"),
                        warning("cert-eku-server-auth-only", clientAuth)),
                broken("cross: no EKU", CertificateSpec::cross, s -> s.remove(Extension.extendedKeyUsage), error("cert-extended-key-usage",
                        "extendedKeyUsage is absent: only an affiliated CA's cross-certificate may leave it out, and then it should say "
                                + "anyExtendedKeyUsage (BR 7.1.2.2.3)")),
                broken("cross: anyExtendedKeyUsage with another", CertificateSpec::cross,
                        s -> s.set(eku(false, KeyPurposeId.anyExtendedKeyUsage, KeyPurposeId.id_kp_serverAuth)),
                        error("cert-extended-key-usage", "anyExtendedKeyUsage must be the only key purpose (BR 7.1.2.2.4)")),
                broken("no basicConstraints", s -> s.remove(Extension.basicConstraints),
                        error("cert-basic-constraints", "basicConstraints must be present, critical and CA:TRUE")),
                broken("basicConstraints not critical", s -> s.set(ext(Extension.basicConstraints, false, new BasicConstraints(0))),
                        error("cert-basic-constraints", "basicConstraints must be present, critical and CA:TRUE")),
                broken("pathLen 1 for the profile's 0", s -> s.set(ext(Extension.basicConstraints, true, new BasicConstraints(1))),
                        error("cert-basic-constraints", "basicConstraints pathLen 1 differs from the profile's 0")),
                broken("OCSP responder as a CA", CertificateSpec::ocsp, s -> s.set(ext(Extension.basicConstraints, true, new BasicConstraints(true))),
                        error("cert-basic-constraints", "an OCSP responder's basicConstraints is CA:FALSE, encoded as the empty SEQUENCE (3000)")),
                broken("cross: no pathLen where the existing has 0", CertificateSpec::cross, s -> {
                    s.profile(withoutPathLength(s.request.profile()));
                    s.set(ext(Extension.basicConstraints, true, new BasicConstraints(true)));
                }, error("cert-basic-constraints", "basicConstraints pathLen (none) differs from the existing certificate's 0")),
                broken("no subjectKeyIdentifier", s -> s.remove(Extension.subjectKeyIdentifier),
                        error("cert-subject-key-identifier", "subjectKeyIdentifier is absent")),
                broken("subjectKeyIdentifier critical", s -> s.set(ext(Extension.subjectKeyIdentifier, true, new SubjectKeyIdentifier(new byte[20]))),
                        error("cert-subject-key-identifier", "subjectKeyIdentifier is critical")),
                broken("OCSP responder without subjectKeyIdentifier", CertificateSpec::ocsp, s -> s.remove(Extension.subjectKeyIdentifier),
                        warning("cert-subject-key-identifier", "subjectKeyIdentifier is absent")),
                broken("cross: another subjectKeyIdentifier", CertificateSpec::cross,
                        s -> s.set(ext(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(new byte[20]))),
                        error("cert-subject-key-identifier", "subjectKeyIdentifier differs from the existing certificate's, which the certificates "
                                + "its CA issued name (their AKI)")),
                broken("no authorityKeyIdentifier", s -> s.remove(Extension.authorityKeyIdentifier),
                        error("cert-authority-key-identifier", "authorityKeyIdentifier is absent")),
                broken("authorityKeyIdentifier critical", s -> s.set(ext(Extension.authorityKeyIdentifier, true,
                        new AuthorityKeyIdentifier(CrlLintTest.keyId(CertificateFixtures.EC_ROOT)))),
                        error("cert-authority-key-identifier", "authorityKeyIdentifier is critical")),
                broken("authorityKeyIdentifier with issuer and serial", s -> s.set(ext(Extension.authorityKeyIdentifier, false,
                        new AuthorityKeyIdentifier(CrlLintTest.keyId(CertificateFixtures.EC_ROOT), new GeneralNames(new GeneralName(
                                new X500Name("CN=x"))), BigInteger.ONE))),
                        error("cert-authority-key-identifier", "authorityKeyIdentifier must hold a keyIdentifier and nothing else")),
                broken("authorityKeyIdentifier of another key", s -> s.set(ext(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(new byte[20]))),
                        error("cert-authority-key-identifier", "authorityKeyIdentifier differs from the issuer certificate's subjectKeyIdentifier")),
                broken("AIA critical", s -> s.set(aia(true, access(AccessDescription.id_ad_caIssuers, "http://i.example.com/r1.der"))),
                        error("cert-authority-information-access", "authorityInformationAccess is critical")),
                broken("AIA to LDAP", s -> s.set(aia(false, access(AccessDescription.id_ad_caIssuers, "ldap://i.example.com/cn=r1"))),
                        error("cert-authority-information-access", "access location ldap://i.example.com/cn=r1 is not an HTTP URL")),
                broken("AIA caRepository", s -> s.set(aia(false, access(AccessDescription.id_ad_caIssuers, "http://i.example.com/r1.der"),
                        access(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.5"), "http://r.example.com/"))),
                        error("cert-authority-information-access", "access method 1.3.6.1.5.5.7.48.5 is not allowed here")),
                broken("no AIA", s -> s.remove(Extension.authorityInfoAccess), warning("cert-authority-information-access",
                        "authorityInformationAccess is absent; a CA certificate should point to its issuer's certificate (caIssuers)")),
                broken("AIA with OCSP only", s -> s.set(aia(false, access(AccessDescription.id_ad_ocsp, "http://o.example.com/"))),
                        warning("cert-authority-information-access", "authorityInformationAccess has no caIssuers URI"),
                        warning("cert-aia-ocsp", "authorityInformationAccess carries an OCSP URI: OCSP is optional since BR 2.0.1 (SC063) and the "
                                + "WebPKI has moved to CRLs; leave it out unless the issuer will run an OCSP responder for years")),
                broken("OCSP responder with caIssuers", CertificateSpec::ocsp, s -> s.set(aia(false, access(AccessDescription.id_ad_caIssuers,
                        "http://i.example.com/r1.der"))), error("cert-authority-information-access", "access method 1.3.6.1.5.5.7.48.2 is not allowed here"),
                        warning("cert-authority-information-access", "authorityInformationAccess is not recommended in an OCSP responder's certificate")),
                broken("no certificatePolicies", s -> s.remove(Extension.certificatePolicies),
                        error("cert-certificate-policies", "certificatePolicies is absent")),
                broken("certificatePolicies critical", s -> s.set(policies(true, policy(dv))),
                        error("cert-certificate-policies", "certificatePolicies is critical")),
                broken("anyPolicy beside another", s -> s.set(policies(false, policy(dv), policy("2.5.29.32.0"))),
                        error("cert-certificate-policies", "anyPolicy must be the only policy")),
                broken("no reserved policy", s -> s.set(policies(false, policy("1.3.6.1.4.1.44947.1.1.1"))),
                        error("cert-certificate-policies", "no CA/B Forum reserved policy identifier (BR 7.1.6.1), e.g. 2.23.140.1.2.1"),
                        warning("cert-certificate-policies", "the first policy should be the CA/B Forum reserved one")),
                broken("two reserved policies", s -> s.set(policies(false, policy(dv), policy("2.23.140.1.2.2"))), error("cert-certificate-policies",
                        "more than one CA/B Forum reserved policy identifier; a TLS subordinate CA has exactly one")),
                broken("a user notice qualifier", s -> s.set(policies(false, new PolicyInformation(new ASN1ObjectIdentifier(dv), new DERSequence(
                        new PolicyQualifierInfo(PolicyQualifierId.id_qt_unotice, new UserNotice(null, "hello")))))),
                        error("cert-certificate-policies", "policy 2.23.140.1.2.1 has a qualifier other than an id-qt-cps HTTP(S) URL"),
                        warning("cert-certificate-policies", "policy qualifiers are not recommended")),
                broken("a CPS qualifier", s -> s.set(policies(false, new PolicyInformation(new ASN1ObjectIdentifier(dv),
                        new DERSequence(new PolicyQualifierInfo("https://example.com/cps"))))),
                        warning("cert-certificate-policies", "policy qualifiers are not recommended")),
                broken("anyPolicy alone", s -> s.set(policies(false, policy("2.5.29.32.0"))),
                        warning("cert-certificate-policies", "anyPolicy is for an affiliated CA only")),
                broken("OCSP responder with policies", CertificateSpec::ocsp, s -> s.set(policies(false, policy(dv))),
                        warning("cert-certificate-policies", "certificatePolicies should not be in an OCSP responder's certificate")),
                broken("cross with two reserved policies", CertificateSpec::cross, s -> s.set(policies(false, policy(dv), policy("2.23.140.1.2.2"))),
                        warning("cert-certificate-policies", "more than one reserved policy: a CA that issues subscriber certificates directly "
                                + "must have exactly one")),
                broken("no CRL distribution point", s -> s.remove(Extension.cRLDistributionPoints), error("cert-crl-distribution-points",
                        "cRLDistributionPoints is absent; a subordinate CA's certificate must have it")),
                broken("CRL distribution points critical", s -> s.set(crlDp(true, point("http://c.example.com/r1.crl", null))),
                        error("cert-crl-distribution-points", "cRLDistributionPoints is critical")),
                broken("CRL over https", s -> s.set(crlDp(false, point("https://c.example.com/r1.crl", null))),
                        error("cert-crl-distribution-points", "a CRL's location is not an http:// URL")),
                broken("CRL distribution point with reasons", s -> s.set(crlDp(false, point("http://c.example.com/r1.crl",
                        new ReasonFlags(ReasonFlags.keyCompromise)))), error("cert-crl-distribution-points", "a DistributionPoint has reasons or cRLIssuer")),
                broken("two distribution points", s -> s.set(crlDp(false, point("http://c.example.com/r1.crl", null), point("http://d.example.com/r1.crl", null))),
                        warning("cert-crl-distribution-points", "more than one DistributionPoint is not recommended; put the URIs in one fullName")),
                broken("OCSP responder with a CRL distribution point", CertificateSpec::ocsp, s -> s.set(crlDp(false, point("http://c.example.com/r1.crl", null))),
                        error("cert-crl-distribution-points", "an OCSP responder's certificate must not carry cRLDistributionPoints")),
                broken("OCSP responder with name constraints", CertificateSpec::ocsp, s -> s.set(nc(true, subtree(GeneralName.dNSName, "example.com"))),
                        error(NC, "an OCSP responder's certificate must not carry nameConstraints")),
                broken("name constraints not critical", s -> s.set(nc(false, subtree(GeneralName.dNSName, "example.com"))),
                        warning(NC, "nameConstraints should be critical")),
                broken("email name constraints", s -> s.set(nc(true, subtree(GeneralName.rfc822Name, "example.com"))),
                        warning(NC, "rfc822Name constraints are not recommended in a TLS hierarchy")),
                broken("URI name constraints", s -> s.set(nc(true, subtree(GeneralName.uniformResourceIdentifier, ".example.com"))),
                        error(NC, "a GeneralSubtree's base is not a dNSName, iPAddress, directoryName or rfc822Name")),
                broken("a maximum in a subtree", s -> s.set(nc(true, new GeneralSubtree(new GeneralName(GeneralName.dNSName, "example.com"), null,
                        BigInteger.TWO))), error(NC, "a GeneralSubtree has a minimum or maximum")),
                broken("OCSP responder without nocheck", CertificateSpec::ocsp, s -> s.remove(SubordinateExtensions.OCSP_NOCHECK),
                        error("cert-ocsp-nocheck", "id-pkix-ocsp-nocheck is absent")),
                broken("nocheck critical", CertificateSpec::ocsp, s -> s.set(ext(SubordinateExtensions.OCSP_NOCHECK, true, org.bouncycastle.asn1.DERNull.INSTANCE)),
                        error("cert-ocsp-nocheck", "id-pkix-ocsp-nocheck is critical")),
                broken("nocheck not NULL", CertificateSpec::ocsp, s -> s.set(ext(SubordinateExtensions.OCSP_NOCHECK, false, new ASN1Integer(0))),
                        error("cert-ocsp-nocheck", "id-pkix-ocsp-nocheck's value is not NULL (0500)")),
                broken("a CA with nocheck", s -> s.set(nocheck),
                        error("cert-ocsp-nocheck", "id-pkix-ocsp-nocheck belongs in an OCSP responder's certificate only")),
                broken("subjectAltName in a CA", s -> s.set(ext(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                        GeneralName.dNSName, "example.com")))), warning("cert-no-unknown-extensions", "non-critical extension 2.5.29.17 is not one this profile has")),
                broken("a critical unknown extension", s -> s.set(ext(Extension.policyConstraints, true, new DERSequence())),
                        error("cert-no-unknown-extensions", "critical extension 2.5.29.36 is not one this profile has")),
                broken("OCSP responder with subjectAltName", CertificateSpec::ocsp, s -> s.set(ext(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, "ocsp.example.com")))),
                        error("cert-no-unknown-extensions", "an OCSP responder's certificate must not carry subjectAltName (BR 7.1.2.8.2)")),
                broken("OCSP responder without basicConstraints is fine", CertificateSpec::ocsp, s -> s.remove(Extension.basicConstraints)),
                broken("private CA without EKU, policies, AIA or CRL is fine", CertificateSpec::privateCa, s -> { }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void eachBrokenRuleIsFoundWithItsSectionAndMessage(Broken broken) {
        CertificateSpec spec = broken.base().get();
        broken.change().accept(spec);
        assertThat(spec.findings()).containsExactlyElementsOf(broken.expected());
    }
}
