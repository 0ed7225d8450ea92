package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.ceremony.pki.CrlFixtures.Root;
import org.keyceremony.ceremony.pki.CrlLint.LintFinding;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyceremony.ceremony.pki.CrlFixtures.NOW;

/** Every rule of {@link CrlLint} fires on a TBSCertList broken in its one way, with its exact message. */
class CrlLintTest {
    private static final Root EC = CrlFixtures.ecRoot();
    private static final BigInteger SERIAL = BigInteger.valueOf(0x1234);
    private static final Instant REVOKED = NOW.minus(Duration.ofDays(3));

    /** A TBSCertList as the issuer builds it for {@link #EC}, field by field, so that a test can break one. */
    static final class Spec {
        X509Certificate issuer = EC.cert();
        Optional<X509CRL> previous = Optional.empty();
        Instant now = NOW;
        ASN1Integer version = new ASN1Integer(1);
        AlgorithmIdentifier signature = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384);
        X500Name issuerName = X500Name.getInstance(EC.cert().getSubjectX500Principal().getEncoded());
        Time thisUpdate = time(NOW);
        Time nextUpdate = time(NOW.plus(Duration.ofDays(30)));
        List<ASN1Encodable> entries = new ArrayList<>(List.of(entry(SERIAL, time(REVOKED), reason(CRLReason.keyCompromise, false))));
        List<Extension> extensions = new ArrayList<>(List.of(aki(false, new AuthorityKeyIdentifier(keyId(EC))), number(false, 1)));

        TBSCertList tbs() {
            ASN1EncodableVector v = new ASN1EncodableVector();
            if (version != null) {
                v.add(version);
            }
            v.add(signature);
            v.add(issuerName);
            v.add(thisUpdate);
            if (nextUpdate != null) {
                v.add(nextUpdate);
            }
            if (!entries.isEmpty()) {
                v.add(new DERSequence(entries.toArray(ASN1Encodable[]::new)));
            }
            v.add(new DERTaggedObject(true, 0, new Extensions(extensions.toArray(Extension[]::new))));
            return TBSCertList.getInstance(new DERSequence(v));
        }

