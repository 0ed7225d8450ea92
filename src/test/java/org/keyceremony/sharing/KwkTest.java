package org.keyceremony.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.sharing.FormatVectors.hex;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.Seeded;

/** KWK derivation and check value, against the vectors in docs/formats.md (cross-checked with openssl). */
class KwkTest {

    @Test
    void derivationMatchesTheSpecVector() throws Exception {
        FormatVectors.assertDocumented("KWK   = " + FormatVectors.KWK);
        try (SecretBytes kwk = KwkDerivation.derive(SecretBytes.copyOf(hex(FormatVectors.R_HSM)),
                SecretBytes.copyOf(hex(FormatVectors.R_JVM)))) {
            assertThat(kwk.reveal()).isEqualTo(hex(FormatVectors.KWK));
        }
    }

    @Test
    void eachSourceChangesTheKwk() throws Exception {
        byte[] hsm = hex(FormatVectors.R_HSM);
        byte[] jvm = hex(FormatVectors.R_JVM);
        byte[] otherHsm = hsm.clone();
        otherHsm[31] ^= 1;
        byte[] otherJvm = jvm.clone();
        otherJvm[0] ^= 1;
        byte[] base = KwkDerivation.derive(SecretBytes.copyOf(hsm), SecretBytes.copyOf(jvm)).reveal();
        assertThat(KwkDerivation.derive(SecretBytes.copyOf(otherHsm), SecretBytes.copyOf(jvm)).reveal()).isNotEqualTo(base);
        assertThat(KwkDerivation.derive(SecretBytes.copyOf(hsm), SecretBytes.copyOf(otherJvm)).reveal()).isNotEqualTo(base);
        // Swapping the sources is a different KWK too: the order is part of the spec.
        assertThat(KwkDerivation.derive(SecretBytes.copyOf(jvm), SecretBytes.copyOf(hsm)).reveal()).isNotEqualTo(base);
    }

    @Test
    void generateDrawsFreshJvmRandomnessEachTime() throws Exception {
        SecretBytes hsm = SecretBytes.copyOf(hex(FormatVectors.R_HSM));
        SecureRandom random = Seeded.random(117);
        try (SecretBytes a = KwkDerivation.generate(hsm, random); SecretBytes b = KwkDerivation.generate(hsm, random)) {
            assertThat(a.length()).isEqualTo(32);
            assertThat(a.sameAs(b)).isFalse();
        }
    }

    @Test
    void refusesADeadHsmGenerator() {
        assertThatThrownBy(() -> KwkDerivation.generate(SecretBytes.copyOf(new byte[32]), Seeded.random(118)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("The 32 random bytes from the HSM's random number generator are all equal:"
                        + " the generator is not working. Stop and check the device.");
    }

    @Test
    void refusesTooFewHsmBytes() {
        assertThatThrownBy(() -> KwkDerivation.generate(SecretBytes.copyOf(new byte[16]), Seeded.random(119)))
                .hasMessage("Expected 32 random bytes from the HSM's random number generator, got 16.");
    }

    @Test
    void checkValueMatchesTheSpecVector() throws Exception {
        FormatVectors.assertDocumented("KCV = " + FormatVectors.KCV);
        try (SecretBytes kwk = SecretBytes.copyOf(hex(FormatVectors.KWK))) {
            KwkCheckValue kcv = KwkCheckValue.of(kwk);
            assertThat(kcv.hex()).isEqualTo(FormatVectors.KCV);
            assertThat(kcv.matches(kwk)).isTrue();
            assertThat(kcv).isEqualTo(KwkCheckValue.fromHex(FormatVectors.KCV));
        }
    }

    @Test
    void checkValueRejectsAnotherKey() {
        byte[] k = hex(FormatVectors.KWK);
        k[5] ^= 1;
        assertThat(KwkCheckValue.fromHex(FormatVectors.KCV).matches(SecretBytes.copyOf(k))).isFalse();
    }
}
