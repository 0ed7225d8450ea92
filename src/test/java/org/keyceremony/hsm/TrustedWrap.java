package org.keyceremony.hsm;

import org.keyceremony.secret.Pin;
import org.keyceremony.secret.SecretBytes;
import org.keyceremony.testing.TestToken;

/**
 * Wraps a key the way a ceremony's wrap step does (tests only): the user logs out, the
 * security officer logs in and loads the KWK as the token's trusted wrapping key, logs out,
 * the user logs in again, finds the key anew (handles of private objects die with a logout)
 * and wraps it; the trusted key is destroyed right after.
 */
final class TrustedWrap {
    private TrustedWrap() {
    }

    static WrappedKey wrap(HsmToken t, TestToken token, SecretBytes kwk, byte[] keyId) throws Exception {
        t.logout();
        WrappingKey trusted;
        try (Pin so = Pin.copyOf(token.soPin().toCharArray())) {
            t.loginSecurityOfficer(so);
            trusted = t.importTrustedWrappingKey(kwk);
            t.logout();
        }
        try (Pin user = token.pin()) {
            t.login(user);
        }
        try {
            return t.wrapPrivateKey(trusted, t.privateKey(keyId));
        } finally {
            t.destroyObject(trusted.handle());
        }
    }
}
