package org.keyceremony.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.secret.Pin;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;

@ExtendWith(SoftHsmExtension.class)
class Pkcs11ModuleIT {

    @Test
    void discoversTokensWithTheirIdentityFlagsAndMechanisms(SoftHsmWorld world) throws Exception {
        TestToken hsm = world.createToken("discover");
        TokenInfo info = world.module().tokens().stream().filter(t -> t.serial().equals(hsm.serial()))
                .findFirst().orElseThrow();

        assertThat(info.label()).isEqualTo(hsm.label());
        assertThat(info.manufacturer()).isEqualTo("SoftHSM project");
        assertThat(info.model()).isEqualTo("SoftHSM v2");
        assertThat(info.serial()).hasSize(16);
        assertThat(info.firmwareVersion()).matches("\\d+\\.\\d+");
        assertThat(info.flags().initialized()).isTrue();
        assertThat(info.flags().loginRequired()).isTrue();
        assertThat(info.flags().userPinInitialized()).isTrue();
        assertThat(info.flags().userPinLocked()).isFalse();
        assertThat(info.mechanisms().rsaKeyPairGeneration()).isTrue();
        assertThat(info.mechanisms().ecKeyPairGeneration()).isTrue();
        assertThat(info.mechanisms().keyWrap()).contains(KeyWrapMechanism.AES_KEY_WRAP_PAD);
        assertThat(info.mechanisms().describe()).isEqualTo("RSA keygen yes, EC keygen yes, RFC 5649 wrap CKM_AES_KEY_WRAP_PAD");
    }

    @Test
    void listsSoftHsmsSpareSlotAsNotInitialised(SoftHsmWorld world) throws Exception {
        world.createToken("spare");
        assertThat(world.module().tokens()).anySatisfy(t -> assertThat(t.flags().initialized()).isFalse());
    }

    @Test
    void opensATokenByLabelAndBySerial(SoftHsmWorld world) throws Exception {
        TestToken a = world.createToken("by-label");
        TestToken b = world.createToken("by-serial");
        try (HsmToken byLabel = world.module().openByLabel(a.label());
                HsmToken bySerial = world.module().openBySerial(b.serial())) {
            assertThat(byLabel.info().serial()).isEqualTo(a.serial());
            assertThat(bySerial.info().label()).isEqualTo(b.label());
            byLabel.ensurePresent();
            bySerial.ensurePresent();
        }
    }

    @Test
    void refusesAnAmbiguousLabelAndNamesTheSerials(SoftHsmWorld world) throws Exception {
        String label = world.uniqueLabel("twin");
        TestToken first = world.createToken(label, "so-pin-1", "user-pin-1");
        TestToken second = world.createToken(label, "so-pin-2", "user-pin-2");

        assertThatThrownBy(() -> world.module().openByLabel(label))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining("More than one token is labelled '" + label + "'")
                .hasMessageContaining(first.serial()).hasMessageContaining(second.serial())
                .hasMessageContaining("open it by serial");
        try (HsmToken t = world.module().openBySerial(second.serial())) {
            assertThat(t.info().label()).isEqualTo(label);
        }
    }

    @Test
    void reportsAnUnknownLabelWithTheTokensItSaw(SoftHsmWorld world) throws Exception {
        TestToken present = world.createToken("present");
        assertThatThrownBy(() -> world.module().openByLabel("no-such-token"))
                .isInstanceOf(TokenNotFoundException.class)
                .hasMessageContaining("No token labelled 'no-such-token'")
                .hasMessageContaining(present.label());
        assertThatThrownBy(() -> world.module().openBySerial("0000000000000000"))
                .isInstanceOf(TokenNotFoundException.class)
                .hasMessageContaining("No token with serial 0000000000000000");
    }

    @Test
    void reinitialisingSeesNewTokensAndEndsOldSessionsWithATypedError(SoftHsmWorld world) throws Exception {
        TestToken first = world.createToken("before-reinit");
        try (HsmToken old = world.module().openByLabel(first.label())) {
            TestToken later = world.createToken("after-reinit"); // re-initialises the module
            assertThat(world.module().tokens()).extracting(TokenInfo::label).contains(later.label());
            assertThatThrownBy(old::ensurePresent).isInstanceOf(SessionLostException.class)
                    .hasMessageContaining("initialised again").hasMessageContaining("Open the token again");
            try (Pin pin = first.pin()) {
                assertThatThrownBy(() -> old.login(pin)).isInstanceOf(SessionLostException.class);
            }
        }
        try (HsmToken reopened = world.module().openByLabel(first.label())) {
            reopened.ensurePresent();
        }
    }

    @Test
    void explainsAMissingLibrary() {
        assertThatThrownBy(() -> Pkcs11Module.open(Path.of("/nonexistent/libpkcs11.so")))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining("No PKCS#11 library at /nonexistent/libpkcs11.so")
                .hasMessageContaining("--module");
    }

    @Test
    void explainsAFileThatIsNotALoadableLibrary(@TempDir Path dir) throws Exception {
        Path fake = Files.writeString(dir.resolve("libfake.so"), "not a shared object");
        assertThatThrownBy(() -> Pkcs11Module.open(fake))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining("Could not load the PKCS#11 library")
                .hasMessageContaining("32-bit");
    }

    @Test
    void detectsTheFirstWellKnownLibraryThatExists(@TempDir Path dir) throws Exception {
        Path present = Files.writeString(dir.resolve("lib.so"), "");
        assertThat(Pkcs11Module.detect(List.of(dir.resolve("missing.so"), present))).contains(present);
        assertThat(Pkcs11Module.detect(List.of(dir.resolve("missing.so")))).isEmpty();
        assertThat(Pkcs11Module.detect()).contains(SoftHsmWorld.LIBRARY);
    }
}
