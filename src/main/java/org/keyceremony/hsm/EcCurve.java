package org.keyceremony.hsm;

import java.util.HexFormat;

/** The NIST curves a root or transcript-signing key may use. */
public enum EcCurve {
    P256("P-256", "06082a8648ce3d030107", 32, SignatureAlgorithm.SHA256_WITH_ECDSA),
    P384("P-384", "06052b81040022", 48, SignatureAlgorithm.SHA384_WITH_ECDSA),
    P521("P-521", "06052b81040023", 66, SignatureAlgorithm.SHA512_WITH_ECDSA);

    private final String displayName;
    private final String paramsHex;
    private final int fieldBytes;
    private final SignatureAlgorithm defaultSignature;

    EcCurve(String displayName, String paramsHex, int fieldBytes, SignatureAlgorithm defaultSignature) {
        this.displayName = displayName;
        this.paramsHex = paramsHex;
        this.fieldBytes = fieldBytes;
        this.defaultSignature = defaultSignature;
    }

    public String displayName() {
        return displayName;
    }

    /** CKA_EC_PARAMS: the DER-encoded named-curve OID. */
    byte[] ecParams() {
        return HexFormat.of().parseHex(paramsHex);
    }

    int fieldBytes() {
        return fieldBytes;
    }

    /** The signature algorithm whose hash matches the curve's strength. */
    public SignatureAlgorithm defaultSignature() {
        return defaultSignature;
    }

    static EcCurve ofParams(byte[] params) throws HsmException {
        String hex = HexFormat.of().formatHex(params);
        for (EcCurve c : values()) {
            if (c.paramsHex.equals(hex)) {
                return c;
            }
        }
        throw new HsmException("The EC key uses curve parameters " + hex
                + "; KeyCeremony supports P-256, P-384 and P-521 only.");
    }
}
