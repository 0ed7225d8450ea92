package org.keyceremony.script;

import java.time.Duration;
import java.time.Instant;

/**
 * When the root certificate is valid: either a number of days from the moment it is signed
 * ({@code validity-days}), or two instants chosen in advance ({@code not-before} and
 * {@code not-after}), as real roots have (ISRG Root X2: 2020-09-04T00:00:00Z to 2040-09-17T16:00:00Z).
 */
public sealed interface CertificateValidity {
    /** notBefore for a certificate signed at {@code signing}. */
    Instant notBefore(Instant signing);

    /** notAfter for a certificate signed at {@code signing}. */
    Instant notAfter(Instant signing);

    /** {@code validity-days}: notBefore is the signing moment, notAfter that many days later. */
    record DaysFromSigning(int days) implements CertificateValidity {
        public Instant notBefore(Instant signing) {
            return signing;
        }

        public Instant notAfter(Instant signing) {
            return signing.plus(Duration.ofDays(days));
        }
    }

    /** {@code not-before} and {@code not-after}, whole seconds in UTC, whatever the signing moment. */
    record Fixed(Instant notBefore, Instant notAfter) implements CertificateValidity {
        public Instant notBefore(Instant signing) {
            return notBefore;
        }

        public Instant notAfter(Instant signing) {
            return notAfter;
        }
    }
}
