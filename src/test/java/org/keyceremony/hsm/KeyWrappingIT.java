package org.keyceremony.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import org.keyceremony.testing.Seeded;

@ExtendWith(SoftHsmExtension.class)
class KeyWrappingIT {
    private static final byte[] MESSAGE = "restored".getBytes(StandardCharsets.US_ASCII);

    @Test
    void refusesToWrapAKeyThatWasGeneratedNonExtractable(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("unextractable");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin(); SecretBytes kwk = kwk()) {
            t.login(pin);
            GeneratedKeyPair kp = t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P384), "signer", new byte[] {1}, false);
            WrappingKey wk = t.importWrappingKey(kwk);
            assertThatThrownBy(() -> t.wrapPrivateKey(wk, kp.privateKey()))
                    .isInstanceOf(HsmException.class)
                    .hasMessageContaining("Could not wrap private key 'signer'")
                    .hasMessageContaining("does not allow this key to leave it")
                    .hasMessageContaining("A backup of this key is impossible");
        }
    }

    @Test
    void keyWrappedInOneTokenIsRestoredIntoAnotherAndSignsForTheOriginalPublicKey(SoftHsmWorld world) throws Exception {
        TestToken source = world.createToken("source-hsm");
        TestToken target = world.createToken("target-hsm");
        try (SecretBytes kwk = kwk()) {
            GeneratedKeyPair original;
            WrappedKey wrapped;
            try (HsmToken t = world.module().openByLabel(source.label()); Pin pin = source.pin()) {
                t.login(pin);
                original = t.generateKeyPair(new KeyPairSpec.Rsa(3072), "root", new byte[] {5}, true);
                wrapped = TrustedWrap.wrap(t, source, kwk, new byte[] {5});
                assertThat(t.findObjects(ObjectClass.SECRET_KEY, null, null)).isEmpty();
            }
            assertThat(wrapped.mechanism()).isEqualTo(KeyWrapMechanism.AES_KEY_WRAP_PAD);
            assertThat(wrapped.keyType()).isEqualTo(KeyType.RSA);

            try (HsmToken t = world.module().openByLabel(target.label()); Pin pin = target.pin()) {
                t.login(pin);
                WrappingKey wk = t.importWrappingKey(kwk);
                HsmPrivateKey restored = t.unwrapPrivateKey(wk, wrapped, UnwrapTarget.restore("root", new byte[] {5}),
                        original.publicKey());

                Signature signer = Signature.getInstance("SHA384withRSA", t.signingProvider());
                signer.initSign(restored);
                signer.update(MESSAGE);
                Signature verifier = Signature.getInstance("SHA384withRSA");
                verifier.initVerify(original.publicKey());
                verifier.update(MESSAGE);
                assertThat(verifier.verify(signer.sign())).isTrue();

                assertThat(t.privateKey(new byte[] {5}).label()).isEqualTo("root");
                assertThatThrownBy(() -> t.wrapPrivateKey(wk, restored)).isInstanceOf(HsmException.class)
                        .hasMessageContaining("does not allow this key to leave it");
            }
            String listing = SoftHsmWorld.run("pkcs11-tool", "--module", SoftHsmWorld.LIBRARY.toString(),
                    "--token-label", target.label(), "--login", "--pin", target.userPin(), "--list-objects",
                    "--type", "privkey");
            assertThat(listing).containsPattern("label:\\s+root").containsPattern("Access:\\s+sensitive");
        }
    }

    @Test
    void wrappedBlobIsPlainRfc5649ThatSunJceUnwraps(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("rfc5649");
        byte[] kwkBytes = new byte[32];
        Seeded.random(107).nextBytes(kwkBytes);
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin();
                SecretBytes kwk = SecretBytes.copyOf(kwkBytes)) {
            t.login(pin);
            GeneratedKeyPair kp = t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P384), "root", new byte[] {6}, true);
            WrappedKey wrapped = TrustedWrap.wrap(t, hsm, kwk, new byte[] {6});

            Cipher aesWrapPad = Cipher.getInstance("AESWrapPad");
            aesWrapPad.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kwkBytes, "AES"));
            PrivateKey software = (PrivateKey) aesWrapPad.unwrap(wrapped.blob(), "EC", Cipher.PRIVATE_KEY);

            Signature signer = Signature.getInstance("SHA384withECDSA");
            signer.initSign(software);
            signer.update(MESSAGE);
            Signature verifier = Signature.getInstance("SHA384withECDSA");
            verifier.initVerify(kp.publicKey());
            verifier.update(MESSAGE);
            assertThat(verifier.verify(signer.sign())).isTrue();
        }
    }

    @Test
    void aWrongKwkIsReportedAsABackupThatDoesNotOpen(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("wrong-kwk");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin();
                SecretBytes right = kwk(); SecretBytes wrong = kwk(109)) {
            t.login(pin);
            GeneratedKeyPair kp = t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P256), "root", new byte[] {7}, true);
            WrappedKey wrapped = TrustedWrap.wrap(t, hsm, right, new byte[] {7});
            WrappingKey wrongKey = t.importWrappingKey(wrong);
            assertThatThrownBy(() -> t.unwrapPrivateKey(wrongKey, wrapped, UnwrapTarget.trial("trial", new byte[] {8}),
                    kp.publicKey()))
                    .isInstanceOf(HsmException.class)
                    .hasMessageContaining("does not open under this key-wrapping key");
            assertThat(t.findObjects(ObjectClass.PRIVATE_KEY, "trial", null)).isEmpty();
        }
    }

    @Test
    void aTrialUnwrapIsASessionObjectThatVanishesWithTheSession(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("trial");
        try (SecretBytes kwk = kwk()) {
            try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
                t.login(pin);
                GeneratedKeyPair kp = t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P384), "root", new byte[] {1}, true);
                WrappedKey wrapped = TrustedWrap.wrap(t, hsm, kwk, new byte[] {1});
                WrappingKey wk = t.importWrappingKey(kwk);
                HsmPrivateKey trial = t.unwrapPrivateKey(wk, wrapped, UnwrapTarget.trial("backup-proof", new byte[] {2}),
                        kp.publicKey());
                assertThat(t.sign(trial, SignatureAlgorithm.SHA384_WITH_ECDSA, MESSAGE)).isNotEmpty();
            }
            try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
                t.login(pin);
                assertThat(t.findObjects(ObjectClass.PRIVATE_KEY, null, null)).extracting(TokenObject::label)
                        .containsExactly("root");
                assertThat(t.findObjects(ObjectClass.SECRET_KEY, null, null)).isEmpty();
            }
        }
    }

    @Test
    void anUnwrappedKeyThatDoesNotMatchTheExpectedPublicKeyIsRemoved(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("mismatch");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin(); SecretBytes kwk = kwk()) {
            t.login(pin);
            GeneratedKeyPair a = t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P384), "a", new byte[] {1}, true);
            GeneratedKeyPair b = t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P384), "b", new byte[] {2}, true);
            WrappedKey wrappedA = TrustedWrap.wrap(t, hsm, kwk, new byte[] {1});
            WrappingKey wk = t.importWrappingKey(kwk);
            assertThatThrownBy(() -> t.unwrapPrivateKey(wk, wrappedA, UnwrapTarget.restore("restored", new byte[] {3}),
                    b.publicKey()))
                    .isInstanceOf(KeyCheckFailedException.class)
                    .hasMessageContaining("did not produce a signature that verifies");
            assertThat(t.findObjects(ObjectClass.PRIVATE_KEY, "restored", null)).isEmpty();
        }
    }

    private static SecretBytes kwk() {
        return kwk(108);
    }

    /** A KWK drawn from {@code seed}: the same seed gives the same key, so a wrong key needs another seed. */
    private static SecretBytes kwk(long seed) {
        byte[] k = new byte[32];
        Seeded.random(seed).nextBytes(k);
        return SecretBytes.adopt(k);
    }
}
