package org.keyceremony.cards;

import org.keyceremony.hsm.HsmException;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.Pkcs11Module;

/** How a custodian card is found among the tokens of a PKCS#11 library: by label or by serial. */
public sealed interface CardRef permits CardRef.ByLabel, CardRef.BySerial {

    /** Opens a session with the card. */
    HsmToken open(Pkcs11Module module) throws HsmException;

    /** The card with token label {@code label}; refused when two cards share it. */
    static CardRef byLabel(String label) {
        return new ByLabel(label);
    }

    /** The card with token serial {@code serial}. */
    static CardRef bySerial(String serial) {
        return new BySerial(serial);
    }

    /** A card found by its token label. */
    record ByLabel(String label) implements CardRef {
        public ByLabel {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("a card label is required");
            }
        }

        @Override
        public HsmToken open(Pkcs11Module module) throws HsmException {
            return module.openByLabel(label);
        }

        @Override
        public String toString() {
            return "card labelled '" + label + "'";
        }
    }

    /** A card found by its token serial. */
    record BySerial(String serial) implements CardRef {
        public BySerial {
            if (serial == null || serial.isBlank()) {
                throw new IllegalArgumentException("a card serial is required");
            }
        }

        @Override
        public HsmToken open(Pkcs11Module module) throws HsmException {
            return module.openBySerial(serial);
        }

        @Override
        public String toString() {
            return "card with serial " + serial;
        }
    }
}
