package org.keyceremony.hsm;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_DECRYPT;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_ENCRYPT;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_PRIVATE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_SIGN;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_UNWRAP;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_WRAP;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKK_AES;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;

import java.security.PublicKey;
import java.util.HexFormat;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_MECHANISM;

/** KWK import, wrapping a private key under it (RFC 5649), and unwrapping it back into a token. */
final class KeyWrapping {
    private KeyWrapping() {
    }

    static WrappingKey importKwk(Session session, SecretBytes kwk) throws HsmException {
        if (kwk.length() != 32) {
            throw new IllegalArgumentException("a KWK is an AES-256 key (32 bytes), not " + kwk.length() + " bytes");
        }
        byte[] value = kwk.reveal();
        try {
            CK_ATTRIBUTE[] template = {
                Templates.number(CKA_CLASS, CKO_SECRET_KEY),
                Templates.number(CKA_KEY_TYPE, CKK_AES),
                Templates.bool(CKA_TOKEN, false),
                Templates.bool(CKA_PRIVATE, true),
                Templates.bool(CKA_SENSITIVE, true),
                Templates.bool(CKA_EXTRACTABLE, false),
                Templates.bool(CKA_WRAP, true),
                Templates.bool(CKA_UNWRAP, true),
                Templates.bool(CKA_ENCRYPT, false),
                Templates.bool(CKA_DECRYPT, false),
                Templates.text(CKA_LABEL, "keyceremony-kwk"),
                Templates.bytes(CKA_VALUE, value)};
            return new WrappingKey(session.call("import the key-wrapping key as a session object",
                    (p11, s) -> p11.C_CreateObject(s, template)));
        } finally {
            Wipe.bytes(value);
        }
    }

    static WrappedKey wrap(Session session, WrappingKey kwk, HsmPrivateKey key) throws HsmException {
        KeyWrapMechanism mechanism = session.opened().mechanisms().keyWrap().orElseThrow(() ->
                new MechanismNotSupportedException("Token " + session.tokenName() + " offers no RFC 5649 key wrap "
                        + "(CKM_AES_KEY_WRAP_PAD 0x210A or CKM_AES_KEY_WRAP_KWP 0x210B); it cannot make a backup."));
        byte[] blob = session.call("wrap private key '" + key.label() + "' with " + mechanism.ckmName(),
                (p11, s) -> p11.C_WrapKey(s, new CK_MECHANISM(mechanism.value()), kwk.handle(), key.handle()));
        return new WrappedKey(blob, mechanism, key.keyType());
    }

    static HsmPrivateKey unwrap(HsmToken token, Session session, WrappingKey kwk, WrappedKey wrapped,
            UnwrapTarget target, PublicKey expected) throws HsmException {
        if (target.tokenObject()) {
            token.refuseExisting(target.label(), target.id());
        }
        CK_ATTRIBUTE[] template = {
            Templates.number(CKA_CLASS, CKO_PRIVATE_KEY),
            Templates.number(CKA_KEY_TYPE, wrapped.keyType().ckk()),
            Templates.bool(CKA_TOKEN, target.tokenObject()),
            Templates.bool(CKA_PRIVATE, true),
            Templates.bool(CKA_SENSITIVE, true),
            Templates.bool(CKA_EXTRACTABLE, target.extractable()),
            Templates.bool(CKA_SIGN, true),
            Templates.bool(CKA_DECRYPT, false),
            Templates.bool(CKA_UNWRAP, false),
            Templates.text(CKA_LABEL, target.label()),
            Templates.bytes(CKA_ID, target.id())};
        byte[] blob = wrapped.blob();
        String attempted = "unwrap the backed-up key into '" + target.label() + "' with " + wrapped.mechanism().ckmName();
        long handle;
        try {
            handle = session.call(attempted, (p11, s) -> p11.C_UnwrapKey(s,
                    new CK_MECHANISM(wrapped.mechanism().value()), kwk.handle(), blob, template));
        } catch (DeviceErrorException e) {
            // Measured: SoftHSM2 answers a failed RFC 5649 integrity check (wrong KWK, damaged
            // blob) with CKR_GENERAL_ERROR. The token was just checked present, so that is
            // by far the likeliest meaning here.
            if (e.returnCode().filter(c -> c == ReturnCode.GENERAL_ERROR).isPresent()) {
                throw new UnwrapFailedException("Could not " + attempted + " on token " + session.tokenName()
                        + ": the wrapped key does not open under this key-wrapping key (the token reports only a "
                        + "general error, as SoftHSM2 does for a failed integrity check). The shares may belong to "
                        + "another backup, or the backup file is damaged. [" + ReturnCode.GENERAL_ERROR.ckrName() + "]",
                        ReturnCode.GENERAL_ERROR, e);
            }
            throw e;
        }
        HsmPrivateKey key = new HsmPrivateKey(token, handle, wrapped.keyType(), target.label(),
                HexFormat.of().formatHex(target.id()));
        try {
            SignatureAlgorithm proof = wrapped.keyType() == KeyType.RSA
                    ? SignatureAlgorithm.SHA256_WITH_RSA : SignatureAlgorithm.SHA384_WITH_ECDSA;
            token.proveKeyPair(key, expected, proof);
            return key;
        } catch (HsmException | RuntimeException e) {
            session.destroyQuietly(handle, e);
            throw e;
        }
    }
}
