package org.keyceremony.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_LOGIN_REQUIRED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_COUNT_LOW;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_FINAL_TRY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_LOCKED;

import org.junit.jupiter.api.Test;
import org.keyceremony.hsm.TokenFlags;

/** The token's PIN flags, most serious first (a token may report count-low and final-try together). */
class PinStateTest {

    @Test
    void readsTheMostSeriousFlag() {
        assertThat(PinState.of(TokenFlags.of(CKF_LOGIN_REQUIRED))).isEqualTo(PinState.OK);
        assertThat(PinState.of(TokenFlags.of(CKF_USER_PIN_COUNT_LOW))).isEqualTo(PinState.COUNT_LOW);
        assertThat(PinState.of(TokenFlags.of(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY))).isEqualTo(PinState.FINAL_TRY);
        assertThat(PinState.of(TokenFlags.of(CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED))).isEqualTo(PinState.LOCKED);
    }
}
