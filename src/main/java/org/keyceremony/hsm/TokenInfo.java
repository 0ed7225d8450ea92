package org.keyceremony.hsm;

/**
 * What a token says about itself (CK_TOKEN_INFO) plus the slot it sits in and the
 * mechanisms it offers. Strings are trimmed of PKCS#11's blank padding.
 */
public record TokenInfo(long slotId, String label, String manufacturer, String model, String serial,
        String firmwareVersion, String hardwareVersion, TokenFlags flags, MechanismSupport mechanisms) {

    /** How messages name a token: {@code 'label' (serial 1234)}. */
    public String describe() {
        return "'" + label + "' (serial " + serial + ")";
    }
}
