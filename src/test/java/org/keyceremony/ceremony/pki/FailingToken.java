package org.keyceremony.ceremony.pki;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SignatureSpi;

/** A token whose device fails at C_Sign, as SunPKCS11 reports it: a ProviderException (SoftHSM2 cannot be made to). */
final class FailingToken extends Provider {
    private static final long serialVersionUID = 1L;

    FailingToken() {
        super("FailingToken", "1", "fails at C_Sign");
        putService(new Service(this, "Signature", "SHA384withECDSA", FailingSignature.class.getName(), null, null));
    }

    /** The signature of {@link FailingToken}. */
    @SuppressWarnings("deprecation")
    public static final class FailingSignature extends SignatureSpi {
        @Override
        protected void engineInitVerify(PublicKey publicKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) {
        }

        @Override
        protected void engineUpdate(byte b) {
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {
        }

        @Override
        protected byte[] engineSign() {
            throw new ProviderException("CKR_DEVICE_ERROR");
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException();
        }
    }
}