        List<String> findings() {
            return CrlLint.check(tbs(), issuer, previous, now).stream().map(LintFinding::describe).toList();
        }
    }

    static Time time(Instant t) {
        return new Time(Date.from(t));
    }

    static DERSequence entry(BigInteger serial, Time revoked, Extension... extensions) {
        return extensions.length == 0 ? new DERSequence(new ASN1Encodable[] {new ASN1Integer(serial), revoked})
                : new DERSequence(new ASN1Encodable[] {new ASN1Integer(serial), revoked, new Extensions(extensions)});
    }

    static Extension reason(int code, boolean critical) {
        return ext(Extension.reasonCode, critical, new ASN1Enumerated(code));
    }

    static Extension aki(boolean critical, AuthorityKeyIdentifier value) {
        return ext(Extension.authorityKeyIdentifier, critical, value);
    }

    static Extension number(boolean critical, long n) {
        return ext(Extension.cRLNumber, critical, new ASN1Integer(n));
    }

    static Extension ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return Extension.create(oid, critical, value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] keyId(Root root) {
        try {
            return CertificateIssuer.rootKeyId(root.cert());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Arguments broken(String what, Consumer<Spec> change, String... expected) {
        return Arguments.of(what, change, List.of(expected));
    }

    static Stream<Arguments> brokenRules() {
        String t = NOW.toString();
        return Stream.of(
                broken("v1 (version absent)", s -> s.version = null, "ERROR crl-version (RFC 5280 5.1.2.1; BR 7.2.1): version is v1, not v2"),
                broken("v3", s -> s.version = new ASN1Integer(2), "ERROR crl-version (RFC 5280 5.1.2.1; BR 7.2.1): version is v3, not v2"),
                broken("issuer: the same name in other string types", s -> s.issuerName = new X500Name(CrlFixtures.DN),
                        "ERROR crl-issuer-name (RFC 5280 5.1.2.3; BR 7.2): issuer is not byte-for-byte the issuer certificate's subject"),
                broken("SHA-1", s -> s.signature = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha1WithRSAEncryption, DERNull.INSTANCE),
                        "ERROR crl-signature-algorithm (BR 7.1.3.2; BR 7.2): the signature AlgorithmIdentifier 1.2.840.113549.1.1.5 is not "
                                + "ECDSA (absent parameters) or PKCS#1 v1.5 RSA (NULL parameters) with SHA-256/384/512"),
                broken("ECDSA with NULL parameters", s -> s.signature = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384, DERNull.INSTANCE),
                        "ERROR crl-signature-algorithm (BR 7.1.3.2; BR 7.2): the signature AlgorithmIdentifier 1.2.840.10045.4.3.3 is not "
                                + "ECDSA (absent parameters) or PKCS#1 v1.5 RSA (NULL parameters) with SHA-256/384/512"),
                broken("SHA-256 with a P-384 key", s -> s.signature = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256),
                        "ERROR crl-signature-algorithm (BR 7.1.3.2; BR 7.2): ecdsa-with-SHA256 does not fit the issuer's key "
                                + "(EC 1.3.132.0.34, which signs with ecdsa-with-SHA384)"),
                broken("RSA with an EC key", s -> s.signature = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha384WithRSAEncryption, DERNull.INSTANCE),
                        "ERROR crl-signature-algorithm (BR 7.1.3.2; BR 7.2): sha384WithRSAEncryption does not fit the issuer's key "
                                + "(EC 1.3.132.0.34, which signs with ecdsa-with-SHA384)"),
                broken("no nextUpdate", s -> s.nextUpdate = null, "ERROR crl-next-update-present (RFC 5280 5.1.2.5; BR 7.2): nextUpdate is absent"),
                broken("nextUpdate = thisUpdate", s -> s.nextUpdate = time(NOW),
                        "ERROR crl-validity (BR 4.9.7; BR 7.2): nextUpdate " + t + " is not after thisUpdate " + t),
                broken("twelve months and a second", s -> s.nextUpdate = time(NOW.atOffset(ZoneOffset.UTC).plusMonths(12).plusSeconds(1).toInstant()),
                        "ERROR crl-validity (BR 4.9.7; BR 7.2): nextUpdate " + NOW.atOffset(ZoneOffset.UTC).plusMonths(12).plusSeconds(1).toInstant()
                                + " is more than twelve months after thisUpdate " + t),
                broken("thisUpdate 49 hours ago", s -> s.thisUpdate = time(NOW.minus(Duration.ofHours(49))),
                        "WARNING crl-this-update-time (RFC 5280 5.1.2.4): thisUpdate " + NOW.minus(Duration.ofHours(49)) + " is more than 48 hours "
                                + "from now (" + t + "): check the date and the computer's clock"),
                broken("thisUpdate 49 hours ahead", s -> s.thisUpdate = time(NOW.plus(Duration.ofHours(49))),
                        "WARNING crl-this-update-time (RFC 5280 5.1.2.4): thisUpdate " + NOW.plus(Duration.ofHours(49)) + " is more than 48 hours "
                                + "from now (" + t + "): check the date and the computer's clock"),
                broken("thisUpdate before 2050 as GeneralizedTime", s -> s.thisUpdate = new Time(new DERGeneralizedTime(Date.from(NOW))),
                        "ERROR crl-time-encoding (RFC 5280 5.1.2.4, 5.1.2.5, 5.1.2.6): thisUpdate in " + NOW.atOffset(ZoneOffset.UTC).getYear()
                                + " must be a UTCTime"),
                broken("revocationDate before 2050 as GeneralizedTime",
                        s -> s.entries = List.of(entry(SERIAL, new Time(new DERGeneralizedTime(Date.from(REVOKED))), reason(1, false))),
                        "ERROR crl-time-encoding (RFC 5280 5.1.2.4, 5.1.2.5, 5.1.2.6): revocationDate of serial 1234 in "
                                + REVOKED.atOffset(ZoneOffset.UTC).getYear() + " must be a UTCTime"),
                broken("no AKI", s -> s.extensions.remove(0), "ERROR crl-aki (RFC 5280 5.2.1; BR 7.2.2, 7.1.2.11.1): authorityKeyIdentifier is absent"),
                broken("critical AKI", s -> s.extensions.set(0, aki(true, new AuthorityKeyIdentifier(keyId(EC)))),
                        "ERROR crl-aki (RFC 5280 5.2.1; BR 7.2.2, 7.1.2.11.1): authorityKeyIdentifier is critical"),
                broken("AKI with issuer and serial", s -> s.extensions.set(0, aki(false, new AuthorityKeyIdentifier(keyId(EC),
                                new GeneralNames(new GeneralName(new X500Name(CrlFixtures.DN))), BigInteger.ONE))),
                        "ERROR crl-aki (RFC 5280 5.2.1; BR 7.2.2, 7.1.2.11.1): authorityKeyIdentifier must hold a keyIdentifier and nothing else"),
                broken("AKI of another key", s -> s.extensions.set(0, aki(false, new AuthorityKeyIdentifier(new byte[20]))),
                        "ERROR crl-aki (RFC 5280 5.2.1; BR 7.2.2, 7.1.2.11.1): authorityKeyIdentifier differs from the issuer certificate's "
                                + "subjectKeyIdentifier"),
                broken("AKI that does not parse", s -> s.extensions.set(0, ext(Extension.authorityKeyIdentifier, false, new ASN1Integer(7))),
                        "ERROR crl-aki (RFC 5280 5.2.1; BR 7.2.2, 7.1.2.11.1): could not be checked: the field does not parse (IllegalArgumentException)"),
                broken("no cRLNumber", s -> s.extensions.remove(1), "ERROR crl-number (RFC 5280 5.2.3; BR 7.2.2): cRLNumber is absent"),
                broken("critical cRLNumber", s -> s.extensions.set(1, number(true, 1)),
                        "ERROR crl-number (RFC 5280 5.2.3; BR 7.2.2): cRLNumber is critical"),
                broken("negative cRLNumber", s -> s.extensions.set(1, number(false, -1)),
                        "ERROR crl-number (RFC 5280 5.2.3; BR 7.2.2): cRLNumber -1 is not between 0 and 2^159 - 1 (at most 20 octets)"),
                broken("cRLNumber of 21 octets", s -> s.extensions.set(1, ext(Extension.cRLNumber, false, new ASN1Integer(BigInteger.TWO.pow(159)))),
                        "ERROR crl-number (RFC 5280 5.2.3; BR 7.2.2): cRLNumber " + BigInteger.TWO.pow(159)
                                + " is not between 0 and 2^159 - 1 (at most 20 octets)"),
                broken("cRLNumber not above the previous CRL's", s -> s.previous = Optional.of(CrlFixtures.previous(EC, 1, SERIAL)),
                        "ERROR crl-number (RFC 5280 5.2.3; BR 7.2.2): cRLNumber 1 is not greater than the previous CRL's 1"),
                broken("a critical unknown extension (delta CRL indicator)", s -> s.extensions.add(ext(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.ONE))),
                        "ERROR crl-no-unknown-extensions (BR 7.2.2): critical extension 2.5.29.27 is not one a root's full CRL carries "
                                + "(authorityKeyIdentifier and cRLNumber only)"),
                broken("a non-critical unknown extension", s -> s.extensions.add(ext(Extension.issuerAlternativeName, false,
                                new GeneralNames(new GeneralName(GeneralName.dNSName, "example.com")))),
                        "WARNING crl-no-unknown-extensions (BR 7.2.2): non-critical extension 2.5.29.18 is not one a root's full CRL carries "
                                + "(authorityKeyIdentifier and cRLNumber only)"),
                broken("no reasonCode", s -> s.entries = List.of(entry(SERIAL, time(REVOKED))),
                        "ERROR crl-entry-reason (BR 7.2.2; RFC 5280 5.3.1): serial 1234 has no reasonCode, which an entry for a CA certificate must have"),
                broken("certificateHold", s -> s.entries = List.of(entry(SERIAL, time(REVOKED), reason(CRLReason.certificateHold, false))),
                        "ERROR crl-entry-reason (BR 7.2.2; RFC 5280 5.3.1): serial 1234 has reasonCode certificateHold, which the BRs forbid"),
                broken("removeFromCRL", s -> s.entries = List.of(entry(SERIAL, time(REVOKED), reason(CRLReason.removeFromCRL, false))),
                        "ERROR crl-entry-reason (BR 7.2.2; RFC 5280 5.3.1): serial 1234 has reasonCode removeFromCRL, which only a delta CRL may carry"),
                broken("unspecified", s -> s.entries = List.of(entry(SERIAL, time(REVOKED), reason(CRLReason.unspecified, false))),
                        "ERROR crl-entry-reason (BR 7.2.2; RFC 5280 5.3.1): serial 1234 has reasonCode unspecified, which the BRs express by "
                                + "leaving reasonCode out"),
                broken("aACompromise", s -> s.entries = List.of(entry(SERIAL, time(REVOKED), reason(CRLReason.aACompromise, false))),
                        "ERROR crl-entry-reason (BR 7.2.2; RFC 5280 5.3.1): serial 1234 has reasonCode 10, which the BRs do not allow here"),
                broken("critical reasonCode", s -> s.entries = List.of(entry(SERIAL, time(REVOKED), reason(CRLReason.keyCompromise, true))),
                        "ERROR crl-entry-reason (BR 7.2.2; RFC 5280 5.3.1): serial 1234 has a critical reasonCode"),
                broken("invalidityDate beside the reason", s -> s.entries = List.of(entry(SERIAL, time(REVOKED), reason(1, false),
                                ext(Extension.invalidityDate, false, new DERGeneralizedTime(Date.from(REVOKED))))),
                        "WARNING crl-entry-reason (BR 7.2.2; RFC 5280 5.3.1): serial 1234 carries the non-critical entry extension 2.5.29.24; "
                                + "only reasonCode belongs there"),
                broken("certificateIssuer (an indirect CRL)", s -> s.entries = List.of(entry(SERIAL, time(REVOKED), reason(1, false),
                                ext(Extension.certificateIssuer, true, new GeneralNames(new GeneralName(new X500Name("CN=Other")))))),
                        "ERROR crl-entry-reason (BR 7.2.2; RFC 5280 5.3.1): serial 1234 carries the critical entry extension 2.5.29.29; "
                                + "only reasonCode belongs there"),
                broken("serial zero", s -> s.entries = List.of(entry(BigInteger.ZERO, time(REVOKED), reason(1, false))),
                        "ERROR crl-entry-serial (RFC 5280 5.1.2.6, 4.1.2.2): serial 00 is not positive"),
                broken("negative serial", s -> s.entries = List.of(entry(BigInteger.valueOf(-5), time(REVOKED), reason(1, false))),
                        "ERROR crl-entry-serial (RFC 5280 5.1.2.6, 4.1.2.2): serial -05 is not positive"),
                broken("serial of 21 octets", s -> s.entries = List.of(entry(BigInteger.TWO.pow(160), time(REVOKED), reason(1, false))),
                        "ERROR crl-entry-serial (RFC 5280 5.1.2.6, 4.1.2.2): serial 01" + "00".repeat(20) + " is longer than 20 octets"),
                broken("one serial twice", s -> s.entries = List.of(entry(SERIAL, time(REVOKED), reason(1, false)), entry(SERIAL, time(REVOKED), reason(4, false))),
                        "ERROR crl-entry-serial (RFC 5280 5.1.2.6, 4.1.2.2): serial 1234 appears more than once"),
                broken("revoked after thisUpdate", s -> s.entries = List.of(entry(SERIAL, time(NOW.plusSeconds(3600)), reason(1, false))),
                        "ERROR crl-entry-date (RFC 5280 5.1.2.6): serial 1234 is revoked at " + NOW.plusSeconds(3600) + ", after thisUpdate " + t),
                broken("a revocation of the previous CRL dropped", s -> {
                    s.previous = Optional.of(CrlFixtures.previous(EC, 7, SERIAL, BigInteger.valueOf(0x99)));
                    s.extensions.set(1, number(false, 8));
                }, "ERROR crl-previous-entries (RFC 5280 3.3; BR 7.2): serial 99, revoked in CRL #7, is missing: a revocation cannot be undone"),
                broken("issuer not a CA", s -> s.issuer = CrlFixtures.root(EC.keys(), CrlFixtures.DN, "SHA-384", true, false,
                                KeyUsage.keyCertSign | KeyUsage.cRLSign).cert(),
                        "ERROR crl-issuer-is-ca (RFC 5280 4.2.1.3, 4.2.1.9): the issuer certificate is not a CA (no basicConstraints CA:TRUE)"),
                broken("issuer without cRLSign", s -> s.issuer = CrlFixtures.root(EC.keys(), CrlFixtures.DN, "SHA-384", true, true,
                                KeyUsage.keyCertSign).cert(),
                        "ERROR crl-issuer-is-ca (RFC 5280 4.2.1.3, 4.2.1.9): the issuer certificate's keyUsage does not assert cRLSign"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void eachBrokenRuleIsFoundWithItsSectionAndMessage(String what, Consumer<Spec> change, List<String> expected) {
        Spec spec = new Spec();
        change.accept(spec);
        assertThat(spec.findings()).containsExactlyElementsOf(expected);
    }

    @Test
    void theCrlTheIssuerBuildsIsClean() {
        assertThat(new Spec().findings()).isEmpty();
    }

    @Test
    void nextUpdateExactlyTwelveMonthsAfterThisUpdateIsAllowed() {
        Spec spec = new Spec();
        spec.nextUpdate = time(NOW.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant());
        assertThat(spec.findings()).isEmpty();
    }

    @Test
    void anRsaRootSignsWithPkcs1AndNullParameters() {
        Root rsa = CrlFixtures.root(CrlFixtures.rsa(), CrlFixtures.DN, "SHA-256", true, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
        Spec spec = new Spec();
        spec.issuer = rsa.cert();
        spec.extensions.set(0, aki(false, new AuthorityKeyIdentifier(keyId(rsa))));
        spec.signature = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
        assertThat(spec.findings()).isEmpty();
        spec.signature = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption);
        assertThat(spec.findings()).containsExactly("ERROR crl-signature-algorithm (BR 7.1.3.2; BR 7.2): the signature AlgorithmIdentifier "
                + "1.2.840.113549.1.1.11 is not ECDSA (absent parameters) or PKCS#1 v1.5 RSA (NULL parameters) with SHA-256/384/512");
        spec.signature = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        assertThat(spec.findings()).containsExactly(
                "ERROR crl-signature-algorithm (BR 7.1.3.2; BR 7.2): ecdsa-with-SHA256 does not fit the issuer's RSA key");
    }

    /** RFC 5280 5.1.2.4: GeneralizedTime from 2050, in whole seconds ("YYYYMMDDHHMMSSZ"); UTCTime cannot say 2050 at all. */
    @Test
    void from2050TimesAreGeneralizedTimeInWholeSeconds() {
        Instant in2050 = OffsetDateTime.of(2050, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
        Spec spec = new Spec();
        spec.now = in2050;
        spec.thisUpdate = time(in2050);
        spec.nextUpdate = time(in2050.plus(Duration.ofDays(30)));
        assertThat(spec.thisUpdate.toASN1Primitive()).isInstanceOf(DERGeneralizedTime.class);
        assertThat(spec.findings()).isEmpty();
        spec.thisUpdate = new Time(new DERGeneralizedTime("20500101000000.5Z"));
        assertThat(spec.findings()).containsExactly(
                "ERROR crl-time-encoding (RFC 5280 5.1.2.4, 5.1.2.5, 5.1.2.6): thisUpdate 20500101000000.5Z is not in whole seconds in UTC (Z)");
    }

    @Test
    void theOuterSignatureAlgorithmMustBeTheInnerOne() {
        TBSCertList tbs = new Spec().tbs();
        X509CRLHolder crl = new X509CRLHolder(CertificateList.getInstance(new DERSequence(new ASN1Encodable[] {
                tbs, new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256), new DERBitString(new byte[8])})));
        assertThat(CrlLint.check(crl, EC.cert(), Optional.empty(), NOW)).extracting(LintFinding::describe).containsExactly(
                "ERROR crl-signature-algorithm (BR 7.1.3.2; BR 7.2): signatureAlgorithm differs from tbsCertList.signature");
    }

    @Test
    void previousEntriesKeptAndANewOneAddedIsClean() {
        Spec spec = new Spec();
        spec.previous = Optional.of(CrlFixtures.previous(EC, 7, SERIAL));
        spec.extensions.set(1, number(false, 8));
        spec.entries.add(entry(BigInteger.valueOf(0x5678), time(REVOKED), reason(CRLReason.cACompromise, false)));
        assertThat(spec.findings()).isEmpty();
    }
}
