package org.keyceremony.ceremony.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.junit.jupiter.api.Test;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.script.CertificateProfile;
import org.keyceremony.script.KeyAlgorithm;

/**
 * Issue 20: our root profile measured against real roots. ISRG Root X1's, X2's and GTS Root R4's profiles,
 * written as a script's policy, encode certificates identical to the real ones (Debian's
 * ca-certificates copies, see README.md beside them) in every field but the key, the serial, the
 * SKI's value and the signature. GTS Root R4 is the case of a keyUsage with digitalSignature.
 */
class IsrgRootX2ProfileTest {
    private static final Path SHIPPED = Path.of("ceremony-scripts/root-key-generation.yaml");

    /** The shipped root script with ISRG Root X2's policy. */
    static CertificateProfile isrgRootX2Profile() throws Exception {
        return profile("CN=ISRG Root X2, O=Internet Security Research Group, C=US", "2020-09-04T00:00:00Z",
                "2040-09-17T16:00:00Z", "[keyCertSign, cRLSign]");
    }

    /** The shipped root script with an EC P-384 / SHA-384 policy of this subject, validity and key usage. */
    static CertificateProfile profile(String subject, String notBefore, String notAfter, String keyUsage)
            throws Exception {
        String script = replace(Files.readString(SHIPPED),
                "    algorithm: RSA\n    size: 4096\n", "    algorithm: EC\n    curve: P-384\n",
                "\"CN=Example Root CA, O=Example Organisation, C=NL\"", "\"" + subject + "\"",
                "    validity-days: 7305\n", "    not-before: " + notBefore + "\n    not-after: " + notAfter + "\n",
                "    digest: SHA-256\n", "    digest: SHA-384\n    key-usage: " + keyUsage + "\n");
        return CeremonyScripts.parse(script, "real-root.yaml").policy().certificate().orElseThrow();
    }

