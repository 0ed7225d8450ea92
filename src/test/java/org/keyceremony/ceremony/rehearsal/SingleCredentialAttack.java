package org.keyceremony.ceremony.rehearsal;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_PRIVATE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_TRUSTED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_WRAP;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_OS_LOCKING_OK;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_RW_SESSION;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_SERIAL_SESSION;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKK_AES;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKU_SO;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * Test-only program, run in a child JVM with a rehearsal workspace's {@code SOFTHSM2_CONF}: the
 * attack of issue 15 made with nothing of KeyCeremony's own key handling, only the JDK's PKCS#11
 * wrapper and the PINs a single person (or the SO and the user together) might hold. For every
 * private key labelled KEY_LABEL on the token it tries to get the key out:
 *
 * <ol>
 *   <li>the user alone: wrap it under an AES key of a value the attacker chose, with
 *       CKM_AES_KEY_WRAP_PAD, CKM_AES_KEY_WRAP and CKM_AES_CBC_PAD; make it extractable again;
 *       copy it as extractable; make a key of their own trusted; read its value;</li>
 *   <li>the SO and the user together: the SO makes the attacker's key trusted, the user wraps
 *       the root key under it.</li>
 * </ol>
 *
 * <p>{@code attack TOKEN_LABEL USER_PIN SO_PIN KEY_LABEL}. It prints each attempt and the token's
 * answer, never key material; exit 0 if every attempt was refused, 1 if any got through, 2 if the
 * key was not found.
 */
public final class SingleCredentialAttack {
    private static final long[][] MECHANISMS = {{0x210AL}, {0x2109L}, {0x1085L}};
    private static final String[] NAMES = {"CKM_AES_KEY_WRAP_PAD", "CKM_AES_KEY_WRAP", "CKM_AES_CBC_PAD"};

    private final PKCS11 p11;
    private final long session;
    private int gotThrough;

    private SingleCredentialAttack(PKCS11 p11, long session) {
        this.p11 = p11;
        this.session = session;
    }

