package org.keyceremony.ceremony.pki;

import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.security.PrivateKey;
import java.security.Provider;

/**
 * A private key that signs inside a token, reached through an explicit provider (the
 * SunPKCS11 instance of that token; never the global provider list). A software key with a
 * software provider is one too, which is how the tests and the throw-away pre-check sign.
 */
public record HsmSigner(PrivateKey privateKey, Provider provider) {
    /**
     * A Bouncy Castle signer over JCA {@code Signature.getInstance(sigAlg, provider)}: the key is used
     * through its own provider only. One for the certificates and the CRLs the root signs.
     */
    ContentSigner contentSigner(String sigAlg) throws OperatorCreationException {
        return new JcaContentSignerBuilder(sigAlg).setProvider(provider).build(privateKey);
    }

    @Override
    public String toString() {
        return "HsmSigner[" + privateKey.getAlgorithm() + " via " + provider.getName() + "]";
    }
}
