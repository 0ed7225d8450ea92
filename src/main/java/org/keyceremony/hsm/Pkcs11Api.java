package org.keyceremony.hsm;

import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.CK_SLOT_INFO;
import sun.security.pkcs11.wrapper.CK_TOKEN_INFO;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * The PKCS#11 calls KeyCeremony makes, one method per C_ function, nothing more. It is the
 * seam at which a decorator can sit in front of the real library (see
 * {@link Pkcs11Module#open(java.nio.file.Path, java.util.function.UnaryOperator)}): a
 * fault-injecting one throws {@code new PKCS11Exception(CKR_PIN_LOCKED, null)} and the like
 * for what SoftHSM2 cannot do (lock a PIN, lose a card, fail a device). Names follow the
 * specification on purpose, so that a reader can look each call up there.
 */
public interface Pkcs11Api {
    long[] C_GetSlotList(boolean tokenPresent) throws PKCS11Exception;

    CK_SLOT_INFO C_GetSlotInfo(long slotId) throws PKCS11Exception;

    CK_TOKEN_INFO C_GetTokenInfo(long slotId) throws PKCS11Exception;

    long[] C_GetMechanismList(long slotId) throws PKCS11Exception;

    long C_OpenSession(long slotId, long flags) throws PKCS11Exception;

    void C_CloseSession(long session) throws PKCS11Exception;

    void C_Login(long session, long userType, char[] pin) throws PKCS11Exception;

    void C_Logout(long session) throws PKCS11Exception;

    long[] C_GenerateKeyPair(long session, CK_MECHANISM mechanism, CK_ATTRIBUTE[] publicTemplate,
            CK_ATTRIBUTE[] privateTemplate) throws PKCS11Exception;

    void C_FindObjectsInit(long session, CK_ATTRIBUTE[] template) throws PKCS11Exception;

    long[] C_FindObjects(long session, long maxCount) throws PKCS11Exception;

    void C_FindObjectsFinal(long session) throws PKCS11Exception;

    void C_GetAttributeValue(long session, long object, CK_ATTRIBUTE[] template) throws PKCS11Exception;

    void C_SetAttributeValue(long session, long object, CK_ATTRIBUTE[] template) throws PKCS11Exception;

    long C_CreateObject(long session, CK_ATTRIBUTE[] template) throws PKCS11Exception;

    long C_CopyObject(long session, long object, CK_ATTRIBUTE[] template) throws PKCS11Exception;

    void C_DestroyObject(long session, long object) throws PKCS11Exception;

    void C_GenerateRandom(long session, byte[] out) throws PKCS11Exception;

    byte[] C_WrapKey(long session, CK_MECHANISM mechanism, long wrappingKey, long key) throws PKCS11Exception;

    long C_UnwrapKey(long session, CK_MECHANISM mechanism, long unwrappingKey, byte[] wrapped,
            CK_ATTRIBUTE[] template) throws PKCS11Exception;

    void C_SignInit(long session, CK_MECHANISM mechanism, long key) throws PKCS11Exception;

    byte[] C_Sign(long session, byte[] data) throws PKCS11Exception;

    /** Ends this process's use of the library; every session and login is gone afterwards. */
    void C_Finalize() throws PKCS11Exception;
}
