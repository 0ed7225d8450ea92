package org.keyceremony.hsm;

/** What key pair to generate: RSA with a modulus size, or EC on a named curve. */
public sealed interface KeyPairSpec permits KeyPairSpec.Rsa, KeyPairSpec.Ec {

    KeyType type();

    /** The signature algorithm used to prove a new key works. */
    SignatureAlgorithm defaultSignature();

    /** E.g. {@code RSA-3072}, {@code EC P-384}. */
    String describe();

    /** RSA with public exponent 65537; 3072 or 4096 bits (2048 is below a root key's strength). */
    record Rsa(int bits) implements KeyPairSpec {
        public Rsa {
            if (bits != 3072 && bits != 4096) {
                throw new IllegalArgumentException("RSA key size must be 3072 or 4096 bits, not " + bits);
            }
        }

        @Override
        public KeyType type() {
            return KeyType.RSA;
        }

        @Override
        public SignatureAlgorithm defaultSignature() {
            return SignatureAlgorithm.SHA256_WITH_RSA;
        }

        @Override
        public String describe() {
            return "RSA-" + bits;
        }
    }

    /** EC on a NIST curve. */
    record Ec(EcCurve curve) implements KeyPairSpec {
        @Override
        public KeyType type() {
            return KeyType.EC;
        }

        @Override
        public SignatureAlgorithm defaultSignature() {
            return curve.defaultSignature();
        }

        @Override
        public String describe() {
            return "EC " + curve.displayName();
        }
    }
}
