package org.keyceremony.ceremony.pki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate the root is to issue, as the script and the media give it: the profile, the
 * root's own certificate (the issuer), the subject (an RFC 4514 name, encoded as the root's subject
 * is; for {@value IssuanceProfile#CROSS} it may be empty, meaning the existing certificate's subject
 * byte for byte), the key to certify, the serial, the validity (whole seconds are kept), and the
 * digest ("SHA-256", "SHA-384" or "SHA-512") the root signs with, as in
 * {@link CertificateProfileRules#signatureAlgorithm}.
 */
public record CertificateRequest(IssuanceProfile profile, X509Certificate issuer, String subjectDn, SubjectKeyInput subjectKey,
                                 BigInteger serial, Instant notBefore, Instant notAfter, String digest) {
    public CertificateRequest {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subjectDn, "subjectDn");
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(digest, "digest");
    }

    @Override
    public String toString() {
        return "CertificateRequest[" + profile.name() + ", subject " + (subjectDn.isEmpty() ? "(the existing certificate's)" : subjectDn)
                + ", serial " + CrlLint.hex(serial) + ", " + subjectKey + "]";
    }
}
