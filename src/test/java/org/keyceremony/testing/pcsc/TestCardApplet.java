package org.keyceremony.testing.pcsc;

import java.util.Arrays;
import javacard.framework.APDU;
import javacard.framework.Applet;
import javacard.framework.ISOException;

/**
 * A minimal PKCS#15 file-system card, written for these tests, that OpenSC 0.23's
 * {@code isoApplet} driver and its {@code pkcs15-init} profile accept: enough ISO 7816-4
 * (SELECT, READ BINARY, UPDATE BINARY, CREATE FILE, DELETE FILE, VERIFY, CHANGE REFERENCE
 * DATA) for {@code pkcs15-init --create-pkcs15}, a PIN, and private data objects written,
 * read and deleted through OpenSC's PKCS#11 module. No keys, no signatures.
 *
 * <p>It behaves as real cards do where the application meets them: files carry access
 * rules ({@link CardFile}) that the card enforces ({@code 6982} until the PIN is verified);
 * a wrong PIN answers {@code 63Cx} with the tries left, a blocked one {@code 6983}; files
 * have a size fixed when they are created and the card a limited capacity ({@code 6A84}).
 * The security state is lost on reset (the relay resets the card when pcscd does).
 *
 * <p>It runs in jcardsim only (one instance per virtual card, inside the test JVM), so it
 * uses plain Java collections rather than the Java Card subset; it is not meant for a
 * physical card. Nothing here is taken from IsoApplet: only the APDUs of OpenSC's driver
 * (LGPL) were read to learn what it sends.
 */
public final class TestCardApplet extends Applet {
    /** The AID OpenSC's isoApplet driver selects to recognise its card. */
    public static final byte[] AID = {(byte) 0xF2, 0x76, (byte) 0xA2, (byte) 0x88, (byte) 0xBC, (byte) 0xFB,
        (byte) 0xA6, (byte) 0x9D, 0x34, (byte) 0xF3, 0x10, 0x01};
    /** Bytes of file space (each file also costs 32), about what a small real card offers. */
    static final int CAPACITY = 24 * 1024;
    /** The largest EF this card creates. */
    static final int MAX_EF_SIZE = 4096;
    static final int PIN_TRIES = 3;

    private static final int PIN = 1;
    private static final int PUK = 2;
    /** The driver reads API version 00.06 and a feature byte (no extended APDUs, RNG or EC). */
    private static final byte[] VERSION = {0x00, 0x06, 0x00};

    private final CardFile mf = CardFile.masterFile();
    private CardFile currentDf = mf;
    private CardFile currentEf;
    private final byte[][] references = new byte[3][];
    private final int[] triesLeft = {0, PIN_TRIES, PIN_TRIES};
    private final boolean[] verified = new boolean[3];

    private TestCardApplet() {
    }

    /** Called by jcardsim when the applet is installed. */
    public static void install(byte[] parameters, short offset, byte length) {
        new TestCardApplet().register();
    }

    @Override
    public boolean select() {
        forgetSecurityState();
        return true;
    }

    @Override
    public void deselect() {
        forgetSecurityState();
    }

    private void forgetSecurityState() {
        Arrays.fill(verified, false);
        currentDf = mf;
        currentEf = null;
    }

    @Override
    public void process(APDU apdu) {
        byte[] buffer = apdu.getBuffer();
        int cla = buffer[0] & 0xFF;
        int ins = buffer[1] & 0xFF;
        int p1 = buffer[2] & 0xFF;
        int p2 = buffer[3] & 0xFF;
        if (selectingApplet()) {
            send(apdu, VERSION);
            return;
        }
        if (cla != 0x00) {
            throw new ISOException((short) 0x6E00);
        }
        byte[] data = incoming(apdu, ins);
        switch (ins) {
            case 0xA4 -> select(apdu, p1, p2, data);
            case 0xB0 -> readBinary(apdu, p1, p2);
            case 0xD6 -> updateBinary(p1, p2, data);
            case 0xE0 -> createFile(data);
            case 0xE4 -> deleteFile(p1, p2, data);
            case 0x20 -> verify(p1, p2, data);
            case 0x24 -> changeReferenceData(p1, p2, data);
            default -> throw new ISOException((short) 0x6D00);
        }
    }

