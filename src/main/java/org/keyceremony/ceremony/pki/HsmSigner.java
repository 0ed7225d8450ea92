package org.keyceremony.ceremony.pki;

import java.security.PrivateKey;
import java.security.Provider;

/**
 * A private key that signs inside a token, reached through an explicit provider (the
 * SunPKCS11 instance of that token; never the global provider list). A software key with a
 * software provider is one too, which is how the tests and the throw-away pre-check sign.
 */
public record HsmSigner(PrivateKey privateKey, Provider provider) {
    @Override
    public String toString() {
        return "HsmSigner[" + privateKey.getAlgorithm() + " via " + provider.getName() + "]";
    }
}
