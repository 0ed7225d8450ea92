package org.keyceremony.hsm;

import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.List;
import java.util.Map;

/**
 * A JCA provider whose {@code Signature}s sign with {@link HsmPrivateKey}s through our own
 * PKCS#11 session, to be passed explicitly (never installed globally), e.g. to Bouncy
 * Castle's {@code JcaContentSignerBuilder.setProvider(provider)}.
 *
 * <p>Why not SunPKCS11: its KeyStore lists a private key only when a certificate with the
 * same CKA_ID sits next to it (measured on JDK 17 + SoftHSM2: a key pair made with
 * C_GenerateKeyPair and full templates gives an empty {@code aliases()}), so the key of a new
 * root, which has no certificate yet, cannot be had as a {@code PrivateKey} without the
 * provider's non-exported internals; and it
 * shares the JDK's per-library wrapper with us, so a re-initialisation would pull its
 * sessions away silently. Signing through the session we already hold keeps one set of
 * checks (token present, same serial) in front of every signature.
 */
public final class HsmSigningProvider extends Provider {
    private static final long serialVersionUID = 1L;

    /** The one instance; keys carry their token, so one provider serves every token. */
    public static final HsmSigningProvider INSTANCE = new HsmSigningProvider();

    private HsmSigningProvider() {
        super("KeyCeremonyHSM", "1.0", "KeyCeremony: signatures by PKCS#11 private keys (RSA PKCS#1 v1.5, ECDSA)");
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            putService(new SignatureService(this, a));
        }
    }

    private static final class SignatureService extends Service {
        private final SignatureAlgorithm algorithm;

        SignatureService(Provider provider, SignatureAlgorithm algorithm) {
            super(provider, "Signature", algorithm.jcaName(), HsmSignature.class.getName(),
                    List.of(algorithm.oid(), "OID." + algorithm.oid()),
                    Map.of("SupportedKeyClasses", HsmPrivateKey.class.getName()));
            this.algorithm = algorithm;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return new HsmSignature(algorithm);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return parameter instanceof HsmPrivateKey;
        }
    }

    /** Hashes in software, signs the hash in the HSM. Signing only: verify in software. */
    static final class HsmSignature extends SignatureSpi {
        private final SignatureAlgorithm algorithm;
        private HsmPrivateKey key;
        private MessageDigest digest;

        HsmSignature(SignatureAlgorithm algorithm) {
            this.algorithm = algorithm;
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            throw new InvalidKeyException("KeyCeremonyHSM only signs; verify with the default provider");
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            if (!(privateKey instanceof HsmPrivateKey)) {
                throw new InvalidKeyException("KeyCeremonyHSM signs with HSM keys only");
            }
            HsmPrivateKey k = (HsmPrivateKey) privateKey;
            if (k.keyType() != algorithm.keyType()) {
                throw new InvalidKeyException(algorithm.jcaName() + " needs an " + algorithm.keyType() + " key, not "
                        + k.keyType());
            }
            try {
                digest = MessageDigest.getInstance(algorithm.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new InvalidKeyException(algorithm.digest() + " unavailable", e);
            }
            key = k;
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            ready().update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            ready().update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            byte[] hash = ready().digest();
            try {
                return key.token().signDigest(key, algorithm, hash);
            } catch (HsmException e) {
                // JCA allows only SignatureException here; the typed cause travels along and
                // callers find it (and its return code) in the cause chain.
                throw new SignatureException(e.getMessage(), e);
            }
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            throw new SignatureException("KeyCeremonyHSM only signs; verify with the default provider");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new InvalidParameterException("no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new InvalidParameterException("no parameters");
        }

        private MessageDigest ready() throws SignatureException {
            if (digest == null) {
                throw new SignatureException("not initialised for signing");
            }
            return digest;
        }
    }
}
