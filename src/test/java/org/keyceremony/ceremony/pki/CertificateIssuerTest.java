package org.keyceremony.ceremony.pki;

import org.keyceremony.script.CertificateProfile;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyPolicy;
import org.keyceremony.base.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateIssuerTest {
    private static final CertificateProfile PROFILE =
            new CertificateProfile("CN=Example Root CA R1, O=Example, C=DE", 7305, 1, "SHA-384");

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static X509Certificate root(KeyPair kp) throws Exception {
        return CertificateIssuer.selfSignRoot(PROFILE, KeyAlgorithm.EC, kp.getPublic(),
                CertificateIssuer.serialFrom(new byte[] {(byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}),
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                new HsmSigner(kp.getPrivate(), Security.getProvider("SunEC")));
    }

    @Test
    void rootCertificateFollowsTheProfile() throws Exception {
        KeyPair kp = ec("secp384r1");
        X509Certificate cert = root(kp);
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        assertThat(cert.getBasicConstraints()).isEqualTo(1);
        assertThat(cert.getKeyUsage()[5]).isTrue();
        assertThat(cert.getKeyUsage()[6]).isTrue();
        assertThat(cert.getKeyUsage()[0]).isFalse();
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(cert.getExtendedKeyUsage()).isNull();
        assertThat(cert.getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(64).isLessThanOrEqualTo(127);
        cert.verify(kp.getPublic());
    }

    @Test
    void signerWithTheWrongKeyIsCaughtBeforeAnythingIsStored() throws Exception {
        KeyPair rootKeys = ec("secp384r1");
        KeyPair other = ec("secp384r1");
        assertThatThrownBy(() -> CertificateIssuer.selfSignRoot(PROFILE, KeyAlgorithm.EC, rootKeys.getPublic(),
                BigInteger.TWO.pow(100), Instant.now(), new HsmSigner(other.getPrivate(), Security.getProvider("SunEC"))))
                .hasMessageContaining("does not verify with the expected public key")
                .hasMessageContaining("nothing was stored");
    }

    @Test
    void transcriptCertificateChainsToTheRoot() throws Exception {
        KeyPair rootKeys = ec("secp384r1");
        X509Certificate root = root(rootKeys);
        KeyPair transcript = ec("secp384r1");
        X509Certificate ee = CertificateIssuer.issueTranscriptCertificate(root, "SHA-384", KeyAlgorithm.EC,
                transcript.getPublic(), "CN=KeyCeremony transcript signer, SERIALNUMBER=1234", BigInteger.TEN.pow(20), Instant.now(),
                new HsmSigner(rootKeys.getPrivate(), Security.getProvider("SunEC")));
        assertThat(ee.getBasicConstraints()).isEqualTo(-1);
        assertThat(ee.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.36");
        assertThat(ee.getKeyUsage()[0]).isTrue();
        assertThat(ee.getKeyUsage()[1]).isTrue();
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(ee)), params);
    }

    @Test
    void profileRulesRefuseWhatABrowserRootMayNotBe() {
        KeyPolicy rsa1024 = new KeyPolicy(KeyAlgorithm.RSA, 1024, null, "root", "01");
        CertificateProfile tooLong = new CertificateProfile("CN=x", 9132, null, "SHA-1");
        assertThatThrownBy(() -> CertificateProfileRules.check(rsa1024, tooLong, Instant.now()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("validity-days: must be between 2922 and 9131")
                .hasMessageContaining("digest: unknown digest")
                .hasMessageContaining("at least 2048 for RSA");
        KeyPolicy secp256k1 = new KeyPolicy(KeyAlgorithm.EC, 0, "secp256k1", "root", "01");
        assertThatThrownBy(() -> CertificateProfileRules.check(secp256k1, PROFILE, Instant.now()))
                .hasMessageContaining("curve must be one of P-256, P-384, P-521");
    }

    @Test
    void serialIsPositiveEvenWhenTheTopBitIsSet() {
        byte[] r = new byte[16];
        java.util.Arrays.fill(r, (byte) 0xff);
        assertThat(CertificateIssuer.serialFrom(r).signum()).isPositive();
        assertThat(CertificateIssuer.serialFrom(r).bitLength()).isEqualTo(127);
    }
}
