package org.keyceremony.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.hsm.HsmFailures.returnCode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.PKCS11Constants;
import org.keyceremony.testing.Seeded;

/**
 * Who can take a key out of the HSM, on real SoftHSM2 tokens: the preflight probe, the trusted
 * wrapping key only the security officer can make, and a sealed (non-extractable) key. For
 * an HSM that does not enforce what SoftHSM2 enforces, a layer in front of the real library
 * drops the protective attribute from the templates, as such an HSM would ignore it.
 */
@ExtendWith(SoftHsmExtension.class)
class KeyProtectionIT {
    private static final KeyPairSpec EC = new KeyPairSpec.Ec(EcCurve.P384);

    @Test
    void softHsm2EnforcesEveryPropertyTheProbeTriesAndKeepsNothing(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("probe");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            KeyProtectionProof proof = t.proveKeyProtection(EC);
            assertThat(proof.failures()).as(String.valueOf(proof.checks())).isEmpty();
            assertThat(proof.probeKey()).isEqualTo("EC P-384");
            assertThat(proof.mechanisms()).contains("CKM_AES_KEY_WRAP_PAD", "CKM_AES_KEY_WRAP");
            assertThat(proof.checks()).hasSize(12).extracting(ProtectionCheck::describe).anySatisfy(d -> assertThat(d)
                    .startsWith("held: an untrusted key cannot wrap a key marked CKA_WRAP_WITH_TRUSTED")
                    .contains("CKM_AES_KEY_WRAP_PAD: CKR_KEY_NOT_WRAPPABLE"))
                    .anySatisfy(d -> assertThat(d).startsWith("held: a non-extractable key cannot be wrapped")
                            .contains("CKR_KEY_UNEXTRACTABLE"))
                    .anySatisfy(d -> assertThat(d).startsWith("held: the user cannot create a key marked CKA_TRUSTED")
                            .contains("CKR_ATTRIBUTE_READ_ONLY"))
                    .anySatisfy(d -> assertThat(d).startsWith("held: control: ").contains("wrapped with"));
            for (ObjectClass c : ObjectClass.values()) {
                assertThat(t.findObjects(c, null, null)).as("left by the probe: " + c).isEmpty();
            }
        }
    }

    @Test
    void anHsmThatIgnoresWrapWithTrustedIsNamedForWhatItLacks(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("lax-wwt");
        Pkcs11Module lax = Pkcs11Module.open(SoftHsmWorld.LIBRARY, dropping("C_GenerateKeyPair",
                PKCS11Constants.CKA_WRAP_WITH_TRUSTED));
        try (HsmToken t = lax.openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            KeyProtectionProof proof = t.proveKeyProtection(new KeyPairSpec.Ec(EcCurve.P256));
            assertThat(proof.allHeld()).isFalse();
            assertThat(proof.failures()).extracting(ProtectionCheck::property).containsExactlyInAnyOrder(
                    "a key generated with CKA_WRAP_WITH_TRUSTED=true keeps it",
                    "an untrusted key cannot wrap a key marked CKA_WRAP_WITH_TRUSTED");
            assertThat(proof.failures()).extracting(ProtectionCheck::observed)
                    .anySatisfy(o -> assertThat(o).contains("CKM_AES_KEY_WRAP_PAD: WRAPPED"));
        }
    }

    @Test
    void anHsmThatLetsTheUserMakeTrustedKeysIsNamed(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("lax-trust");
        Pkcs11Module lax = Pkcs11Module.open(SoftHsmWorld.LIBRARY, dropping("C_CreateObject", PKCS11Constants.CKA_TRUSTED));
        try (HsmToken t = lax.openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            KeyProtectionProof proof = t.proveKeyProtection(EC);
            assertThat(proof.failures()).extracting(ProtectionCheck::property)
                    .containsExactly("the user cannot create a key marked CKA_TRUSTED (only the security officer can)");
        }
    }

    @Test
    void onlyAKeyTheSecurityOfficerTrustedWrapsTheRootKey(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("trusted-wrap");
        byte[] id = {0x11};
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin(); SecretBytes kwk = kwk()) {
            t.login(pin);
            GeneratedKeyPair root = t.generateKeyPair(EC, "root", id, true);
            KeyProtection born = t.keyProtection(root.privateKey());
            assertThat(born.extractable()).contains(true);
            assertThat(born.wrapWithTrusted()).contains(true);
            assertThat(born.sensitive()).contains(true);
            assertThat(born.neverExtractable()).contains(false);

            WrappingKey mine = t.importWrappingKey(kwk);
            assertThatThrownBy(() -> t.wrapPrivateKey(mine, root.privateKey()))
                    .isInstanceOf(HsmException.class).has(returnCode(ReturnCode.KEY_NOT_WRAPPABLE))
                    .hasMessageContaining("does not allow this key to leave it");
            assertThatThrownBy(() -> t.importTrustedWrappingKey(kwk)).isInstanceOf(HsmException.class)
                    .has(returnCode(ReturnCode.USER_NOT_LOGGED_IN))
                    .hasMessageContaining("only the security officer can mark a key trusted");
            t.destroyObject(mine.handle());
            try (Pin so = Pin.copyOf(hsm.soPin().toCharArray())) {
                assertThatThrownBy(() -> t.loginSecurityOfficer(so)).isInstanceOf(HsmException.class)
                        .has(returnCode(ReturnCode.USER_ALREADY_LOGGED_IN));
            }

            WrappedKey wrapped = TrustedWrap.wrap(t, hsm, kwk, id);
            assertThat(wrapped.blob()).hasSizeGreaterThan(40);
            assertThat(t.isLoggedIn()).isTrue();
            assertThat(t.findObjects(ObjectClass.SECRET_KEY, null, null)).as("the trusted key is gone").isEmpty();
        }
    }

    @Test
    void aSealedKeyRefusesEveryWrapEvenUnderATrustedKeyAndCannotBeUnsealed(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("sealed");
        byte[] id = {0x22};
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin(); SecretBytes kwk = kwk()) {
            t.login(pin);
            GeneratedKeyPair root = t.generateKeyPair(EC, "root", id, true);
            KeyProtection sealed = t.makeUnextractable(root.privateKey());
            assertThat(sealed.sealed()).isTrue();
            assertThat(sealed.describe()).containsExactly("CKA_EXTRACTABLE=false", "CKA_NEVER_EXTRACTABLE=false",
                    "CKA_SENSITIVE=true", "CKA_ALWAYS_SENSITIVE=true", "CKA_WRAP_WITH_TRUSTED=true");
            assertThat(t.refusedWraps(root.privateKey())).contains("CKM_AES_KEY_WRAP_PAD: CKR_KEY_UNEXTRACTABLE",
                    "CKM_AES_KEY_WRAP: CKR_KEY_UNEXTRACTABLE");
            assertThatThrownBy(() -> TrustedWrap.wrap(t, hsm, kwk, id)).isInstanceOf(HsmException.class)
                    .has(returnCode(ReturnCode.KEY_UNEXTRACTABLE)).hasMessageContaining("does not allow this key to leave it");
            assertThat(t.makeUnextractable(t.privateKey(id)).sealed()).as("sealing again is harmless").isTrue();
        }
    }

    @Test
    void aKeyThatCanStillBeWrappedByAnyKeyIsCaughtBeforeAnyoneReliesOnIt(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("open-key");
        Pkcs11Module lax = Pkcs11Module.open(SoftHsmWorld.LIBRARY, dropping("C_GenerateKeyPair",
                PKCS11Constants.CKA_WRAP_WITH_TRUSTED));
        try (HsmToken t = lax.openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            GeneratedKeyPair key = t.generateKeyPair(EC, "open", new byte[] {0x33}, true);
            assertThatThrownBy(() -> t.refusedWraps(key.privateKey())).isInstanceOf(KeyCheckFailedException.class)
                    .hasMessageContaining("let an untrusted key wrap 'open'")
                    .hasMessageContaining("discarded unread");
            assertThat(t.findObjects(ObjectClass.SECRET_KEY, null, null)).as("the test key is gone").isEmpty();
        }
    }

    @Test
    void aRestoredKeyIsNonExtractableAndWrapsOnlyUnderTrustedKeysFromTheStart(SoftHsmWorld world) throws Exception {
        TestToken source = world.createToken("restore-source");
        TestToken target = world.createToken("restore-target");
        byte[] id = {0x44};
        try (SecretBytes kwk = kwk()) {
            WrappedKey wrapped;
            GeneratedKeyPair original;
            try (HsmToken t = world.module().openByLabel(source.label()); Pin pin = source.pin()) {
                t.login(pin);
                original = t.generateKeyPair(EC, "root", id, true);
                wrapped = TrustedWrap.wrap(t, source, kwk, id);
            }
            try (HsmToken t = world.module().openByLabel(target.label()); Pin pin = target.pin()) {
                t.login(pin);
                WrappingKey wk = t.importWrappingKey(kwk);
                HsmPrivateKey restored = t.unwrapPrivateKey(wk, wrapped, UnwrapTarget.restore("root", id),
                        original.publicKey());
                t.destroyObject(wk.handle());
                KeyProtection p = t.keyProtection(restored);
                assertThat(p.sealed()).isTrue();
                assertThat(p.wrapWithTrusted()).contains(true);
                assertThat(p.alwaysSensitive()).as("it came in from outside").contains(false);
                assertThat(t.refusedWraps(restored)).contains("CKM_AES_KEY_WRAP_PAD: CKR_KEY_UNEXTRACTABLE")
                        .noneSatisfy(r -> assertThat(r).contains("WRAPPED"));
            }
        }
    }

    /** A layer that removes attribute {@code type} from every template of {@code call}: an HSM that ignores it. */
    private static UnaryOperator<Pkcs11Api> dropping(String call, long type) {
        return real -> (Pkcs11Api) Proxy.newProxyInstance(Pkcs11Api.class.getClassLoader(),
                new Class<?>[] {Pkcs11Api.class}, (proxy, m, args) -> {
                    if (m.getName().equals(call)) {
                        for (int i = 0; i < args.length; i++) {
                            if (args[i] instanceof CK_ATTRIBUTE[] template) {
                                args[i] = Arrays.stream(template).filter(a -> a.type != type).toArray(CK_ATTRIBUTE[]::new);
                            }
                        }
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static SecretBytes kwk() {
        byte[] k = new byte[32];
        Seeded.random(109).nextBytes(k);
        return SecretBytes.adopt(k);
    }
}