    private static byte[] incoming(APDU apdu, int ins) {
        if (ins == 0xB0) {
            return new byte[0];
        }
        short received = apdu.setIncomingAndReceive();
        byte[] buffer = apdu.getBuffer();
        return Arrays.copyOfRange(buffer, apdu.getOffsetCdata(), apdu.getOffsetCdata() + received);
    }

    private void select(APDU apdu, int p1, int p2, byte[] data) {
        CardFile target = switch (p1) {
            case 0x00 -> data.length == 0 ? mf : byFid(fid(data, 0));
            case 0x03 -> currentDf.parent;
            case 0x04 -> mf.findByName(data);
            case 0x08 -> byPath(mf, data);
            case 0x09 -> byPath(currentDf, data);
            default -> throw new ISOException((short) 0x6A86);
        };
        if (target == null) {
            throw new ISOException((short) 0x6A82);
        }
        if (target.directory) {
            currentDf = target;
            currentEf = null;
        } else {
            currentDf = target.parent;
            currentEf = target;
        }
        if (p2 == 0x00 || p2 == 0x04) {
            send(apdu, target.fcp());
        } else if (p2 != 0x0C) {
            throw new ISOException((short) 0x6A86);
        }
    }

    /** ISO 7816-4 search order for a bare file id: MF, a child, the DF itself, its parent, a sibling. */
    private CardFile byFid(int fid) {
        if (fid == 0x3F00) {
            return mf;
        }
        CardFile found = currentDf.child(fid);
        if (found == null && currentDf.fid == fid) {
            found = currentDf;
        }
        CardFile parent = currentDf.parent;
        if (found == null && parent != null) {
            found = parent.fid == fid ? parent : parent.child(fid);
        }
        return found;
    }

    private static CardFile byPath(CardFile from, byte[] path) {
        if (path.length == 0 || path.length % 2 != 0) {
            throw new ISOException((short) 0x6A87);
        }
        CardFile file = from;
        for (int i = 0; i < path.length && file != null; i += 2) {
            file = file.directory ? file.child(fid(path, i)) : null;
        }
        return file;
    }

    private void readBinary(APDU apdu, int p1, int p2) {
        CardFile ef = requireEf(p1);
        require(ef.condition(CardFile.READ));
        int offset = ((p1 & 0x7F) << 8) | p2;
        if (offset >= ef.contents.length) {
            throw new ISOException((short) 0x6B00);
        }
        int wanted = apdu.setOutgoing();
        int length = Math.min(wanted == 0 ? 256 : wanted, ef.contents.length - offset);
        apdu.setOutgoingLength((short) length);
        apdu.sendBytesLong(ef.contents, (short) offset, (short) length);
    }

    private void updateBinary(int p1, int p2, byte[] data) {
        CardFile ef = requireEf(p1);
        require(ef.condition(CardFile.UPDATE));
        int offset = ((p1 & 0x7F) << 8) | p2;
        if (offset + data.length > ef.contents.length) {
            throw new ISOException((short) 0x6A84);
        }
        System.arraycopy(data, 0, ef.contents, offset, data.length);
    }

    private CardFile requireEf(int p1) {
        if ((p1 & 0x80) != 0) {
            throw new ISOException((short) 0x6A81); // short EF identifiers: not offered
        }
        if (currentEf == null) {
            throw new ISOException((short) 0x6986);
        }
        return currentEf;
    }

    private void createFile(byte[] fcp) {
        CardFile file = CardFile.fromFcp(fcp);
        if (file == null) {
            throw new ISOException((short) 0x6A80);
        }
        require(currentDf.condition(file.directory ? CardFile.CREATE_DF : CardFile.CREATE_EF));
        if (currentDf.child(file.fid) != null || file.fid == 0x3F00) {
            throw new ISOException((short) 0x6A89);
        }
        if (file.contents.length > MAX_EF_SIZE || mf.footprint() + file.footprint() > CAPACITY) {
            throw new ISOException((short) 0x6A84);
        }
        file.parent = currentDf;
        currentDf.children.add(file);
        if (file.directory) {
            currentDf = file;
            currentEf = null;
        } else {
            currentEf = file;
        }
    }

