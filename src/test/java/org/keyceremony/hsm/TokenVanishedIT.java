package org.keyceremony.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.hsm.HsmFailures.returnCode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.secret.Pin;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/** Tokens that go away or misbehave mid-run: never a silent success. */
@ExtendWith(SoftHsmExtension.class)
class TokenVanishedIT {

    @Test
    void aTokenDeletedMidRunIsReportedAsGoneForEveryOperation(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("vanishing");
        try (HsmToken t = world.module().openByLabel(hsm.label()); Pin pin = hsm.pin()) {
            t.login(pin);
            GeneratedKeyPair kp = t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P256), "key", new byte[] {1}, true);

            world.deleteToken(hsm);

            String gone = "The token " + t.info().describe() + " in slot " + t.info().slotId() + " no longer answers";
            assertThatThrownBy(t::ensurePresent).isInstanceOf(HsmException.class)
                    .hasMessageStartingWith(gone).hasMessageContaining("the step was not carried out");
            assertThatThrownBy(() -> t.sign(kp.privateKey(), SignatureAlgorithm.SHA256_WITH_ECDSA, new byte[] {1}))
                    .isInstanceOf(HsmException.class).hasMessageContaining(gone);
            assertThatThrownBy(() -> t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P256), "key2", new byte[] {2}, false))
                    .isInstanceOf(HsmException.class).hasMessageContaining(gone);
            assertThatThrownBy(() -> t.createDataObject("keyceremony", "share", "x".getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(HsmException.class).hasMessageContaining(gone);
            assertThatThrownBy(() -> t.findObjects(ObjectClass.PRIVATE_KEY, null, null))
                    .isInstanceOf(HsmException.class).hasMessageContaining(gone);
        }
        world.module().reinitialize();
        assertThatThrownBy(() -> world.module().openByLabel(hsm.label())).isInstanceOf(TokenNotFoundException.class);
    }

    @Test
    void faultsInjectedInFrontOfTheLibraryBecomeTypedErrors(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("faulty");
        world.module(); // the shared library is loaded and initialised
        Pkcs11Module locked = Pkcs11Module.open(SoftHsmWorld.LIBRARY, failing("C_Login", ReturnCode.PIN_LOCKED));
        try (HsmToken t = locked.openByLabel(card.label()); Pin pin = card.pin()) {
            assertThatThrownBy(() -> t.login(pin)).isInstanceOf(HsmException.class).has(returnCode(ReturnCode.PIN_LOCKED))
                    .hasMessageContaining("no further tries are possible");
        }
        Pkcs11Module removed = Pkcs11Module.open(SoftHsmWorld.LIBRARY, failing("C_SignInit", ReturnCode.DEVICE_REMOVED));
        try (HsmToken t = removed.openByLabel(card.label()); Pin pin = card.pin()) {
            t.login(pin);
            assertThatThrownBy(() -> t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P256), "k", new byte[] {1}, false))
                    .isInstanceOf(HsmException.class).has(returnCode(ReturnCode.DEVICE_REMOVED))
                    .hasMessageContaining("Could not sign with key 'k'");
            assertThat(t.findObjects(ObjectClass.PRIVATE_KEY, null, null)).as("rolled back").isEmpty();
            assertThat(t.findObjects(ObjectClass.PUBLIC_KEY, null, null)).as("rolled back").isEmpty();
        }
    }

    /**
     * A decorator that fails every call of {@code method} with {@code code} and passes the rest
     * on. It fails an operation's C_xInit rather than its C_x: a real library ends the operation
     * when C_x fails, an injected failure in front of it would leave it active in the session.
     */
    private static UnaryOperator<Pkcs11Api> failing(String method, ReturnCode code) {
        return real -> (Pkcs11Api) Proxy.newProxyInstance(Pkcs11Api.class.getClassLoader(),
                new Class<?>[] {Pkcs11Api.class}, (proxy, m, args) -> {
                    if (m.getName().equals(method)) {
                        throw new PKCS11Exception(code.value(), null);
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
