package org.keyceremony.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.hsm.HsmFailures.returnCode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.secret.Pin;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;

@ExtendWith(SoftHsmExtension.class)
class KeyGenerationIT {
    private static final byte[] MESSAGE = "to be signed".getBytes(StandardCharsets.US_ASCII);

    @Test
    void generatesAnRsa3072KeyThatSignsThroughJcaAndVerifiesInSoftware(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("rsa");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            GeneratedKeyPair kp = t.generateKeyPair(new KeyPairSpec.Rsa(3072), "root-rsa", new byte[] {1, 2}, true);

            assertThat(kp.label()).isEqualTo("root-rsa");
            assertThat(kp.idHex()).isEqualTo("0102");
            assertThat(((RSAPublicKey) kp.publicKey()).getModulus().bitLength()).isEqualTo(3072);
            assertThat(((RSAPublicKey) kp.publicKey()).getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
            assertThat(kp.spkiSha256()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(kp.publicKey().getEncoded())));

            Signature signer = Signature.getInstance("SHA256withRSA", t.signingProvider());
            signer.initSign(t.privateKey(new byte[] {1, 2}));
            signer.update(MESSAGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(kp.publicKey());
            verifier.update(MESSAGE);
            assertThat(verifier.verify(signature)).isTrue();
            assertThat(t.publicKey(new byte[] {1, 2})).isEqualTo(kp.publicKey());
        }
    }

    @Test
    void generatesAnEcP384KeyThatSignsACertificateWithBouncyCastle(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("ec");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            GeneratedKeyPair kp = t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P384), "root-ec", new byte[] {3}, false);
            assertThat(((ECPublicKey) kp.publicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(384);
            assertThat(kp.extractable()).isFalse();

            X500Name name = new X500Name("CN=Test Root");
            Instant now = Instant.now();
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, BigInteger.ONE, Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)), name, kp.publicKey())
                    .build(new JcaContentSignerBuilder("SHA384withECDSA").setProvider(t.signingProvider())
                            .build(kp.privateKey())));
            cert.verify(kp.publicKey());

            t.storeCertificate(cert, "root-ec", new byte[] {3});
            assertThat(t.findObjects(ObjectClass.CERTIFICATE, "root-ec", new byte[] {3}))
                    .singleElement().satisfies(o -> assertThat(o.idHex()).isEqualTo("03"));
            assertThatThrownBy(() -> t.storeCertificate(cert, "root-ec", new byte[] {3}))
                    .isInstanceOf(HsmException.class).hasMessageContaining("already exists");
        }
    }

    @Test
    void generatesTheOneRsa4096KeyOfTheSuiteAndSignsSha512WithIt(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("rsa4096");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            GeneratedKeyPair kp = t.generateKeyPair(new KeyPairSpec.Rsa(4096), "big", new byte[] {4}, true);
            assertThat(((RSAPublicKey) kp.publicKey()).getModulus().bitLength()).isEqualTo(4096);
            byte[] signature = t.sign(kp.privateKey(), SignatureAlgorithm.SHA512_WITH_RSA, MESSAGE);
            Signature verifier = Signature.getInstance("SHA512withRSA");
            verifier.initVerify(kp.publicKey());
            verifier.update(MESSAGE);
            assertThat(verifier.verify(signature)).isTrue();
        }
    }

    @Test
    void refusesALabelOrIdThatExistsAndLeavesTheExistingKeyAlone(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("dup");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            GeneratedKeyPair first = t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P256), "root", new byte[] {9}, false);
            assertThatThrownBy(() -> t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P256), "root", new byte[] {10}, false))
                    .isInstanceOf(HsmException.class)
                    .hasMessage("An object labelled 'root' already exists on token " + t.info().describe()
                            + ". KeyCeremony never replaces a key: choose another label.");
            assertThatThrownBy(() -> t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P256), "other", new byte[] {9}, false))
                    .isInstanceOf(HsmException.class).hasMessageContaining("ID 09 already exists");
            assertThat(t.findObjects(ObjectClass.PRIVATE_KEY, null, null)).hasSize(1);
            assertThat(t.findObjects(ObjectClass.PUBLIC_KEY, null, null)).hasSize(1);
            assertThat(t.publicKey(new byte[] {9})).isEqualTo(first.publicKey());
        }
    }

    @Test
    void leavesNoPublicKeyObjectWithoutLabelOrId(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("orphans");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P384), "a", new byte[] {1}, false);
            t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P521), "b", new byte[] {2}, true);
            assertThat(t.findObjects(ObjectClass.PUBLIC_KEY, null, null)).hasSize(2)
                    .allSatisfy(o -> {
                        assertThat(o.label()).isNotEmpty();
                        assertThat(o.idHex()).isNotEmpty();
                    });
            assertThat(t.findObjects(ObjectClass.PRIVATE_KEY, null, null)).extracting(TokenObject::label)
                    .containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void pkcs11ToolSeesTheKeyWithItsLabelAsSensitive(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("independent");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P384), "root-key", new byte[] {0x42}, true);
        }
        String listing = SoftHsmWorld.run("pkcs11-tool", "--module", SoftHsmWorld.LIBRARY.toString(),
                "--token-label", hsm.label(), "--login", "--pin", hsm.userPin(), "--list-objects", "--type", "privkey");
        assertThat(listing).contains("Private Key Object; EC").containsPattern("label:\\s+root-key")
                .containsPattern("ID:\\s+42").containsPattern("Access:\\s+sensitive")
                .doesNotContain("never extractable");
        String pubs = SoftHsmWorld.run("pkcs11-tool", "--module", SoftHsmWorld.LIBRARY.toString(),
                "--token-label", hsm.label(), "--list-objects", "--type", "pubkey");
        assertThat(pubs).containsPattern("label:\\s+root-key").containsPattern("ID:\\s+42");
    }

    @Test
    void drawsRandomBytesFromTheToken(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("random");
        try (HsmToken t = world.module().openByLabel(hsm.label())) {
            byte[] a = t.generateRandom(32);
            byte[] b = t.generateRandom(32);
            assertThat(a).hasSize(32).isNotEqualTo(new byte[32]).isNotEqualTo(b);
        }
    }

    @Test
    void generationWithoutLoginIsRefusedAndLeavesNothing(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("nologin");
        try (HsmToken t = world.module().openByLabel(hsm.label())) {
            assertThatThrownBy(() -> t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P256), "k", new byte[] {1}, false))
                    .isInstanceOf(HsmException.class).has(returnCode(ReturnCode.USER_NOT_LOGGED_IN));
            assertThat(t.findObjects(ObjectClass.PUBLIC_KEY, null, null)).isEmpty();
        }
    }
}
