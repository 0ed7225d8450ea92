package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * The public key a certificate is to certify, as the subordinate's operator brings it on a medium:
 * a PKCS#10 request ({@link Csr}), a bare public key from the subordinate's own key ceremony
 * ({@link PublicKeyOnly}), or, for a cross-certificate, the existing CA certificate
 * ({@link ExistingCertificate}). Whatever the form, the witness compares {@link #spkiSha256()} with
 * what the subordinate's operator reads aloud: for a bare key that is the only proof of whose key it is.
 * {@link #read} takes a file's bytes; {@link SubjectKeyFormats} says how they may be written.
 */
public sealed interface SubjectKeyInput {
    /** The largest file {@link #read} takes: a CSR or a CA certificate is a few kilobytes. */
    int MAX_FILE_BYTES = SubjectKeyFormats.MAX_FILE_BYTES;

    /**
     * The key in the file's bytes: PEM ({@code CERTIFICATE REQUEST}, {@code NEW CERTIFICATE REQUEST},
     * {@code PUBLIC KEY}, {@code CERTIFICATE}; one block, nothing but white space around it) or DER
     * of one of those. A request must be signed by its own key. Anything else is refused.
     */
    static SubjectKeyInput read(byte[] fileBytes) throws InvalidInputException {
        SubjectKeyFormats.Decoded file = SubjectKeyFormats.decode(fileBytes);
        return switch (file.kind()) {
            case CSR -> new Csr(SubjectKeyFormats.verifiedCsr(file.der()));
            case PUBLIC_KEY -> new PublicKeyOnly(file.der());
            case CERTIFICATE -> new ExistingCertificate(SubjectKeyFormats.certificate(file.der()));
        };
    }

    /** The SubjectPublicKeyInfo's DER, as the certificate will hold it (a copy). */
    byte[] spkiDer();

    /** Lower-case hex SHA-256 of the SubjectPublicKeyInfo's DER: what the subordinate's operator reads aloud. */
    default String spkiSha256() {
        return Digests.sha256Hex(spkiDer());
    }

    /** The key's algorithm: "RSA", "EC", or the dotted OID of another. */
    default String keyAlgorithm() {
        return SubjectKeyFormats.facts(spkiDer()).algorithm();
    }

    /** The RSA modulus's bits, or the EC curve ("P-256", "P-384", "P-521", or its OID): "2048", "P-384". */
    default String keySize() {
        return SubjectKeyFormats.facts(spkiDer()).size();
    }

    /** One line for the witness, e.g. {@code PKCS#10 request for CN=E5,O=Let's Encrypt,C=US: EC P-384, SPKI SHA-256 …}. */
    String describe();

    /**
     * A PKCS#10 request, DER. Made only from a request whose signature verifies with the key it
     * carries (IllegalArgumentException otherwise); {@link #read} gives the reason as an
     * InvalidInputException. The subject it asks for is kept to compare with the script's.
     */
    record Csr(byte[] der) implements SubjectKeyInput {
        public Csr {
            der = der.clone();
            try {
                SubjectKeyFormats.verifiedCsr(der);
            } catch (InvalidInputException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        @Override
        public byte[] der() {
            return der.clone();
        }

        @Override
        public byte[] spkiDer() {
            return encoded(request().getSubjectPublicKeyInfo());
        }

        /** The subject the request asks for, DER. */
        public X500Principal subject() {
            return new X500Principal(encoded(request().getSubject()));
        }

        private PKCS10CertificationRequest request() {
            try {
                return new PKCS10CertificationRequest(der);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String describe() {
            return "PKCS#10 request for " + subject().getName() + ": " + keyAlgorithm() + " " + keySize() + ", SPKI SHA-256 " + spkiSha256();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Csr c && Arrays.equals(der, c.der);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(der);
        }

        @Override
        public String toString() {
            return "Csr[" + subject().getName() + ", SPKI SHA-256 " + spkiSha256() + "]";
        }
    }

    /** A bare SubjectPublicKeyInfo, DER: nothing in it says whose key it is but its fingerprint. */
    record PublicKeyOnly(byte[] spkiDer) implements SubjectKeyInput {
        public PublicKeyOnly {
            spkiDer = spkiDer.clone();
            SubjectKeyFormats.facts(spkiDer);
        }

        @Override
        public byte[] spkiDer() {
            return spkiDer.clone();
        }

        @Override
        public String describe() {
            return "public key: " + keyAlgorithm() + " " + keySize() + ", SPKI SHA-256 " + spkiSha256();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PublicKeyOnly p && Arrays.equals(spkiDer, p.spkiDer);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(spkiDer);
        }

        @Override
        public String toString() {
            return "PublicKeyOnly[SPKI SHA-256 " + spkiSha256() + "]";
        }
    }

    /**
     * An existing CA certificate, for a cross-certificate: the subject and SubjectPublicKeyInfo are
     * taken from it byte for byte (BR 7.1.2.2).
     */
    record ExistingCertificate(X509Certificate cert) implements SubjectKeyInput {
        public ExistingCertificate {
            Objects.requireNonNull(cert, "cert");
        }

        /** The certificate's TBSCertificate as it is encoded in the certificate. */
        Certificate structure() {
            try {
                return Certificate.getInstance(cert.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("a parsed certificate has an encoding", e);
            }
        }

        @Override
        public byte[] spkiDer() {
            return encoded(structure().getSubjectPublicKeyInfo());
        }

        @Override
        public String describe() {
            return "existing certificate of " + cert.getSubjectX500Principal().getName() + " (issued by "
                    + cert.getIssuerX500Principal().getName() + ", serial " + CrlLint.hex(cert.getSerialNumber()) + "): "
                    + keyAlgorithm() + " " + keySize() + ", SPKI SHA-256 " + spkiSha256();
        }

        @Override
        public String toString() {
            return "ExistingCertificate[" + cert.getSubjectX500Principal().getName() + ", SPKI SHA-256 " + spkiSha256() + "]";
        }
    }

    private static byte[] encoded(org.bouncycastle.asn1.ASN1Object value) {
        try {
            return value.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
