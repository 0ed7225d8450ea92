package org.keyceremony.hsm;

import java.util.Optional;
import java.util.Set;

/** Whether a token offers the mechanisms a ceremony needs. */
public record MechanismSupport(boolean rsaKeyPairGeneration, boolean ecKeyPairGeneration, boolean rsaPkcsSigning,
        boolean ecdsaSigning, boolean aesKeyWrapPad, boolean aesKeyWrapKwp) {

    static final long CKM_RSA_PKCS_KEY_PAIR_GEN = 0x0;
    static final long CKM_RSA_PKCS = 0x1;
    static final long CKM_EC_KEY_PAIR_GEN = 0x1040;
    static final long CKM_ECDSA = 0x1041;

    static MechanismSupport of(Set<Long> mechanisms) {
        return new MechanismSupport(mechanisms.contains(CKM_RSA_PKCS_KEY_PAIR_GEN),
                mechanisms.contains(CKM_EC_KEY_PAIR_GEN), mechanisms.contains(CKM_RSA_PKCS),
                mechanisms.contains(CKM_ECDSA), mechanisms.contains(KeyWrapMechanism.AES_KEY_WRAP_PAD.value()),
                mechanisms.contains(KeyWrapMechanism.AES_KEY_WRAP_KWP.value()));
    }

    /** The RFC 5649 wrap mechanism to use: 0x210A when listed (SoftHSM2 rejects 0x210B), else 0x210B. */
    public Optional<KeyWrapMechanism> keyWrap() {
        if (aesKeyWrapPad) {
            return Optional.of(KeyWrapMechanism.AES_KEY_WRAP_PAD);
        }
        return aesKeyWrapKwp ? Optional.of(KeyWrapMechanism.AES_KEY_WRAP_KWP) : Optional.empty();
    }

    /** E.g. {@code RSA keygen yes, EC keygen yes, RFC 5649 wrap CKM_AES_KEY_WRAP_PAD}. */
    public String describe() {
        return "RSA keygen " + yesNo(rsaKeyPairGeneration) + ", EC keygen " + yesNo(ecKeyPairGeneration)
                + ", RFC 5649 wrap " + keyWrap().map(KeyWrapMechanism::ckmName).orElse("NO");
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "NO";
    }
}