    private static String replace(String text, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            assertThat(text).as("the shipped script has " + pairs[i]).contains(pairs[i]);
            text = text.replace(pairs[i], pairs[i + 1]);
        }
        return text;
    }

    private static TBSCertificate ours(CertificateProfile profile, Instant signing) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair kp = g.generateKeyPair();
        X509Certificate cert = CertificateIssuer.selfSignRoot(profile, KeyAlgorithm.EC, kp.getPublic(),
                BigInteger.TWO.pow(120).add(BigInteger.valueOf(7)), signing,
                new HsmSigner(kp.getPrivate(), Security.getProvider("SunEC")));
        return Certificate.getInstance(cert.getEncoded()).getTBSCertificate();
    }

    private static TBSCertificate real(String resource) throws Exception {
        try (InputStream in = IsrgRootX2ProfileTest.class.getResourceAsStream(resource)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Certificate.getInstance(cert.getEncoded()).getTBSCertificate();
        }
    }

    @Test
    void encodesIsrgRootX2sProfileFieldByFieldAsTheRealRoot() throws Exception {
        // Signed at its notBefore, as BR 7.1.2.1.1 wants (within the day before signing).
        TBSCertificate ours = ours(isrgRootX2Profile(), Instant.parse("2020-09-04T00:00:00Z"));
        assertSameProfile(ours, real("ISRG_Root_X2.crt"));
    }

    /** ISRG Root X1 (RSA 4096, SHA-256): the shipped script keeps its algorithm, only the names and dates change. */
    @Test
    void encodesIsrgRootX1sProfileFieldByFieldAsTheRealRoot() throws Exception {
        String script = replace(Files.readString(SHIPPED),
                "\"CN=Example Root CA, O=Example Organisation, C=NL\"",
                "\"CN=ISRG Root X1, O=Internet Security Research Group, C=US\"",
                "    validity-days: 7305\n", "    not-before: 2015-06-04T11:04:38Z\n    not-after: 2035-06-04T11:04:38Z\n");
        CertificateProfile profile = CeremonyScripts.parse(script, "isrg-root-x1.yaml").policy().certificate().orElseThrow();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(4096);
        KeyPair kp = g.generateKeyPair();
        X509Certificate cert = CertificateIssuer.selfSignRoot(profile, KeyAlgorithm.RSA, kp.getPublic(),
                BigInteger.TWO.pow(120).add(BigInteger.valueOf(7)), Instant.parse("2015-06-04T11:04:38Z"),
                new HsmSigner(kp.getPrivate(), Security.getProvider("SunRsaSign")));
        assertSameProfile(Certificate.getInstance(cert.getEncoded()).getTBSCertificate(), real("ISRG_Root_X1.crt"));
    }

    @Test
    void encodesGtsRootR4sProfileWithDigitalSignatureFieldByFieldAsTheRealRoot() throws Exception {
        TBSCertificate ours = ours(profile("CN=GTS Root R4, O=Google Trust Services LLC, C=US", "2016-06-22T00:00:00Z",
                "2036-06-22T00:00:00Z", "[digitalSignature, keyCertSign, cRLSign]"), Instant.parse("2016-06-22T00:00:00Z"));
        assertSameProfile(ours, real("GTS_Root_R4.crt"));
    }

    /** Equal in every field but the key, the serial, the SKI's value and the signature. */
    private static void assertSameProfile(TBSCertificate ours, TBSCertificate real) throws Exception {

        assertThat(ours.getVersionNumber()).isEqualTo(real.getVersionNumber()).isEqualTo(3);
        assertThat(ours.getSignature().getEncoded()).as("signature algorithm").isEqualTo(real.getSignature().getEncoded());
        assertThat(ours.getIssuer().getEncoded()).as("issuer DER, string types included").isEqualTo(real.getIssuer().getEncoded());
        assertThat(ours.getSubject().getEncoded()).as("subject DER, string types included").isEqualTo(real.getSubject().getEncoded());
        assertThat(ours.getValidity().getEncoded()).as("validity: UTCTime, same instants").isEqualTo(real.getValidity().getEncoded());
        assertThat(ours.getSubjectPublicKeyInfo().getAlgorithm().getEncoded()).as("key algorithm (EC P-384, RSA)")
                .isEqualTo(real.getSubjectPublicKeyInfo().getAlgorithm().getEncoded());
        assertThat(ours.getIssuerUniqueId()).isNull();
        assertThat(ours.getSubjectUniqueId()).isNull();

        Extensions o = ours.getExtensions();
        Extensions r = real.getExtensions();
        assertThat(o.getExtensionOIDs()).as("extension order").containsExactly(r.getExtensionOIDs());
        assertThat(Arrays.asList(o.getExtensionOIDs())).containsExactly(Extension.keyUsage, Extension.basicConstraints,
                Extension.subjectKeyIdentifier);
        for (var oid : r.getExtensionOIDs()) {
            assertThat(o.getExtension(oid).isCritical()).as("criticality of " + oid).isEqualTo(r.getExtension(oid).isCritical());
            if (!oid.equals(Extension.subjectKeyIdentifier)) {
                assertThat(o.getExtension(oid).getExtnValue().getOctets()).as("value of " + oid)
                        .isEqualTo(r.getExtension(oid).getExtnValue().getOctets());
            }
        }
        // The SKI differs in value (another key), not in form: a 160-bit SHA-1 key identifier, as the real one.
        assertThat(o.getExtension(Extension.subjectKeyIdentifier).getExtnValue().getOctets())
                .hasSameSizeAs(r.getExtension(Extension.subjectKeyIdentifier).getExtnValue().getOctets());
    }

    @Test
    void encodesUtcTimeThrough2049AndGeneralizedTimeFrom2050() throws Exception {
        CertificateProfile isrg = isrgRootX2Profile();
        Instant signing = Instant.parse("2049-12-31T23:59:59Z");
        TBSCertificate tbs = ours(new CertificateProfile(isrg.subjectDn(),
                new org.keyceremony.script.CertificateValidity.Fixed(signing, Instant.parse("2060-01-01T00:00:00Z")),
                null, isrg.digest(), isrg.keyUsage()), signing);
        assertThat(tbs.getStartDate().toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
        assertThat(((ASN1UTCTime) tbs.getStartDate().toASN1Primitive()).getTime()).isEqualTo("491231235959GMT+00:00");
        assertThat(tbs.getEndDate().toASN1Primitive()).isInstanceOf(ASN1GeneralizedTime.class);
        assertThat(tbs.getEndDate().toASN1Primitive().getEncoded()).as("whole seconds, Z, no fraction")
                .isEqualTo(new ASN1GeneralizedTime("20600101000000Z").getEncoded());
        assertThat(List.of(tbs.getExtensions().getExtensionOIDs())).startsWith(Extension.keyUsage);
    }
}
