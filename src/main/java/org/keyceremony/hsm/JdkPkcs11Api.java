package org.keyceremony.hsm;

import java.io.IOException;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.CK_SLOT_INFO;
import sun.security.pkcs11.wrapper.CK_TOKEN_INFO;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Constants;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/** The real {@link Pkcs11Api}: the JDK's own wrapper {@code sun.security.pkcs11.wrapper.PKCS11}. */
final class JdkPkcs11Api implements Pkcs11Api {
    private final PKCS11 p11;

    private JdkPkcs11Api(PKCS11 p11) {
        this.p11 = p11;
    }

    /**
     * Loads and initialises the library. The JDK caches one wrapper per path string and only
     * initialises it the first time, and its {@code C_Initialize} is not public; a caller
     * that needs a fresh {@code C_Initialize} (see {@link Pkcs11Module#reinitialize()}) passes
     * another spelling of the same path, which loads the same library anew.
     */
    static JdkPkcs11Api load(String pathSpelling) throws IOException, PKCS11Exception {
        CK_C_INITIALIZE_ARGS args = new CK_C_INITIALIZE_ARGS();
        args.flags = PKCS11Constants.CKF_OS_LOCKING_OK;
        return new JdkPkcs11Api(PKCS11.getInstance(pathSpelling, "C_GetFunctionList", args, false));
    }

    @Override
    public long[] C_GetSlotList(boolean tokenPresent) throws PKCS11Exception {
        return p11.C_GetSlotList(tokenPresent);
    }

    @Override
    public CK_SLOT_INFO C_GetSlotInfo(long slotId) throws PKCS11Exception {
        return p11.C_GetSlotInfo(slotId);
    }

    @Override
    public CK_TOKEN_INFO C_GetTokenInfo(long slotId) throws PKCS11Exception {
        return p11.C_GetTokenInfo(slotId);
    }

    @Override
    public long[] C_GetMechanismList(long slotId) throws PKCS11Exception {
        return p11.C_GetMechanismList(slotId);
    }

    @Override
    public long C_OpenSession(long slotId, long flags) throws PKCS11Exception {
        return p11.C_OpenSession(slotId, flags, null, null);
    }

    @Override
    public void C_CloseSession(long session) throws PKCS11Exception {
        p11.C_CloseSession(session);
    }

    @Override
    public void C_Login(long session, long userType, char[] pin) throws PKCS11Exception {
        p11.C_Login(session, userType, pin);
    }

    @Override
    public void C_Logout(long session) throws PKCS11Exception {
        p11.C_Logout(session);
    }

    @Override
    public long[] C_GenerateKeyPair(long session, CK_MECHANISM mechanism, CK_ATTRIBUTE[] publicTemplate,
            CK_ATTRIBUTE[] privateTemplate) throws PKCS11Exception {
        return p11.C_GenerateKeyPair(session, mechanism, publicTemplate, privateTemplate);
    }

    @Override
    public void C_FindObjectsInit(long session, CK_ATTRIBUTE[] template) throws PKCS11Exception {
        p11.C_FindObjectsInit(session, template);
    }

    @Override
    public long[] C_FindObjects(long session, long maxCount) throws PKCS11Exception {
        return p11.C_FindObjects(session, maxCount);
    }

    @Override
    public void C_FindObjectsFinal(long session) throws PKCS11Exception {
        p11.C_FindObjectsFinal(session);
    }

    @Override
    public void C_GetAttributeValue(long session, long object, CK_ATTRIBUTE[] template) throws PKCS11Exception {
        p11.C_GetAttributeValue(session, object, template);
    }

    @Override
    public void C_SetAttributeValue(long session, long object, CK_ATTRIBUTE[] template) throws PKCS11Exception {
        p11.C_SetAttributeValue(session, object, template);
    }

    @Override
    public long C_CreateObject(long session, CK_ATTRIBUTE[] template) throws PKCS11Exception {
        return p11.C_CreateObject(session, template);
    }

    @Override
    public long C_CopyObject(long session, long object, CK_ATTRIBUTE[] template) throws PKCS11Exception {
        return p11.C_CopyObject(session, object, template);
    }

    @Override
    public void C_DestroyObject(long session, long object) throws PKCS11Exception {
        p11.C_DestroyObject(session, object);
    }

    @Override
    public void C_GenerateRandom(long session, byte[] out) throws PKCS11Exception {
        p11.C_GenerateRandom(session, out);
    }

    @Override
    public byte[] C_WrapKey(long session, CK_MECHANISM mechanism, long wrappingKey, long key) throws PKCS11Exception {
        return p11.C_WrapKey(session, mechanism, wrappingKey, key);
    }

    @Override
    public long C_UnwrapKey(long session, CK_MECHANISM mechanism, long unwrappingKey, byte[] wrapped,
            CK_ATTRIBUTE[] template) throws PKCS11Exception {
        return p11.C_UnwrapKey(session, mechanism, unwrappingKey, wrapped, template);
    }

    @Override
    public void C_SignInit(long session, CK_MECHANISM mechanism, long key) throws PKCS11Exception {
        p11.C_SignInit(session, mechanism, key);
    }

    @Override
    public byte[] C_Sign(long session, byte[] data) throws PKCS11Exception {
        return p11.C_Sign(session, data);
    }

    @Override
    public void C_Finalize() throws PKCS11Exception {
        p11.C_Finalize(null);
    }
}
