package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.script.KeyAlgorithm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;

/**
 * BR 7.1.3.2, "Signature AlgorithmIdentifier", for what the root signs: the encodings the BRs
 * allow byte for byte (PKCS#1 v1.5 RSA with NULL parameters, ECDSA with absent parameters; the
 * RSASSA-PSS ones the BRs also allow are not made here, so they are refused as unexpected), and for
 * an EC key the one digest its curve takes (BR 7.1.3.2.2).
 */
final class SignatureAlgorithmRules {
    /** rsaEncryption and id-ecPublicKey, the key types a root may have here. */
    static final ASN1ObjectIdentifier RSA_KEY = new ASN1ObjectIdentifier("1.2.840.113549.1.1.1");
    static final ASN1ObjectIdentifier EC_KEY = new ASN1ObjectIdentifier("1.2.840.10045.2.1");

    private static final Map<String, String> ALGORITHMS = Map.of(
            "300d06092a864886f70d01010b0500", "sha256WithRSAEncryption",
            "300d06092a864886f70d01010c0500", "sha384WithRSAEncryption",
            "300d06092a864886f70d01010d0500", "sha512WithRSAEncryption",
            "300a06082a8648ce3d040302", "ecdsa-with-SHA256",
            "300a06082a8648ce3d040303", "ecdsa-with-SHA384",
            "300a06082a8648ce3d040304", "ecdsa-with-SHA512");
    /** P-256, P-384, P-521 and the one algorithm each signs with. */
    private static final Map<String, String> EC_CURVE_ALGORITHM = Map.of(
            "1.2.840.10045.3.1.7", "ecdsa-with-SHA256", "1.3.132.0.34", "ecdsa-with-SHA384", "1.3.132.0.35", "ecdsa-with-SHA512");

    private SignatureAlgorithmRules() {
    }

    /**
     * The algorithm of the issuer certificate's key, which picks the signature algorithm; refused when
     * it is neither RSA nor EC, since then {@code what} (e.g. "its CRL") cannot be signed here.
     */
    static KeyAlgorithm keyAlgorithm(X509Certificate issuer, String what) throws KeyCeremonyException {
        ASN1ObjectIdentifier type = SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded()).getAlgorithm().getAlgorithm();
        if (type.equals(RSA_KEY)) {
            return KeyAlgorithm.RSA;
        }
        if (type.equals(EC_KEY)) {
            return KeyAlgorithm.EC;
        }
        throw new KeyCeremonyException("The root certificate's key is neither RSA nor EC (" + type.getId() + "); " + what
                + " cannot be built.");
    }

    /** What is wrong with {@code used} as the signature algorithm of {@code key}; null when nothing is. */
    static String problem(AlgorithmIdentifier used, PublicKey key) {
        String name = ALGORITHMS.get(HexFormat.of().formatHex(der(used)));
        if (name == null) {
            return "the signature AlgorithmIdentifier " + used.getAlgorithm()
                    + " is not ECDSA (absent parameters) or PKCS#1 v1.5 RSA (NULL parameters) with SHA-256/384/512";
        }
        AlgorithmIdentifier keyType = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
        if (keyType.getAlgorithm().equals(RSA_KEY)) {
            return name.endsWith("RSAEncryption") ? null : name + " does not fit the issuer's RSA key";
        }
        String curve = keyType.getAlgorithm().equals(EC_KEY) ? keyType.getParameters().toString() : null;
        String expected = EC_CURVE_ALGORITHM.get(String.valueOf(curve));
        return name.equals(expected) ? null : name + " does not fit the issuer's key ("
                + (curve == null ? keyType.getAlgorithm().getId() : "EC " + curve + ", which signs with " + expected) + ")";
    }

    private static byte[] der(AlgorithmIdentifier id) {
        try {
            return id.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
