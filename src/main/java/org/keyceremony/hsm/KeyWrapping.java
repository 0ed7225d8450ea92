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
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_SENSITIVE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_NEVER_EXTRACTABLE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_TRUSTED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_WRAP;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_WRAP_WITH_TRUSTED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKK_AES;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.secret.Wipe;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_MECHANISM;

/**
 * KWK import (plain, or trusted by the security officer), wrapping a private key under it
 * (RFC 5649), unwrapping it back into a token, and the key-protection attributes around them.
 */
final class KeyWrapping {
    private KeyWrapping() {
    }

    /**
     * The template of an AES-256 session key of {@code value} that wraps (and unwraps if
     * {@code unwrap}) and does nothing else: sensitive, never extractable; public (readable without
     * login) only for the SO's trusted key, which must outlive the SO's logout.
     */
    static CK_ATTRIBUTE[] aesWrappingKey(String label, byte[] value, boolean isPrivate, boolean trusted, boolean unwrap) {
        List<CK_ATTRIBUTE> t = new ArrayList<>(List.of(
                Templates.number(CKA_CLASS, CKO_SECRET_KEY),
                Templates.number(CKA_KEY_TYPE, CKK_AES),
                Templates.bool(CKA_TOKEN, false),
                Templates.bool(CKA_PRIVATE, isPrivate),
                Templates.bool(CKA_SENSITIVE, true),
                Templates.bool(CKA_EXTRACTABLE, false),
                Templates.bool(CKA_WRAP, true),
                Templates.bool(CKA_UNWRAP, unwrap),
                Templates.bool(CKA_ENCRYPT, false),
                Templates.bool(CKA_DECRYPT, false),
                Templates.text(CKA_LABEL, label),
                Templates.bytes(CKA_VALUE, value)));
        if (trusted) {
            t.add(Templates.bool(CKA_TRUSTED, true));
        }
        return t.toArray(CK_ATTRIBUTE[]::new);
    }

    static WrappingKey importKwk(Session session, SecretBytes kwk) throws HsmException {
        if (kwk.length() != 32) {
            throw new IllegalArgumentException("a KWK is an AES-256 key (32 bytes), not " + kwk.length() + " bytes");
        }
        byte[] value = kwk.reveal();
        try {
            CK_ATTRIBUTE[] template = aesWrappingKey("keyceremony-kwk", value, true, false, true);
            return new WrappingKey(session.call("import the key-wrapping key as a session object",
                    (p11, s) -> p11.C_CreateObject(s, template)));
        } finally {
            Wipe.bytes(value);
        }
    }

    /** As {@link #importKwk}, but public and {@code CKA_TRUSTED}: see {@link HsmToken#importTrustedWrappingKey}. */
    static WrappingKey importTrustedKwk(Session session, SecretBytes kwk) throws HsmException {
        if (kwk.length() != 32) {
            throw new IllegalArgumentException("a KWK is an AES-256 key (32 bytes), not " + kwk.length() + " bytes");
        }
        byte[] value = kwk.reveal();
        long handle;
        try {
            CK_ATTRIBUTE[] template = aesWrappingKey("keyceremony-trusted-kwk", value, false, true, false);
            handle = session.call("load the key-wrapping key as the token's trusted wrapping key (CKA_TRUSTED)",
                    (p11, s) -> p11.C_CreateObject(s, template));
        } finally {
            Wipe.bytes(value);
        }
        try {
            Optional<Boolean> trusted = KeyProtectionProbe.readFlag(session, handle, CKA_TRUSTED);
            if (!trusted.equals(Optional.of(true))) {
                throw new KeyCheckFailedException("Token " + session.tokenName() + " accepted the key-wrapping key but "
                        + "does not report it as trusted (CKA_TRUSTED reads " + trusted.map(String::valueOf).orElse("nothing")
                        + "); it was removed. The root key can be wrapped only under a trusted key.");
            }
            return new WrappingKey(handle);
        } catch (HsmException | RuntimeException e) {
            session.destroyQuietly(handle, e);
            throw e;
        }
    }

