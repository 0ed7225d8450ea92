package org.keyceremony.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import sun.security.pkcs11.wrapper.PKCS11Constants;

class TokenInfoTest {

    @Test
    void describesTheFlagsACustodianCaresAbout() {
        long raw = PKCS11Constants.CKF_TOKEN_INITIALIZED | PKCS11Constants.CKF_LOGIN_REQUIRED
                | PKCS11Constants.CKF_USER_PIN_INITIALIZED | PKCS11Constants.CKF_USER_PIN_FINAL_TRY;
        TokenFlags flags = TokenFlags.of(raw);
        assertThat(flags.userPinFinalTry()).isTrue();
        assertThat(flags.userPinLocked()).isFalse();
        assertThat(flags.describe()).isEqualTo("initialised, login required, user PIN set, PIN final try");
        assertThat(TokenFlags.of(PKCS11Constants.CKF_USER_PIN_LOCKED).describe())
                .isEqualTo("NOT initialised, user PIN NOT set, PIN LOCKED");
    }

    @Test
    void prefersWrapPadAndFallsBackToKwp() {
        assertThat(MechanismSupport.of(Set.of(0x210AL, 0x210BL)).keyWrap()).contains(KeyWrapMechanism.AES_KEY_WRAP_PAD);
        assertThat(MechanismSupport.of(Set.of(0x210BL)).keyWrap()).contains(KeyWrapMechanism.AES_KEY_WRAP_KWP);
        assertThat(MechanismSupport.of(Set.of(0x0L)).keyWrap()).isEmpty();
        assertThat(MechanismSupport.of(Set.of(0x0L)).describe()).isEqualTo("RSA keygen yes, EC keygen NO, RFC 5649 wrap NO");
        assertThat(KeyWrapMechanism.AES_KEY_WRAP_KWP.describe()).isEqualTo("CKM_AES_KEY_WRAP_KWP (0x210b, RFC 5649)");
    }

    @Test
    void refusesRsaSizesBelowARootKeysStrength() {
        assertThatThrownBy(() -> new KeyPairSpec.Rsa(2048)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RSA key size must be 3072 or 4096 bits, not 2048");
        assertThat(new KeyPairSpec.Ec(EcCurve.P384).describe()).isEqualTo("EC P-384");
        assertThat(new KeyPairSpec.Ec(EcCurve.P384).defaultSignature()).isEqualTo(SignatureAlgorithm.SHA384_WITH_ECDSA);
    }

    @Test
    void encodesRawEcdsaSignaturesAsDer() {
        byte[] raw = new byte[64];
        raw[31] = 1;          // r = 1
        raw[32] = (byte) 0x80; // s has its top bit set: needs a leading zero
        byte[] der = Der.ecdsaSignature(raw);
        assertThat(der[0]).isEqualTo((byte) 0x30);
        assertThat(der[2]).isEqualTo((byte) 0x02);
        assertThat(der[3]).isEqualTo((byte) 1);
        assertThat(der[4]).isEqualTo((byte) 1);
        assertThat(der[5]).isEqualTo((byte) 0x02);
        assertThat(der[6]).isEqualTo((byte) 33);
        assertThat(der[7]).isEqualTo((byte) 0);
        assertThat(der).hasSize(2 + 3 + 35);
    }
}
