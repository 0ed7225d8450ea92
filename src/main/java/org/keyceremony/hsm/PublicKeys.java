package org.keyceremony.hsm;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_MODULUS;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKA_PUBLIC_EXPONENT;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import sun.security.pkcs11.wrapper.CK_ATTRIBUTE;

/** Reads a public-key object from a token into a JCA {@link PublicKey}. */
final class PublicKeys {
    /** DER of OID 1.2.840.10045.2.1 (id-ecPublicKey). */
    private static final byte[] EC_PUBLIC_KEY_OID = HexFormat.of().parseHex("06072a8648ce3d0201");

    private PublicKeys() {
    }

    static PublicKey read(Session session, long handle) throws HsmException {
        CK_ATTRIBUTE[] type = session.read("read a public key", handle, CKA_KEY_TYPE);
        KeyType keyType = KeyType.ofCkk(type[0].getLong());
        try {
            if (keyType == KeyType.RSA) {
                CK_ATTRIBUTE[] a = session.read("read an RSA public key", handle, CKA_MODULUS, CKA_PUBLIC_EXPONENT);
                BigInteger n = new BigInteger(1, Templates.readBytes(a[0]));
                BigInteger e = new BigInteger(1, Templates.readBytes(a[1]));
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            }
            CK_ATTRIBUTE[] a = session.read("read an EC public key", handle, CKA_EC_PARAMS, CKA_EC_POINT);
            byte[] params = Templates.readBytes(a[0]);
            EcCurve curve = EcCurve.ofParams(params);
            byte[] point = uncompressedPoint(Templates.readBytes(a[1]), curve);
            byte[] spki = Der.tlv(Der.SEQUENCE, Der.tlv(Der.SEQUENCE, EC_PUBLIC_KEY_OID, params),
                    Der.tlv(Der.BIT_STRING, new byte[] {0}, point));
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyCheckFailedException("The public key on token " + session.tokenName()
                    + " could not be decoded (" + e.getClass().getSimpleName() + "); the token's answer is malformed.",
                    null, e);
        }
    }

    /**
     * CKA_EC_POINT is specified as a DER OCTET STRING around the point, but some tokens return
     * the bare point; the length tells which.
     */
    private static byte[] uncompressedPoint(byte[] value, EcCurve curve) {
        int bare = 2 * curve.fieldBytes() + 1;
        if (value.length == bare && value[0] == 0x04) {
            return value;
        }
        if (value.length > bare && value[0] == Der.OCTET_STRING) {
            return Arrays.copyOfRange(value, value.length - bare, value.length);
        }
        throw new IllegalArgumentException("EC point of " + value.length + " bytes");
    }

    /** SHA-256 over the DER SubjectPublicKeyInfo, lower-case hex. */
    static String spkiSha256(PublicKey key) {
        return org.keyceremony.base.Digests.sha256Hex(key.getEncoded());
    }
}
