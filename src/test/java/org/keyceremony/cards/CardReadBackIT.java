package org.keyceremony.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.hsm.Pkcs11Api;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.sharing.ShareSet;
import org.keyceremony.testing.SoftHsmExtension;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.PKCS11Constants;
import org.keyceremony.testing.Seeded;

/**
 * The cards layer's own read-back: a card that stores the share but returns other bytes when
 * it is read again is caught, the object destroyed, and nothing reported as written. SoftHSM2
 * never does this, so a decorator in front of the real library flips a byte of the second
 * CKA_VALUE read after C_CreateObject (the hsm layer makes the first read-back itself).
 */
@ExtendWith(SoftHsmExtension.class)
class CardReadBackIT {

    @Test
    void aCardThatReadsBackDifferentBytesIsCaughtAndTheObjectDestroyed(SoftHsmWorld world) throws Exception {
        TestToken card = world.createToken("flaky");
        AtomicInteger readsSinceCreate = new AtomicInteger(-1);
        Pkcs11Module flaky = Pkcs11Module.open(SoftHsmWorld.LIBRARY, real -> flipSecondReadBack(real, readsSinceCreate));
        byte[] kwk = HexFormat.of().parseHex("d7ec354d9769af99e68dd9c9336b14cc52f87149f1cb042d4a02649f3dc580e2");
        try (ShareSet set = ShareSet.split(SecretBytes.copyOf(kwk), 2, 3, Seeded.random(105)); Pin pin = card.pin()) {
            CardRef ref = CardRef.byLabel(card.label());
            try (CardSession inserted = new CustodianCards(flaky).insert(ref)) {
                inserted.logIn(pin);
                assertThatThrownBy(() -> inserted.write(set.envelope(1)))
                        .isInstanceOf(CardException.class)
                        .hasMessage("card '" + card.label() + "' (serial " + card.serial() + ") returned different bytes"
                                + " for share object '" + CustodianCards.objectLabel(set.envelope(1)) + "' than were"
                                + " written. The object was destroyed. Use another card and report this one.");
            }
            assertThat(readsSinceCreate.get()).isGreaterThanOrEqualTo(2);
            try (CardSession again = new CustodianCards(world.module()).insert(ref)) {
                again.logIn(pin);
                CardContents left = again.contents();
                assertThat(left.shares()).isEmpty();
                assertThat(left.unreadable()).isEmpty();
            }
        }
    }

    private static Pkcs11Api flipSecondReadBack(Pkcs11Api real, AtomicInteger readsSinceCreate) {
        return (Pkcs11Api) Proxy.newProxyInstance(Pkcs11Api.class.getClassLoader(), new Class<?>[] {Pkcs11Api.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("C_CreateObject")) {
                        readsSinceCreate.set(0);
                    } else if (method.getName().equals("C_GetAttributeValue") && readsSinceCreate.get() >= 0) {
                        for (CK_ATTRIBUTE a : (CK_ATTRIBUTE[]) args[2]) {
                            if (a.type == PKCS11Constants.CKA_VALUE && a.pValue instanceof byte[] value
                                    && readsSinceCreate.incrementAndGet() == 2) {
                                value[value.length - 1] ^= 1;
                            }
                        }
                    }
                    return result;
                });
    }
}