    public static void main(String[] args) throws Exception {
        CK_C_INITIALIZE_ARGS init = new CK_C_INITIALIZE_ARGS();
        init.flags = CKF_OS_LOCKING_OK;
        PKCS11 p11 = PKCS11.getInstance(RehearsalRuns.MODULE, "C_GetFunctionList", init, false);
        long slot = -1;
        for (long s : p11.C_GetSlotList(true)) {
            if (new String(p11.C_GetTokenInfo(s).label).strip().equals(args[0])) {
                slot = s;
            }
        }
        if (slot < 0) {
            System.out.println("no token labelled " + args[0]);
            System.exit(2);
        }
        long session = p11.C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, null, null);
        SingleCredentialAttack a = new SingleCredentialAttack(p11, session);
        System.exit(a.run(args[1].toCharArray(), args[2].toCharArray(), args[3]));
    }

    private int run(char[] userPin, char[] soPin, String label) throws PKCS11Exception {
        p11.C_Login(session, CKU_USER, userPin);
        List<Long> keys = privateKeys(label);
        if (keys.isEmpty()) {
            System.out.println("no private key labelled " + label);
            return 2;
        }
        System.out.println(keys.size() + " private key(s) labelled " + label);
        long mine = aesKey(false);
        for (long key : keys) {
            for (int i = 0; i < MECHANISMS.length; i++) {
                wrap("user alone, under an AES key of the user's own, " + NAMES[i], mine, key, MECHANISMS[i][0]);
            }
            attempt("user alone: set CKA_EXTRACTABLE=true", () -> p11.C_SetAttributeValue(session, key,
                    new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_EXTRACTABLE, true)}));
            attempt("user alone: read CKA_VALUE", () -> p11.C_GetAttributeValue(session, key,
                    new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_VALUE)}));
            copyAsExtractable(key);
        }
        attempt("user alone: create an AES key marked CKA_TRUSTED", () -> aesKey(true));
        // (SoftHSM2 keeps the object of a refused C_CreateObject, but not the attribute it refused.)
        attempt("user alone: mark the user's own key CKA_TRUSTED", () -> p11.C_SetAttributeValue(session, mine,
                new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_TRUSTED, true)}));

        p11.C_Logout(session);
        p11.C_Login(session, CKU_SO, soPin);
        long trusted = aesKey(true);
        p11.C_Logout(session);
        p11.C_Login(session, CKU_USER, userPin);
        for (long key : privateKeys(label)) {
            for (int i = 0; i < MECHANISMS.length; i++) {
                wrap("SO and user together, under a key the SO trusted, " + NAMES[i], trusted, key, MECHANISMS[i][0]);
            }
        }
        p11.C_Logout(session);
        System.out.println(gotThrough == 0 ? "every attempt was refused" : gotThrough + " attempt(s) GOT THROUGH");
        return gotThrough == 0 ? 0 : 1;
    }

    @FunctionalInterface
    private interface Attempt {
        void run() throws PKCS11Exception;
    }

    private void attempt(String what, Attempt a) {
        try {
            a.run();
            System.out.println("GOT THROUGH: " + what);
            gotThrough++;
        } catch (PKCS11Exception e) {
            System.out.println("refused: " + what + " (" + e.getMessage() + ")");
        }
    }

    private void wrap(String what, long kek, long key, long mechanism) {
        try {
            byte[] blob = p11.C_WrapKey(session, new CK_MECHANISM(mechanism), kek, key);
            java.util.Arrays.fill(blob, (byte) 0);
            System.out.println("GOT THROUGH: " + what);
            gotThrough++;
        } catch (PKCS11Exception e) {
            System.out.println("refused: " + what + " (" + e.getMessage() + ")");
        }
    }

    private void copyAsExtractable(long key) throws PKCS11Exception {
        long copy;
        try {
            copy = p11.C_CopyObject(session, key, new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_TOKEN, false),
                new CK_ATTRIBUTE(CKA_EXTRACTABLE, true)});
        } catch (PKCS11Exception e) {
            System.out.println("refused: user alone: copy the key as extractable (" + e.getMessage() + ")");
            return;
        }
        CK_ATTRIBUTE[] a = {new CK_ATTRIBUTE(CKA_EXTRACTABLE)};
        p11.C_GetAttributeValue(session, copy, a);
        if (a[0].getBoolean()) {
            System.out.println("GOT THROUGH: user alone: an extractable copy");
            gotThrough++;
        } else {
            System.out.println("refused: user alone: the copy came out non-extractable");
        }
        p11.C_DestroyObject(session, copy);
    }

    /** An AES-256 session key of a value the attacker knows, able to wrap. */
    private long aesKey(boolean trusted) throws PKCS11Exception {
        byte[] value = "an attacker's own 32-byte AES ke".getBytes(StandardCharsets.US_ASCII);
        List<CK_ATTRIBUTE> t = new ArrayList<>(List.of(new CK_ATTRIBUTE(CKA_CLASS, CKO_SECRET_KEY),
                new CK_ATTRIBUTE(CKA_KEY_TYPE, CKK_AES), new CK_ATTRIBUTE(CKA_TOKEN, false),
                new CK_ATTRIBUTE(CKA_PRIVATE, false), new CK_ATTRIBUTE(CKA_VALUE, value),
                new CK_ATTRIBUTE(CKA_WRAP, true)));
        if (trusted) {
            t.add(new CK_ATTRIBUTE(CKA_TRUSTED, true));
        }
        return p11.C_CreateObject(session, t.toArray(CK_ATTRIBUTE[]::new));
    }

    private List<Long> privateKeys(String label) throws PKCS11Exception {
        p11.C_FindObjectsInit(session, new CK_ATTRIBUTE[] {new CK_ATTRIBUTE(CKA_CLASS, CKO_PRIVATE_KEY),
            new CK_ATTRIBUTE(CKA_LABEL, label.getBytes(StandardCharsets.UTF_8))});
        List<Long> out = new ArrayList<>();
        for (long h : p11.C_FindObjects(session, 16)) {
            out.add(h);
        }
        p11.C_FindObjectsFinal(session);
        return out;
    }
}
