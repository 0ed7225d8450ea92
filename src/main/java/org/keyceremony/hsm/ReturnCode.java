package org.keyceremony.hsm;

import java.util.Optional;

/** The PKCS#11 return codes (CKR_*) we can meet and name; others are reported by number. */
public enum ReturnCode {
    CANCEL(0x01),
    HOST_MEMORY(0x02),
    SLOT_ID_INVALID(0x03),
    GENERAL_ERROR(0x05),
    FUNCTION_FAILED(0x06),
    ARGUMENTS_BAD(0x07),
    ATTRIBUTE_READ_ONLY(0x10),
    ATTRIBUTE_SENSITIVE(0x11),
    ATTRIBUTE_TYPE_INVALID(0x12),
    ATTRIBUTE_VALUE_INVALID(0x13),
    DATA_INVALID(0x20),
    DATA_LEN_RANGE(0x21),
    DEVICE_ERROR(0x30),
    DEVICE_MEMORY(0x31),
    DEVICE_REMOVED(0x32),
    ENCRYPTED_DATA_INVALID(0x40),
    ENCRYPTED_DATA_LEN_RANGE(0x41),
    FUNCTION_CANCELED(0x50),
    FUNCTION_NOT_SUPPORTED(0x54),
    KEY_HANDLE_INVALID(0x60),
    KEY_SIZE_RANGE(0x62),
    KEY_TYPE_INCONSISTENT(0x63),
    KEY_FUNCTION_NOT_PERMITTED(0x68),
    KEY_NOT_WRAPPABLE(0x69),
    KEY_UNEXTRACTABLE(0x6A),
    MECHANISM_INVALID(0x70),
    MECHANISM_PARAM_INVALID(0x71),
    OBJECT_HANDLE_INVALID(0x82),
    OPERATION_ACTIVE(0x90),
    OPERATION_NOT_INITIALIZED(0x91),
    PIN_INCORRECT(0xA0),
    PIN_INVALID(0xA1),
    PIN_LEN_RANGE(0xA2),
    PIN_EXPIRED(0xA3),
    PIN_LOCKED(0xA4),
    SESSION_CLOSED(0xB0),
    SESSION_COUNT(0xB1),
    SESSION_HANDLE_INVALID(0xB3),
    SESSION_READ_ONLY(0xB5),
    SIGNATURE_INVALID(0xC0),
    TEMPLATE_INCOMPLETE(0xD0),
    TEMPLATE_INCONSISTENT(0xD1),
    TOKEN_NOT_PRESENT(0xE0),
    TOKEN_NOT_RECOGNIZED(0xE1),
    TOKEN_WRITE_PROTECTED(0xE2),
    UNWRAPPING_KEY_HANDLE_INVALID(0xF0),
    UNWRAPPING_KEY_SIZE_RANGE(0xF1),
    UNWRAPPING_KEY_TYPE_INCONSISTENT(0xF2),
    USER_ALREADY_LOGGED_IN(0x100),
    USER_NOT_LOGGED_IN(0x101),
    USER_PIN_NOT_INITIALIZED(0x102),
    USER_TYPE_INVALID(0x103),
    WRAPPED_KEY_INVALID(0x110),
    WRAPPED_KEY_LEN_RANGE(0x112),
    WRAPPING_KEY_HANDLE_INVALID(0x113),
    WRAPPING_KEY_SIZE_RANGE(0x114),
    WRAPPING_KEY_TYPE_INCONSISTENT(0x115),
    RANDOM_NO_RNG(0x121),
    BUFFER_TOO_SMALL(0x150),
    CRYPTOKI_NOT_INITIALIZED(0x190),
    CRYPTOKI_ALREADY_INITIALIZED(0x191);

    private final long value;

    ReturnCode(long value) {
        this.value = value;
    }

    public long value() {
        return value;
    }

    /** The name the PKCS#11 specification uses, e.g. {@code CKR_PIN_INCORRECT}. */
    public String ckrName() {
        return "CKR_" + name();
    }

    public static Optional<ReturnCode> of(long value) {
        for (ReturnCode c : values()) {
            if (c.value == value) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** {@code CKR_X (0x..)} for a known code, {@code CKR 0x..} for an unknown one. */
    public static String describe(long value) {
        return of(value).map(c -> c.ckrName() + " (0x" + Long.toHexString(value) + ")")
                .orElse("CKR 0x" + Long.toHexString(value));
    }
}
