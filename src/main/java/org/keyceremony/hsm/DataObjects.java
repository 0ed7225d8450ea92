package org.keyceremony.hsm;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_APPLICATION;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_MODIFIABLE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_PRIVATE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_DATA;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.keyceremony.secret.Wipe;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;

/** Private CKO_DATA token objects: where a custodian card keeps its share. */
final class DataObjects {
    private DataObjects() {
    }

    static DataObject create(HsmToken token, Session session, String application, String label, byte[] value)
            throws HsmException {
        return create(token, session, application, label, value, true);
    }

    /** As {@link #create(HsmToken, Session, String, String, byte[])}; {@code privateObject} false: visible without login. */
    static DataObject create(HsmToken token, Session session, String application, String label, byte[] value,
                             boolean privateObject) throws HsmException {
        token.ensurePresent();
        for (DataObject existing : find(session, application)) {
            if (existing.label().equals(label)) {
                throw new HsmException("A data object '" + label + "' of application '" + application
                        + "' already exists on token " + session.tokenName() + "; it is never overwritten. "
                        + "Erase it deliberately first if this token is being reused.");
            }
        }
        CK_ATTRIBUTE[] template = {
            Templates.number(CKA_CLASS, CKO_DATA),
            Templates.bool(CKA_TOKEN, true),
            Templates.bool(CKA_PRIVATE, privateObject),
            Templates.bool(CKA_MODIFIABLE, false),
            Templates.text(CKA_APPLICATION, application),
            Templates.text(CKA_LABEL, label),
            Templates.bytes(CKA_VALUE, value)};
        long handle = session.call("write data object '" + label + "'", (p11, s) -> p11.C_CreateObject(s, template));
        DataObject created = new DataObject(handle, application, label);
        byte[] back = null;
        try {
            back = read(session, created);
            if (!MessageDigest.isEqual(back, value)) {
                throw new KeyCheckFailedException("Data object '" + label + "' on token " + session.tokenName()
                        + " did not read back as written; it was removed. Try again or use another token.");
            }
            return created;
        } catch (HsmException | RuntimeException e) {
            session.destroyQuietly(handle, e);
            throw e;
        } finally {
            Wipe.bytes(back);
        }
    }

    static List<DataObject> find(Session session, String application) throws HsmException {
        List<DataObject> result = new ArrayList<>();
        for (long h : session.find("look for data objects of '" + application + "'",
                Templates.number(CKA_CLASS, CKO_DATA), Templates.text(CKA_APPLICATION, application))) {
            String label = Templates.readText(session.read("read a data object's label", h, CKA_LABEL)[0]);
            result.add(new DataObject(h, application, label));
        }
        return result;
    }

    static byte[] read(Session session, DataObject object) throws HsmException {
        CK_ATTRIBUTE[] a = session.read("read data object '" + object.label() + "'", object.handle(), CKA_VALUE);
        byte[] value = Templates.readBytes(a[0]);
        a[0].pValue = null;
        return value;
    }
}