    static KeyProtection protection(Session session, long key) throws HsmException {
        return new KeyProtection(KeyProtectionProbe.readFlag(session, key, CKA_EXTRACTABLE),
                KeyProtectionProbe.readFlag(session, key, CKA_NEVER_EXTRACTABLE),
                KeyProtectionProbe.readFlag(session, key, CKA_SENSITIVE),
                KeyProtectionProbe.readFlag(session, key, CKA_ALWAYS_SENSITIVE),
                KeyProtectionProbe.readFlag(session, key, CKA_WRAP_WITH_TRUSTED));
    }

    static KeyProtection makeUnextractable(Session session, HsmPrivateKey key) throws HsmException {
        KeyProtection before = protection(session, key.handle());
        if (before.sealed()) {
            // Measured on SoftHSM2 2.6.1: setting CKA_EXTRACTABLE=false again is CKR_ATTRIBUTE_READ_ONLY.
            return before;
        }
        session.run("mark key '" + key.label() + "' non-extractable (CKA_EXTRACTABLE=false)",
                (p11, s) -> p11.C_SetAttributeValue(s, key.handle(),
                        new CK_ATTRIBUTE[] {Templates.bool(CKA_EXTRACTABLE, false)}));
        KeyProtection after = protection(session, key.handle());
        if (!after.sealed()) {
            throw new KeyCheckFailedException("Token " + session.tokenName() + " accepted CKA_EXTRACTABLE=false for key '"
                    + key.label() + "' but reports " + String.join(", ", after.describe()) + ". Do not rely on this HSM "
                    + "to keep the key in; stop and record an exception.");
        }
        return after;
    }

    static List<String> refusedWraps(Session session, HsmPrivateKey key) throws HsmException {
        List<Long> mechanisms = KeyProtectionProbe.listedWrapMechanisms(session);
        byte[] value = new byte[32];
        session.run("draw random bytes for a test key", (p11, s) -> p11.C_GenerateRandom(s, value));
        long kek;
        try {
            CK_ATTRIBUTE[] template = aesWrappingKey("keyceremony-untrusted-test-key", value, true, false, false);
            kek = session.call("create an untrusted test key", (p11, s) -> p11.C_CreateObject(s, template));
        } finally {
            Wipe.bytes(value);
        }
        List<String> refused = new ArrayList<>();
        List<String> wrapped = new ArrayList<>();
        try {
            for (long m : mechanisms) {
                String name = KeyProtectionProbe.WRAP_MECHANISMS.get(m);
                try {
                    byte[] blob = session.call("try to wrap key '" + key.label() + "' under an untrusted key",
                            (p11, s) -> p11.C_WrapKey(s, new CK_MECHANISM(m), kek, key.handle()));
                    Wipe.bytes(blob);
                    wrapped.add(name);
                } catch (HsmException e) {
                    refused.add(name + ": " + KeyProtectionProbe.refusal(e));
                }
            }
        } finally {
            session.destroyQuietly(kek, null);
        }
        if (!wrapped.isEmpty()) {
            throw new KeyCheckFailedException("Token " + session.tokenName() + " let an untrusted key wrap '" + key.label()
                    + "' with " + String.join(", ", wrapped) + " (the result was discarded unread). Anyone with the "
                    + "user PIN could take this key out: stop and record an exception.");
        }
        return refused;
    }

    static WrappedKey wrap(Session session, WrappingKey kwk, HsmPrivateKey key) throws HsmException {
        KeyWrapMechanism mechanism = session.opened().mechanisms().keyWrap().orElseThrow(() ->
                new HsmException("Token " + session.tokenName() + " offers no RFC 5649 key wrap "
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
            Templates.bool(CKA_WRAP_WITH_TRUSTED, true),
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
        } catch (HsmException e) {
            // Measured: SoftHSM2 answers a failed RFC 5649 integrity check (wrong KWK, damaged
            // blob) with CKR_GENERAL_ERROR. The token was just checked present, so that is
            // by far the likeliest meaning here.
            if (e.returnCode().filter(c -> c == ReturnCode.GENERAL_ERROR).isPresent()) {
                throw new HsmException("Could not " + attempted + " on token " + session.tokenName()
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
