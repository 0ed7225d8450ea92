package org.keyceremony.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.hsm.HsmFailures.returnCode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.secret.Pin;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;

@ExtendWith(SoftHsmExtension.class)
class DataObjectsIT {
    private static final byte[] VALUE = "share-envelope-bytes".getBytes(StandardCharsets.US_ASCII);

    @Test
    void createsListsReadsAndDestroysPrivateDataObjects(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("card");
        try (HsmToken t = world.module().openByLabel(card.label()); Pin pin = card.pin()) {
            t.login(pin);
            DataObject created = t.createDataObject("keyceremony", "share-1", VALUE);
            t.createDataObject("other-app", "share-1", new byte[] {1});
            assertThat(created.application()).isEqualTo("keyceremony");
            assertThat(created.label()).isEqualTo("share-1");

            List<DataObject> found = t.findDataObjects("keyceremony");
            assertThat(found).extracting(DataObject::label).containsExactly("share-1");
            assertThat(t.readDataObject(found.get(0))).isEqualTo(VALUE);

            t.destroyObject(found.get(0).handle());
            assertThat(t.findDataObjects("keyceremony")).isEmpty();
            assertThat(t.findDataObjects("other-app")).hasSize(1);
        }
    }

    @Test
    void dataObjectsSurviveTheSessionAndArePrivate(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("persist");
        try (HsmToken t = world.module().openByLabel(card.label()); Pin pin = card.pin()) {
            t.login(pin);
            t.createDataObject("keyceremony", "share-2", VALUE);
        }
        String listing = SoftHsmWorld.run("pkcs11-tool", "--module", SoftHsmWorld.LIBRARY.toString(),
                "--token-label", card.label(), "--login", "--pin", card.userPin(), "--list-objects", "--type", "data");
        assertThat(listing).containsPattern("label:\\s+'share-2'").containsPattern("application:\\s+'keyceremony'")
                .containsPattern("flags:\\s+private");
        try (HsmToken t = world.module().openByLabel(card.label()); Pin pin = card.pin()) {
            assertThat(t.findDataObjects("keyceremony")).isEmpty();
            t.login(pin);
            assertThat(t.readDataObject(t.findDataObjects("keyceremony").get(0))).isEqualTo(VALUE);
        }
    }

    @Test
    void keepsNonAsciiLabelsIntactAsUtf8(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("utf8");
        try (HsmToken t = world.module().openByLabel(card.label()); Pin pin = card.pin()) {
            t.login(pin);
            t.createDataObject("keyceremony", "Anteil Müller – Ωmega", VALUE);
            assertThat(t.findDataObjects("keyceremony")).extracting(DataObject::label)
                    .containsExactly("Anteil Müller – Ωmega");
        }
    }

    @Test
    void refusesToOverwriteADataObject(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("overwrite");
        try (HsmToken t = world.module().openByLabel(card.label()); Pin pin = card.pin()) {
            t.login(pin);
            t.createDataObject("keyceremony", "share-3", VALUE);
            assertThatThrownBy(() -> t.createDataObject("keyceremony", "share-3", new byte[] {9}))
                    .isInstanceOf(HsmException.class)
                    .hasMessageContaining("already exists").hasMessageContaining("never overwritten");
            assertThat(t.readDataObject(t.findDataObjects("keyceremony").get(0))).isEqualTo(VALUE);
        }
    }

    @Test
    void writingWithoutLoginIsRefusedAsNotLoggedIn(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("no-login");
        try (HsmToken t = world.module().openByLabel(card.label())) {
            assertThatThrownBy(() -> t.createDataObject("keyceremony", "share-4", VALUE))
                    .isInstanceOf(HsmException.class).has(returnCode(ReturnCode.USER_NOT_LOGGED_IN))
                    .hasMessageContaining("needs a login");
        }
    }
}
