package org.keyceremony.testing.pcsc;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One file of the test card's ISO 7816-4 file system: a DF (with children and optionally a
 * name, the AID of an application) or a transparent EF (with fixed-size contents).
 *
 * <p>The access rules are the eight "security attribute" bytes of tag 86 in the FCP, in the
 * compact form OpenSC's {@code isoApplet} driver writes and reads (byte 0 is {@code FF}: one
 * condition per operation; then, for a DF, DELETE-SELF, LOCK, ACTIVATE, DEACTIVATE,
 * CREATE-DF, CREATE-EF, DELETE; for an EF, DELETE-SELF, LOCK, ACTIVATE, DEACTIVATE, WRITE,
 * UPDATE, READ). A condition is {@code 00} (always), {@code 90} (the PIN verified) or
 * {@code FF} (never). A file created without tag 86 allows everything.
 */
final class CardFile {
    static final int DELETE_SELF = 1;
    static final int CREATE_DF = 5;
    static final int CREATE_EF = 6;
    static final int UPDATE = 6;
    static final int READ = 7;
    static final int DF_DELETE_CHILD = 7;

    final int fid;
    final boolean directory;
    final byte[] name;
    final byte[] securityAttributes;
    final byte[] contents;
    final List<CardFile> children = new ArrayList<>();
    CardFile parent;

    private CardFile(int fid, boolean directory, byte[] name, byte[] securityAttributes, int size) {
        this.fid = fid;
        this.directory = directory;
        this.name = name;
        this.securityAttributes = securityAttributes;
        this.contents = directory ? new byte[0] : new byte[size];
    }

    static CardFile masterFile() {
        return new CardFile(0x3F00, true, null, null, 0);
    }

    /**
     * Parses the FCP of a CREATE FILE command ({@code 62 L 82 .. 83 .. 80/81 .. 84 .. 86 ..};
     * OpenSC 0.23 sends it under tag {@code 6F});
     * returns null for an FCP this card does not understand (the caller answers 6A80).
     */
    static CardFile fromFcp(byte[] data) {
        if (data.length < 2 || ((data[0] & 0xFF) != 0x62 && (data[0] & 0xFF) != 0x6F) || (data[1] & 0xFF) != data.length - 2) {
            return null;
        }
        Integer fid = null;
        Boolean directory = null;
        byte[] name = null;
        byte[] attributes = null;
        int size = 0;
        int i = 2;
        while (i + 2 <= data.length) {
            int tag = data[i] & 0xFF;
            int len = data[i + 1] & 0xFF;
            if (i + 2 + len > data.length) {
                return null;
            }
            byte[] value = Arrays.copyOfRange(data, i + 2, i + 2 + len);
            switch (tag) {
                case 0x82 -> directory = len > 0 && (value[0] & 0x38) == 0x38;
                case 0x83 -> fid = len == 2 ? ((value[0] & 0xFF) << 8) | (value[1] & 0xFF) : null;
                case 0x80, 0x81 -> size = unsigned(value);
                case 0x84 -> name = value;
                case 0x86 -> attributes = value.length == 8 ? value : null;
                default -> { } // 8A life cycle, A5 proprietary: accepted and ignored
            }
            i += 2 + len;
        }
        if (fid == null || directory == null || size < 0 || size > 0x7FFF) {
            return null;
        }
        return new CardFile(fid, directory, name, attributes, size);
    }

    /** The condition byte of one operation ({@code 00} when the file has no rules). */
    int condition(int operation) {
        return securityAttributes == null ? 0 : securityAttributes[operation] & 0xFF;
    }

    CardFile child(int childFid) {
        for (CardFile c : children) {
            if (c.fid == childFid) {
                return c;
            }
        }
        return null;
    }

    CardFile findByName(byte[] dfName) {
        if (directory && name != null && Arrays.equals(name, dfName)) {
            return this;
        }
        for (CardFile c : children) {
            CardFile found = c.findByName(dfName);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Bytes this file and everything under it take from the card's capacity. */
    int footprint() {
        int total = 32 + contents.length;
        for (CardFile c : children) {
            total += c.footprint();
        }
        return total;
    }

    /** The FCP that SELECT returns. */
    byte[] fcp() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        tlv(body, 0x82, directory ? new byte[] {0x38} : new byte[] {0x01});
        tlv(body, 0x83, new byte[] {(byte) (fid >> 8), (byte) fid});
        if (!directory) {
            tlv(body, 0x80, new byte[] {(byte) (contents.length >> 8), (byte) contents.length});
        }
        if (name != null) {
            tlv(body, 0x84, name);
        }
        if (securityAttributes != null) {
            tlv(body, 0x86, securityAttributes);
        }
        tlv(body, 0x8A, new byte[] {0x05});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tlv(out, 0x62, body.toByteArray());
        return out.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        out.write(value.length);
        out.writeBytes(value);
    }

    private static int unsigned(byte[] value) {
        if (value.length == 0 || value.length > 2) {
            return -1;
        }
        int v = 0;
        for (byte b : value) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }
}
