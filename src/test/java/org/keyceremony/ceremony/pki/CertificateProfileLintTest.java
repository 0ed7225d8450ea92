package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.base.Digests;
import org.keyceremony.ceremony.pki.CertificateSpec.Broken;
import org.keyceremony.ceremony.pki.CrlLint.LintFinding;
import org.keyceremony.ceremony.pki.SubjectKeyInput.PublicKeyOnly;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bouncycastle.asn1.x509.KeyUsage.cRLSign;
import static org.bouncycastle.asn1.x509.KeyUsage.keyCertSign;
import static org.keyceremony.ceremony.pki.CertificateFixtures.EC_ROOT;
import static org.keyceremony.ceremony.pki.CertificateFixtures.NOW;
import static org.keyceremony.ceremony.pki.CertificateSpec.broken;
import static org.keyceremony.ceremony.pki.CertificateSpec.error;
import static org.keyceremony.ceremony.pki.CertificateSpec.name;
import static org.keyceremony.ceremony.pki.CertificateSpec.time;
import static org.keyceremony.ceremony.pki.CertificateSpec.warning;

/** Every field rule of {@link CertificateProfileLint} fires on a TBSCertificate broken in its one way, with its exact message. */
class CertificateProfileLintTest {
    private static final String ORDER = "the order is that of BR 7.1.4.2 (C, ST, L, O, OU, CN)";

