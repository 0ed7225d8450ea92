package org.keyceremony.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.hsm.HsmFailures.returnCode;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.secret.Pin;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;

@ExtendWith(SoftHsmExtension.class)
class LoginIT {

    @Test
    void wrongPinIsAClearErrorAndTheRightPinStillWorks(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("wrong-pin");
        try (HsmToken t = world.module().openByLabel(card.label())) {
            try (Pin wrong = card.wrongPin()) {
                assertThatThrownBy(() -> t.login(wrong))
                        .isInstanceOf(HsmException.class)
                        .hasMessage("Could not log in on token '" + card.label() + "' (serial " + card.serial()
                                + "): the PIN was not accepted; few tries remain before the PIN locks."
                                + " Ask its holder to type it again, slowly.")
                        .satisfies(e -> assertThat(((HsmException) e).returnCode()).contains(ReturnCode.PIN_INCORRECT));
                assertThat(wrong.isWiped()).isFalse();
            }
            assertThat(t.isLoggedIn()).isFalse();
            assertThat(t.currentInfo().flags().userPinCountLow()).isTrue();
            try (Pin right = card.pin()) {
                t.login(right);
            }
            assertThat(t.isLoggedIn()).isTrue();
        }
    }

    @Test
    void loggingInTwiceIsRefusedAsAlreadyLoggedIn(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("twice");
        try (HsmToken t = world.module().openByLabel(card.label()); Pin pin = card.pin()) {
            t.login(pin);
            assertThatThrownBy(() -> t.login(pin))
                    .isInstanceOf(HsmException.class).has(returnCode(ReturnCode.USER_ALREADY_LOGGED_IN))
                    .hasMessageContaining("already logged in");
            t.logout();
            assertThat(t.isLoggedIn()).isFalse();
            t.login(pin);
        }
    }

    @Test
    void noPinAppearsInAnyMessage(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("no-leak");
        try (HsmToken t = world.module().openByLabel(card.label()); Pin wrong = card.wrongPin()) {
            assertThatThrownBy(() -> t.login(wrong))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(card.userPin()).doesNotContain("wrong"));
        }
    }

    @Test
    void privateObjectsAreInvisibleWithoutLogin(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("private");
        try (HsmToken t = world.module().openByLabel(card.label()); Pin pin = card.pin()) {
            t.login(pin);
            t.createDataObject("keyceremony", "share", "s3cret".getBytes(StandardCharsets.US_ASCII));
            t.generateKeyPair(new KeyPairSpec.Ec(EcCurve.P256), "key", new byte[] {7}, false);
        }
        try (HsmToken t = world.module().openByLabel(card.label())) {
            assertThat(t.findDataObjects("keyceremony")).isEmpty();
            assertThat(t.findObjects(ObjectClass.PRIVATE_KEY, null, null)).isEmpty();
            assertThat(t.findObjects(ObjectClass.PUBLIC_KEY, "key", null)).hasSize(1);
            assertThatThrownBy(() -> t.privateKey(new byte[] {7}))
                    .isInstanceOf(HsmException.class)
                    .hasMessageContaining("not logged in");
        }
    }
}
