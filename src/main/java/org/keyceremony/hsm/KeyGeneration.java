package org.keyceremony.hsm;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_CLASS;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_DECRYPT;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_DERIVE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_ENCRYPT;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS_BITS;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_PRIVATE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_PUBLIC_EXPONENT;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_SIGN;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_UNWRAP;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_VERIFY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_WRAP;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_WRAP_WITH_TRUSTED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;
import sun.security.pkcs11.wrapper.CK_MECHANISM;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * Key-pair generation with full templates (C_GenerateKeyPair): both objects carry label and
 * ID, the private key is sensitive, wrappable only under a trusted key, extractable only if it
 * must be backed up, and the pair is proven by a signature before anyone hears of it. On any
 * failure both objects go.
 */
final class KeyGeneration {
    private static final byte[] F4 = {0x01, 0x00, 0x01};

    private KeyGeneration() {
    }

    /**
     * Generates a token key pair with label and ID on both halves. The private key is always
     * {@code CKA_WRAP_WITH_TRUSTED}: while it is extractable (a root key until its backup is
     * proven), only a key the security officer marked {@code CKA_TRUSTED} can wrap it, never a
     * key the user PIN holder makes; the token keeps that attribute for the key's life.
     */
    static GeneratedKeyPair generate(HsmToken token, Session session, KeyPairSpec spec, String label, byte[] id,
            boolean extractable) throws HsmException {
        token.refuseExisting(label, id);
        long[] handles = session.call("generate an " + spec.describe() + " key pair labelled '" + label + "'",
                (p11, s) -> generateRaw(p11, s, spec, label, id, true, extractable, true));
        long publicHandle = handles[0];
        long privateHandle = handles[1];
        try {
            String idHex = HexFormat.of().formatHex(id);
            HsmPrivateKey key = new HsmPrivateKey(token, privateHandle, spec.type(), label, idHex);
            PublicKey publicKey = PublicKeys.read(session, publicHandle);
            token.proveKeyPair(key, publicKey, spec.defaultSignature());
            return new GeneratedKeyPair(key, publicHandle, label, idHex, publicKey, PublicKeys.spkiSha256(publicKey),
                    extractable);
        } catch (HsmException | RuntimeException e) {
            // No orphans: a pair that cannot prove itself is removed, both halves.
            session.destroyQuietly(privateHandle, e);
            session.destroyQuietly(publicHandle, e);
            throw e;
        }
    }

    /**
     * C_GenerateKeyPair with full templates: {public, private} handles. {@code tokenObject}
     * false makes session objects (the throw-away keys of {@link KeyProtectionProbe}).
     */
    static long[] generateRaw(Pkcs11Api p11, long session, KeyPairSpec spec, String label, byte[] id,
            boolean tokenObject, boolean extractable, boolean wrapWithTrusted) throws PKCS11Exception {
        List<CK_ATTRIBUTE> pub = new ArrayList<>(List.of(
                Templates.number(CKA_CLASS, CKO_PUBLIC_KEY),
                Templates.number(CKA_KEY_TYPE, spec.type().ckk()),
                Templates.bool(CKA_TOKEN, tokenObject),
                Templates.bool(CKA_PRIVATE, false),
                Templates.bool(CKA_VERIFY, true),
                Templates.bool(CKA_ENCRYPT, false),
                Templates.bool(CKA_WRAP, false),
                Templates.text(CKA_LABEL, label),
                Templates.bytes(CKA_ID, id)));
        List<CK_ATTRIBUTE> priv = new ArrayList<>(List.of(
                Templates.number(CKA_CLASS, CKO_PRIVATE_KEY),
                Templates.number(CKA_KEY_TYPE, spec.type().ckk()),
                Templates.bool(CKA_TOKEN, tokenObject),
                Templates.bool(CKA_PRIVATE, true),
                Templates.bool(CKA_SENSITIVE, true),
                Templates.bool(CKA_EXTRACTABLE, extractable),
                Templates.bool(CKA_WRAP_WITH_TRUSTED, wrapWithTrusted),
                Templates.bool(CKA_SIGN, true),
                Templates.bool(CKA_DECRYPT, false),
                Templates.bool(CKA_UNWRAP, false),
                Templates.bool(CKA_DERIVE, false),
                Templates.text(CKA_LABEL, label),
                Templates.bytes(CKA_ID, id)));
        CK_MECHANISM mechanism;
        if (spec instanceof KeyPairSpec.Rsa rsa) {
            mechanism = new CK_MECHANISM(MechanismSupport.CKM_RSA_PKCS_KEY_PAIR_GEN);
            pub.add(Templates.number(CKA_MODULUS_BITS, rsa.bits()));
            pub.add(Templates.bytes(CKA_PUBLIC_EXPONENT, F4));
        } else {
            mechanism = new CK_MECHANISM(MechanismSupport.CKM_EC_KEY_PAIR_GEN);
            pub.add(Templates.bytes(CKA_EC_PARAMS, ((KeyPairSpec.Ec) spec).curve().ecParams()));
        }
        return p11.C_GenerateKeyPair(session, mechanism, pub.toArray(CK_ATTRIBUTE[]::new),
                priv.toArray(CK_ATTRIBUTE[]::new));
    }
}