    private void deleteFile(int p1, int p2, byte[] data) {
        CardFile file;
        if (p1 == 0x00 && p2 == 0x00 && data.length == 0) {
            file = currentEf != null ? currentEf : currentDf;
        } else if ((p1 == 0x00 || p1 == 0x02) && data.length == 2) {
            file = currentDf.child(fid(data, 0));
        } else {
            throw new ISOException((short) 0x6A86);
        }
        if (file == null) {
            throw new ISOException((short) 0x6A82);
        }
        if (file == mf) {
            throw new ISOException((short) 0x6985);
        }
        require(file.condition(CardFile.DELETE_SELF));
        file.parent.children.remove(file);
        if (file == currentEf) {
            currentEf = null;
        }
        if (file == currentDf || isUnder(currentDf, file)) {
            currentDf = file.parent;
        }
    }

    private static boolean isUnder(CardFile file, CardFile ancestor) {
        for (CardFile f = file; f != null; f = f.parent) {
            if (f == ancestor) {
                return true;
            }
        }
        return false;
    }

    private void verify(int p1, int p2, byte[] data) {
        int ref = reference(p2);
        if (p1 == 0xFF && data.length == 0) {
            verified[ref] = false; // ISO 7816-4:2013: reset the security status
            return;
        }
        if (p1 != 0x00) {
            throw new ISOException((short) 0x6A86);
        }
        if (references[ref] == null) {
            throw new ISOException((short) 0x6A88);
        }
        if (triesLeft[ref] == 0) {
            throw new ISOException((short) 0x6983);
        }
        if (data.length == 0) { // the PIN's status: verified, or the tries left
            if (!verified[ref]) {
                throw new ISOException((short) (0x63C0 | triesLeft[ref]));
            }
            return;
        }
        if (Arrays.equals(unpadded(data), references[ref])) {
            triesLeft[ref] = PIN_TRIES;
            verified[ref] = true;
            return;
        }
        verified[ref] = false;
        triesLeft[ref]--;
        throw new ISOException((short) (0x63C0 | triesLeft[ref]));
    }

    /**
     * Sets a PIN or PUK: only P1=01 (the new value alone), while it has no value yet (the
     * card's personalisation by {@code pkcs15-init}) or after it was verified.
     */
    private void changeReferenceData(int p1, int p2, byte[] data) {
        int ref = reference(p2);
        if (p1 != 0x01) {
            throw new ISOException((short) 0x6A86);
        }
        if (references[ref] != null && !verified[ref]) {
            throw new ISOException((short) 0x6982);
        }
        byte[] value = unpadded(data);
        if (value.length < 4 || value.length > 16) {
            throw new ISOException((short) 0x6A80);
        }
        references[ref] = value;
        triesLeft[ref] = PIN_TRIES;
    }

    private static int reference(int p2) {
        int ref = p2 & 0x7F;
        if (ref != PIN && ref != PUK) {
            throw new ISOException((short) 0x6A88);
        }
        return ref;
    }

    private void require(int condition) {
        if (condition == 0x00 || (condition == 0x90 && verified[PIN])) {
            return;
        }
        throw new ISOException((short) 0x6982);
    }

    /** The profile pads PINs with 00 to 16 bytes; compare what was typed. */
    private static byte[] unpadded(byte[] value) {
        int end = value.length;
        while (end > 0 && value[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOf(value, end);
    }

    private static int fid(byte[] data, int offset) {
        if (data.length < offset + 2) {
            throw new ISOException((short) 0x6A87);
        }
        return ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
    }

    private static void send(APDU apdu, byte[] data) {
        apdu.setOutgoing();
        apdu.setOutgoingLength((short) data.length);
        apdu.sendBytesLong(data, (short) 0, (short) data.length);
    }
}
