package org.keyceremony.testing;

import org.keyceremony.secret.Pin;

/** A SoftHSM2 token made for one test: its label, serial and PINs (test PINs, not secrets). */
public record TestToken(String label, String serial, String soPin, String userPin) {

    /** A new {@link Pin} holding the user PIN; close it after use. */
    public Pin pin() {
        return Pin.copyOf(userPin.toCharArray());
    }

    /** A PIN that is certainly wrong. */
    public Pin wrongPin() {
        return Pin.copyOf((userPin + "-wrong").toCharArray());
    }
}
