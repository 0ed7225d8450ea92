package org.keyceremony.hsm;

import java.util.HexFormat;

/**
 * Signature algorithms the HSM signs with. The message is hashed in software and only the
 * hash is signed in the HSM (CKM_RSA_PKCS over a DigestInfo, CKM_ECDSA over the hash): every
 * HSM offers those two mechanisms, while the combined ones vary by vendor.
 */
public enum SignatureAlgorithm {
    SHA256_WITH_RSA("SHA256withRSA", KeyType.RSA, "SHA-256", "3031300d060960864801650304020105000420", "1.2.840.113549.1.1.11"),
    SHA384_WITH_RSA("SHA384withRSA", KeyType.RSA, "SHA-384", "3041300d060960864801650304020205000430", "1.2.840.113549.1.1.12"),
    SHA512_WITH_RSA("SHA512withRSA", KeyType.RSA, "SHA-512", "3051300d060960864801650304020305000440", "1.2.840.113549.1.1.13"),
    SHA256_WITH_ECDSA("SHA256withECDSA", KeyType.EC, "SHA-256", "", "1.2.840.10045.4.3.2"),
    SHA384_WITH_ECDSA("SHA384withECDSA", KeyType.EC, "SHA-384", "", "1.2.840.10045.4.3.3"),
    SHA512_WITH_ECDSA("SHA512withECDSA", KeyType.EC, "SHA-512", "", "1.2.840.10045.4.3.4");

    private final String jcaName;
    private final KeyType keyType;
    private final String digest;
    private final String digestInfoPrefixHex;
    private final String oid;

    SignatureAlgorithm(String jcaName, KeyType keyType, String digest, String digestInfoPrefixHex, String oid) {
        this.jcaName = jcaName;
        this.keyType = keyType;
        this.digest = digest;
        this.digestInfoPrefixHex = digestInfoPrefixHex;
        this.oid = oid;
    }

    /** The JCA name, e.g. {@code SHA384withECDSA}. */
    public String jcaName() {
        return jcaName;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The JCA message digest name, e.g. {@code SHA-384}. */
    public String digest() {
        return digest;
    }

    /** The signature algorithm OID. */
    public String oid() {
        return oid;
    }

    /** The DER DigestInfo header for RSA PKCS#1 v1.5 (empty for ECDSA). */
    byte[] digestInfoPrefix() {
        return HexFormat.of().parseHex(digestInfoPrefixHex);
    }
}
