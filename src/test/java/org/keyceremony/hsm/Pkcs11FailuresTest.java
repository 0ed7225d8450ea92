package org.keyceremony.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.ProviderException;
import java.security.SignatureException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import sun.security.pkcs11.wrapper.PKCS11Constants;
import sun.security.pkcs11.wrapper.PKCS11Exception;

class Pkcs11FailuresTest {
    private static final String WHAT = "log in on token 'card-1' (serial 1234)";

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of(ReturnCode.TOKEN_NOT_PRESENT, "no longer present"),
                Arguments.of(ReturnCode.DEVICE_REMOVED, "Re-insert it"),
                Arguments.of(ReturnCode.SESSION_HANDLE_INVALID, "session with the token was lost"),
                Arguments.of(ReturnCode.USER_ALREADY_LOGGED_IN, "already logged in"),
                Arguments.of(ReturnCode.USER_NOT_LOGGED_IN, "needs a login"),
                Arguments.of(ReturnCode.KEY_UNEXTRACTABLE, "not even wrapped"),
                Arguments.of(ReturnCode.KEY_NOT_WRAPPABLE, "not even wrapped"),
                Arguments.of(ReturnCode.WRAPPED_KEY_INVALID, "does not open"),
                Arguments.of(ReturnCode.MECHANISM_INVALID, "does not support"),
                Arguments.of(ReturnCode.DEVICE_MEMORY, "out of memory"),
                Arguments.of(ReturnCode.GENERAL_ERROR, "the token reported a failure"),
                Arguments.of(ReturnCode.DEVICE_ERROR, "the token reported a failure"));
    }

    @ParameterizedTest
    @MethodSource("codes")
    void mapsEachReturnCodeToAnActionableMessageCarryingTheCode(ReturnCode code, String text) {
        HsmException e = Pkcs11Failures.translate(new PKCS11Exception(code.value(), null), WHAT, null);
        assertThat(e.getMessage()).startsWith("Could not " + WHAT + ": ").contains(text)
                .endsWith("[" + code.ckrName() + " (0x" + Long.toHexString(code.value()) + ")]");
        assertThat(e.returnCode()).contains(code);
    }

    static Stream<Arguments> pinCodes() {
        return Stream.of(
                Arguments.of(ReturnCode.PIN_INCORRECT, "the PIN was not accepted"),
                Arguments.of(ReturnCode.PIN_INVALID, "the PIN was not accepted"),
                Arguments.of(ReturnCode.PIN_LOCKED, "the PIN is locked"),
                Arguments.of(ReturnCode.PIN_EXPIRED, "the PIN is locked (or expired)"),
                Arguments.of(ReturnCode.PIN_LEN_RANGE, "shorter or longer than this token allows"));
    }

    @ParameterizedTest
    @MethodSource("pinCodes")
    void aRefusedPinIsSaidInWordsWithThePkcs11CodeOnlyInTheDetail(ReturnCode code, String text) {
        HsmException e = Pkcs11Failures.translate(new PKCS11Exception(code.value(), null), WHAT, null);
        assertThat(e.getMessage()).startsWith("Could not " + WHAT + ": ").contains(text)
                .doesNotContain("CKR").doesNotContain("0x");
        assertThat(e.returnCode()).contains(code);
        assertThat(e.detail()).contains("PKCS#11 return code: " + code.ckrName() + " (0x" + Long.toHexString(code.value()) + ")");
    }

    @Test
    void aWrongHsmPinAsksTheAdministratorAndAWrongCardPinThatCardsCustodian() {
        PKCS11Exception wrong = new PKCS11Exception(ReturnCode.PIN_INCORRECT.value(), null);

        assertThat(Pkcs11Failures.translate(wrong, "log in on token 'rehearsal-hsm' (serial 99)",
                PKCS11Constants.CKF_USER_PIN_COUNT_LOW, PinHolder.administrator()).getMessage())
                .isEqualTo("Could not log in on token 'rehearsal-hsm' (serial 99): the HSM's user PIN was not accepted; "
                        + "few tries remain before the PIN locks. Ask the administrator to type it again, slowly.");
        assertThat(Pkcs11Failures.translate(wrong, WHAT, 0L, PinHolder.custodianOf("card-1")).getMessage())
                .isEqualTo("Could not " + WHAT + ": the card's PIN was not accepted; further tries remain (the token "
                        + "does not say how many). Ask the custodian who holds 'card-1' to type it again, slowly.");
        assertThat(Pkcs11Failures.translate(new PKCS11Exception(ReturnCode.PIN_LEN_RANGE.value(), null), WHAT, null,
                PinHolder.administrator()).getMessage())
                .contains("the HSM's user PIN is shorter or longer than this token allows. Ask the administrator to check it")
                .doesNotContain("custodian");
    }

    @Test
    void findsTheReturnCodeDeepInACauseChain() {
        Exception deep = new SignatureException("sign failed", new ProviderException("wrapped",
                new IllegalStateException("again", new PKCS11Exception(ReturnCode.PIN_INCORRECT.value(), null))));
        HsmException e = Pkcs11Failures.translate(deep, WHAT, null);
        assertThat(e.returnCode()).contains(ReturnCode.PIN_INCORRECT);
        assertThat(e.getMessage()).contains("the PIN was not accepted");
    }

    @Test
    void saysHowManyPinTriesRemainWhenTheTokenTellsIt() {
        PKCS11Exception wrong = new PKCS11Exception(ReturnCode.PIN_INCORRECT.value(), null);
        assertThat(Pkcs11Failures.translate(wrong, WHAT, 0L).getMessage())
                .contains("further tries remain (the token does not say how many)");
        assertThat(Pkcs11Failures.translate(wrong, WHAT, PKCS11Constants.CKF_USER_PIN_COUNT_LOW).getMessage())
                .contains("few tries remain before the PIN locks");
        assertThat(Pkcs11Failures.translate(wrong, WHAT, PKCS11Constants.CKF_USER_PIN_FINAL_TRY).getMessage())
                .contains("only ONE try remains before the PIN locks");
        assertThat(Pkcs11Failures.translate(wrong, WHAT, PKCS11Constants.CKF_USER_PIN_LOCKED))
                .satisfies(e -> assertThat(e.returnCode()).contains(ReturnCode.PIN_INCORRECT))
                .hasMessageContaining("is now locked").hasMessageContaining("No further tries are possible");
    }

    @Test
    void anUnknownCodeIsADeviceErrorNamedByNumber() {
        HsmException e = Pkcs11Failures.translate(new PKCS11Exception(0x80000001L, null), WHAT, null);
        assertThat(e).isExactlyInstanceOf(HsmException.class);
        assertThat(e.getMessage()).contains("does not know").endsWith("[CKR 0x80000001]");
        assertThat(e.returnCode()).isEmpty();
    }

    @Test
    void aFailureWithoutAReturnCodeNamesOnlyItsType() {
        HsmException e = Pkcs11Failures.translate(new IllegalStateException("secret 1234 inside"), WHAT, null);
        assertThat(e).isExactlyInstanceOf(HsmException.class);
        assertThat(e.returnCode()).isEmpty();
        assertThat(e.getMessage()).contains("IllegalStateException").doesNotContain("1234 inside");
    }

    @Test
    void aLostSessionIsTheOneCodeFamilyCaughtByType() {
        for (ReturnCode code : new ReturnCode[] {ReturnCode.SESSION_HANDLE_INVALID, ReturnCode.SESSION_CLOSED,
                ReturnCode.CRYPTOKI_NOT_INITIALIZED}) {
            assertThat(Pkcs11Failures.translate(new PKCS11Exception(code.value(), null), WHAT, null))
                    .isInstanceOf(SessionLostException.class);
        }
        assertThat(Pkcs11Failures.translate(new PKCS11Exception(ReturnCode.PIN_INCORRECT.value(), null), WHAT, null))
                .isExactlyInstanceOf(HsmException.class);
    }

    @Test
    void everyKnownCodeHasADistinctValueAndRoundTrips() {
        for (ReturnCode c : ReturnCode.values()) {
            assertThat(ReturnCode.of(c.value())).contains(c);
        }
    }
}
