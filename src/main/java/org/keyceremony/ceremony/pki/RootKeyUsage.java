package org.keyceremony.ceremony.pki;

import java.util.Set;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.keyceremony.script.KeyUsageBit;

/** A script's keyUsage bits as the extension's value: what the issuer encodes and the lint expects. */
final class RootKeyUsage {
    private RootKeyUsage() {
    }

    /** RFC 5280 bit n is BC's {@code 1 << (7 - n)}; decipherOnly, bit 8, is BC's own constant. */
    static KeyUsage of(Set<KeyUsageBit> bits) {
        int mask = 0;
        for (KeyUsageBit b : bits) {
            mask |= mask(b);
        }
        return new KeyUsage(mask);
    }

    /** One bit as BC's KeyUsage mask. */
    static int mask(KeyUsageBit bit) {
        return bit.bit() == 8 ? KeyUsage.decipherOnly : 1 << (7 - bit.bit());
    }
}
