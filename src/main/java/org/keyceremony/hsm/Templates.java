package org.keyceremony.hsm;

import java.nio.charset.StandardCharsets;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;

/** Building PKCS#11 attribute templates and reading attribute values back. */
final class Templates {
    private Templates() {
    }

    static CK_ATTRIBUTE bool(long type, boolean value) {
        return new CK_ATTRIBUTE(type, value);
    }

    static CK_ATTRIBUTE number(long type, long value) {
        return new CK_ATTRIBUTE(type, value);
    }

    static CK_ATTRIBUTE bytes(long type, byte[] value) {
        return new CK_ATTRIBUTE(type, value);
    }

    /**
     * Text as UTF-8 bytes: the wrapper would turn a {@code char[]} into bytes by cutting each
     * char to 8 bits, which garbles anything beyond Latin-1.
     */
    static CK_ATTRIBUTE text(long type, String value) {
        return new CK_ATTRIBUTE(type, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The wrapper hands text attributes back as {@code char[]} with one byte per char. */
    static String readText(CK_ATTRIBUTE attribute) {
        Object v = attribute.pValue;
        if (v == null) {
            return "";
        }
        if (v instanceof byte[]) {
            return new String((byte[]) v, StandardCharsets.UTF_8);
        }
        if (v instanceof char[]) {
            char[] chars = (char[]) v;
            byte[] raw = new byte[chars.length];
            for (int i = 0; i < chars.length; i++) {
                raw[i] = (byte) chars[i];
            }
            return new String(raw, StandardCharsets.UTF_8);
        }
        return String.valueOf(v);
    }

    static byte[] readBytes(CK_ATTRIBUTE attribute) {
        Object v = attribute.pValue;
        if (v == null) {
            return new byte[0];
        }
        if (v instanceof byte[]) {
            return (byte[]) v;
        }
        if (v instanceof char[]) {
            char[] chars = (char[]) v;
            byte[] raw = new byte[chars.length];
            for (int i = 0; i < chars.length; i++) {
                raw[i] = (byte) chars[i];
            }
            return raw;
        }
        throw new IllegalStateException("attribute 0x" + Long.toHexString(attribute.type) + " is not a byte string");
    }

    /** Blank-padded fixed-width CK_TOKEN_INFO fields, trimmed. */
    static String padded(char[] field) {
        return field == null ? "" : new String(field).trim();
    }
}
