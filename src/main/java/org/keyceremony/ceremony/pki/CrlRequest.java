package org.keyceremony.ceremony.pki;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the root's next CRL says: the issuing root certificate, the root's last CRL (empty for the
 * first one), the CRL's thisUpdate and nextUpdate (whole seconds are kept), every revoked
 * certificate, and the digest ("SHA-256", "SHA-384" or "SHA-512") the root signs with, as in
 * {@link CertificateProfileRules#signatureAlgorithm}.
 */
public record CrlRequest(X509Certificate issuer, Optional<X509CRL> previous, Instant thisUpdate, Instant nextUpdate,
                         List<Revocation> entries, String digest) {
    public CrlRequest {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        entries = List.copyOf(entries);
        Objects.requireNonNull(digest, "digest");
    }
}
