package org.keyceremony.script;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The nine keyUsage bits of RFC 5280 4.2.1.3, by the names a script writes in
 * {@code policy.certificate.key-usage}. The reader knows all nine, so that a bit a root may not
 * have is refused with its reason ({@link RootCertificateRules}) rather than as a misspelling.
 */
public enum KeyUsageBit {
    DIGITAL_SIGNATURE("digitalSignature", 0),
    NON_REPUDIATION("nonRepudiation", 1),
    KEY_ENCIPHERMENT("keyEncipherment", 2),
    DATA_ENCIPHERMENT("dataEncipherment", 3),
    KEY_AGREEMENT("keyAgreement", 4),
    KEY_CERT_SIGN("keyCertSign", 5),
    CRL_SIGN("cRLSign", 6),
    ENCIPHER_ONLY("encipherOnly", 7),
    DECIPHER_ONLY("decipherOnly", 8);

    static final Map<String, KeyUsageBit> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(KeyUsageBit::yamlName, Function.identity()));

    private final String yamlName;
    private final int bit;

    KeyUsageBit(String yamlName, int bit) {
        this.yamlName = yamlName;
        this.bit = bit;
    }

    /** The RFC 5280 name, as written in a script. */
    public String yamlName() {
        return yamlName;
    }

    /** The bit's number in the KeyUsage BIT STRING (digitalSignature is 0). */
    public int bit() {
        return bit;
    }
}
