package org.keyceremony.transcript;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * An ECDSA signature value (the DER {@code ECDSA-Sig-Value}, r and s) in the one form a
 * transcript may carry: DER, and low-S (s at most half the curve order). ECDSA is malleable:
 * (r, n − s) verifies wherever (r, s) does, so without this rule anyone could change the
 * signature's bytes, and the file's, without the key. Only the public curve order is used.
 */
final class EcdsaValue {
    private EcdsaValue() {
    }

    /** The curve order of an EC certificate's key, or null for any other key. */
    static BigInteger order(X509Certificate certificate) {
        return certificate.getPublicKey() instanceof ECPublicKey ec ? ec.getParams().getOrder() : null;
    }

    /**
     * {@code inner}, whose ECDSA signatures are turned to low-S when {@code signer}'s key is EC
     * (any other signer is returned as it is: RSA PKCS#1 v1.5 is deterministic).
     */
    static ContentSigner lowS(ContentSigner inner, X509Certificate signer) {
        BigInteger n = order(signer);
        if (n == null) {
            return inner;
        }
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return inner.getAlgorithmIdentifier();
            }

            @Override
            public OutputStream getOutputStream() {
                return inner.getOutputStream();
            }

            @Override
            public byte[] getSignature() {
                return lowS(inner.getSignature(), n);
            }
        };
    }

    /** The same signature with s replaced by n − s when s is above n / 2; still valid. */
    static byte[] lowS(byte[] value, BigInteger n) {
        BigInteger[] rs = decode(value);
        if (rs == null) {
            throw new IllegalStateException("the signing provider returned an ECDSA signature that is not a DER pair");
        }
        BigInteger s = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1];
        return encode(rs[0], s);
    }

    /** Why {@code value} is not a DER, low-S ECDSA signature for curve order {@code n}; null when it is. */
    static String problem(byte[] value, BigInteger n) {
        BigInteger[] rs = decode(value);
        if (rs == null || !Arrays.equals(encode(rs[0], rs[1]), value)) {
            return "the ECDSA signature value is not a DER-encoded pair of integers";
        }
        if (rs[0].signum() <= 0 || rs[0].compareTo(n) >= 0 || rs[1].signum() <= 0 || rs[1].compareTo(n) >= 0) {
            return "the ECDSA signature value is out of range for the signer's curve";
        }
        if (rs[1].compareTo(n.shiftRight(1)) > 0) {
            return "the ECDSA signature is high-S (s > n/2): (r, n - s) of a valid signature, a second encoding "
                    + "of it that anyone can make; KeyCeremony writes only low-S";
        }
        return null;
    }

    private static BigInteger[] decode(byte[] value) {
        try {
            ASN1Sequence pair = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(value));
            if (pair.size() != 2) {
                return null;
            }
            return new BigInteger[] {ASN1Integer.getInstance(pair.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(pair.getObjectAt(1)).getValue()};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] encode(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory failed", e);
        }
    }
}
