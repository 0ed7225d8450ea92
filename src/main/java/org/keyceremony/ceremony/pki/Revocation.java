package org.keyceremony.ceremony.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One certificate the root revokes: its serial (byte-for-byte the certificate's, BR 7.2.2), when it
 * was revoked (whole seconds are kept), and why.
 */
public record Revocation(BigInteger serial, Instant revoked, RevocationReason reason) {
    public Revocation {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(reason, "reason");
    }
}