    static SubjectPublicKeyInfo rsa(BigInteger modulus, BigInteger exponent) {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    new RSAPublicKey(modulus, exponent));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static SubjectPublicKeyInfo p521() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp521r1"));
            return SubjectPublicKeyInfo.getInstance(g.generateKeyPair().getPublic().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Broken> brokenRules() {
        String t = NOW.toString();
        BigInteger f4 = BigInteger.valueOf(65537);
        SubjectPublicKeyInfo other = SubjectPublicKeyInfo.getInstance(CrlFixtures.ec().getPublic().getEncoded());
        Instant rootFrom = EC_ROOT.cert().getNotBefore().toInstant();
        Instant rootTo = EC_ROOT.cert().getNotAfter().toInstant();
        return Stream.of(
                broken("serial zero", s -> s.serial = new ASN1Integer(0), error("cert-serial", "serial 00 is not positive")),
                broken("serial of 21 octets", s -> s.serial = new ASN1Integer(BigInteger.TWO.pow(160)),
                        error("cert-serial", "serial 01" + "00".repeat(20) + " is longer than 20 octets (2^159 or more)")),
                broken("serial of 63 bits", s -> s.serial = new ASN1Integer(BigInteger.TWO.pow(62).add(BigInteger.ONE)),
                        error("cert-serial", "serial 4000000000000001 has 63 bits, too few to hold the 64 bits of CSPRNG output the BRs require")),
                broken("SHA-256 with a P-384 root", s -> s.signature = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256),
                        error("cert-signature-algorithm", "ecdsa-with-SHA256 does not fit the issuer's key (EC 1.3.132.0.34, which signs with ecdsa-with-SHA384)")),
                broken("issuer: the same name in other string types", s -> s.issuer = new X500Name(CertificateFixtures.ROOT_DN),
                        error("cert-issuer-name", "issuer is not byte-for-byte the issuer certificate's subject")),
                broken("issuer not a CA", s -> s.issuer(CertificateFixtures.root(EC_ROOT.keys(), CertificateFixtures.ROOT_DN, "SHA-384", false, null,
                        keyCertSign | cRLSign).cert()), error("cert-issuer-is-ca", "the issuer certificate is not a CA (no basicConstraints CA:TRUE)")),
                broken("issuer without keyCertSign", s -> s.issuer(CertificateFixtures.root(EC_ROOT.keys(), CertificateFixtures.ROOT_DN, "SHA-384",
                        true, null, cRLSign).cert()), error("cert-issuer-is-ca", "the issuer certificate's keyUsage does not assert keyCertSign")),
                broken("issuer with pathLen 0", s -> s.issuer(CertificateFixtures.root(EC_ROOT.keys(), CertificateFixtures.ROOT_DN, "SHA-384",
                        true, 0, keyCertSign | cRLSign).cert()), error("cert-issuer-is-ca", "the issuer certificate's pathLenConstraint 0 allows no CA below it")),
                broken("issuerUniqueID", s -> s.issuerUniqueId = new DERBitString(new byte[] {1}),
                        error("cert-unique-ids", "issuerUniqueID or subjectUniqueID is present")),
                broken("notAfter = notBefore", s -> s.notAfter = time(NOW), error("cert-validity", "notAfter " + t + " is not after notBefore " + t
                        + "; notAfter " + t + " is not after the signing moment " + t)),
                broken("notAfter past the issuer's", s -> s.notAfter = time(rootTo.plusSeconds(1)),
                        error("cert-validity", "notAfter " + rootTo.plusSeconds(1) + " is after the issuer's notAfter " + rootTo)),
                broken("notBefore before the issuer's", s -> s.notBefore = time(rootFrom.minusSeconds(1)),
                        error("cert-validity", "notBefore " + rootFrom.minusSeconds(1) + " is before the issuer's notBefore " + rootFrom),
                        error("cert-signing-time", "notBefore " + rootFrom.minusSeconds(1) + " is more than one day before the signing moment (" + t + ")")),
                broken("notBefore after the signing moment", s -> s.notBefore = time(NOW.plusSeconds(3600)), error("cert-signing-time", "notBefore "
                        + NOW.plusSeconds(3600) + " is after the signing moment (" + t + "): sign on or after the day the script was written for")),
                broken("notBefore 25 hours before signing", s -> s.notBefore = time(NOW.minus(Duration.ofHours(25))), error("cert-signing-time",
                        "notBefore " + NOW.minus(Duration.ofHours(25)) + " is more than one day before the signing moment (" + t + ")")),
                broken("cross: notBefore before the existing certificate's", CertificateSpec::cross, s -> s.notBefore = time(NOW.minus(Duration.ofDays(31))),
                        error("cert-signing-time", "notBefore " + NOW.minus(Duration.ofDays(31)) + " is more than one day before the signing moment ("
                                + t + ") and before the existing certificate's notBefore")),
                broken("private: notBefore 49 hours off the clock", CertificateSpec::privateCa, s -> s.notBefore = time(NOW.minus(Duration.ofHours(49))),
                        warning("cert-signing-time", "notBefore " + NOW.minus(Duration.ofHours(49)) + " is more than 48 hours from now (" + t
                                + "): check the date and the computer's clock")),
                broken("notBefore before 2050 as GeneralizedTime", s -> s.notBefore = new org.bouncycastle.asn1.x509.Time(new DERGeneralizedTime(Date.from(NOW))),
                        error("cert-time-encoding", "notBefore in " + NOW.atOffset(ZoneOffset.UTC).getYear() + " must be a UTCTime")),
                broken("subject without O", s -> s.subject = name("CN=Example Issuing CA E1, C=DE"),
                        error("cert-subject", "the subject has no O (BR 7.1.2.10.2: C, O and CN are required)")),
                broken("subject with OU", s -> s.subject = name("CN=Example Issuing CA E1, OU=PKI, O=Example, C=DE"),
                        error("cert-subject", "a TLS subordinate CA's subject must not have OU (BR 7.1.2.10.2)")),
                broken("subject in the wrong order", s -> s.subject = name("C=DE, O=Example, CN=Example Issuing CA E1"),
                        error("cert-subject", "O is encoded after CN; " + ORDER + "; C is encoded after CN; " + ORDER)),
                broken("subject C as UTF8String", s -> s.subject = new X500Name(new RDN[] {new RDN(BCStyle.C, new DERUTF8String("DE")),
                        new RDN(BCStyle.O, new DERPrintableString("Example")), new RDN(BCStyle.CN, new DERPrintableString("E1"))}),
                        error("cert-subject", "C is not encoded as BR 7.1.4.2 requires (PrintableString)")),
                broken("subject C in lower case", s -> s.subject = name("CN=Example Issuing CA E1, O=Example, C=de"),
                        error("cert-subject", "C is not a two-letter country code (ISO 3166-1)")),
                broken("subject with two attributes in one RDN", s -> s.subject = name("CN=Example Issuing CA E1+OU=PKI, O=Example, C=DE"),
                        error("cert-subject", "an RDN holds 2 attributes; each holds exactly one (BR 7.1.4.1); the subject has no CN "
                                + "(BR 7.1.2.10.2: C, O and CN are required)")),
                broken("subject CN of 65 characters", s -> s.subject = name("CN=" + "x".repeat(65) + ", O=Example, C=DE"),
                        error("cert-subject", "CN is longer than 64 characters (BR 7.1.4.2)")),
                broken("subject with serialNumber", s -> s.subject = name("CN=Example Issuing CA E1, SERIALNUMBER=1234, O=Example, C=DE"),
                        warning("cert-subject", "the subject has SERIALNUMBER, which a CA's name should not (BR 7.1.2.10.2)")),
                broken("cross from a bare key", CertificateSpec::cross, s -> s.subjectKey(new PublicKeyOnly(CertificateFixtures.SUB_KEY.getPublic().getEncoded())),
                        error("cert-cross-same-subject-and-key", "a cross-certificate is made from the existing CA certificate, whose subject and key it "
                                + "repeats; give that certificate, not a bare public key")),
                broken("cross with another subject", CertificateSpec::cross, s -> s.subject = name("CN=Example Issuing CA E2, O=Example, C=DE"),
                        error("cert-cross-same-subject-and-key", "the subject is not byte-for-byte the existing certificate's")),
                broken("RSA 1024", s -> s.key(rsa(BigInteger.TWO.pow(1023).add(BigInteger.ONE), f4)),
                        error("cert-key", "the RSA modulus has 1024 bits, fewer than 2048")),
                broken("RSA 2049", s -> s.key(rsa(BigInteger.TWO.pow(2048).add(BigInteger.ONE), f4)),
                        error("cert-key", "the RSA modulus has 2049 bits, not a multiple of 8")),
                broken("RSA with an even exponent", s -> s.key(rsa(BigInteger.TWO.pow(2047).add(BigInteger.ONE), BigInteger.valueOf(65536))),
                        error("cert-key", "the RSA public exponent 65536 is not an odd number of 3 or more")),
                broken("Ed25519", s -> s.key(new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), new byte[32])),
                        error("cert-key", "the key's AlgorithmIdentifier 1.3.101.112 is not one BR 7.1.3.1 allows (rsaEncryption with NULL "
                                + "parameters, or id-ecPublicKey on a named P-256, P-384 or P-521)")),
                broken("P-521", s -> s.key(p521()), warning("cert-key", "P-521: the BRs allow it (6.1.5), but Mozilla's Root Store Policy (5.1) "
                        + "accepts P-256 and P-384 only")),
                broken("another key than the one read", s -> s.spki = other, error("cert-key-is-the-confirmed-one", "the certificate's "
                        + "subjectPublicKeyInfo is not the key read from the medium (SPKI SHA-256 "
                        + Digests.sha256Hex(CertificateFixtures.SUB_KEY.getPublic().getEncoded()) + ")")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void eachBrokenRuleIsFoundWithItsSectionAndMessage(Broken broken) {
        CertificateSpec spec = broken.base().get();
        broken.change().accept(spec);
        assertThat(spec.findings()).containsExactlyElementsOf(broken.expected());
    }

    @Test
    void theCertificatesTheIssuerBuildsAreClean() {
        assertThat(CertificateSpec.tls().findings()).isEmpty();
        assertThat(CertificateSpec.cross().findings()).isEmpty();
        assertThat(CertificateSpec.ocsp().findings()).isEmpty();
        assertThat(CertificateSpec.privateCa().findings()).isEmpty();
    }

    @Test
    void aCrossCertificateMayGoBackToTheExistingCertificatesNotBefore() {
        CertificateSpec cross = CertificateSpec.cross();
        cross.notBefore = time(CertificateFixtures.EXISTING.getNotBefore().toInstant());
        assertThat(cross.findings()).isEmpty();
    }

    @Test
    void aVersionOneCertificateIsFound() {
        CertificateSpec spec = CertificateSpec.tls();
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (ASN1Encodable field : new ASN1Encodable[] {spec.serial, spec.signature, spec.issuer,
                new DERSequence(new ASN1Encodable[] {spec.notBefore, spec.notAfter}), spec.subject, spec.spki}) {
            v.add(field);
        }
        assertThat(CertificateProfileLint.check(TBSCertificate.getInstance(new DERSequence(v)), spec.request, NOW))
                .extracting(LintFinding::describe).contains(error("cert-version", "version is v1, not v3"));
    }

    @Test
    void anOuterSignatureAlgorithmOtherThanTheInnerOneIsFound() throws Exception {
        CertificateSpec spec = CertificateSpec.tls();
        Certificate cert = Certificate.getInstance(new DERSequence(new ASN1Encodable[] {spec.tbs(),
            new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA512), new DERBitString(new byte[8])}));
        assertThat(CertificateProfileLint.check(new X509CertificateHolder(cert), spec.request, NOW)).extracting(LintFinding::describe)
                .containsExactly(error("cert-signature-algorithm", "signatureAlgorithm differs from tbsCertificate.signature"));
    }

    @Test
    void aFieldThatDoesNotParseIsAnErrorNotAPass() {
        CertificateSpec spec = CertificateSpec.tls();
        spec.set(CertificateSpec.ext(org.bouncycastle.asn1.x509.Extension.authorityKeyIdentifier, false, new ASN1Integer(7)));
        assertThat(spec.findings()).containsExactly(error("cert-authority-key-identifier",
                "could not be checked: the field does not parse (IllegalArgumentException)"));
    }
}
