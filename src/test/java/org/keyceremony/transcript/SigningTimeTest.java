package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.transcript.HostileTranscripts.reason;

import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The signing time against the certificates and the ceremony. For an auditor: what counts
 * is validity <em>at the signing time</em> (a transcript must stay verifiable long after its
 * certificates expire), and the signing time must be where the product puts it, right after
 * the last event of the log it signs. The time is the signer's claim (/M, inside the signed
 * bytes; there is no time-stamp authority in an air-gapped room).
 */
class SigningTimeTest {
    private static final TestPki PKI = GenuineTranscript.PKI;

    private static VerificationReport verify(byte[] pdf, TestPki pki) {
        return TranscriptVerifier.verify("t.pdf", pdf, SyntheticCeremony.sha(pki.root()));
    }

    /** The ceremony recorded with {@code pki}, signed by it at {@code at} (null: when the product would). */
    private static VerificationReport signedAt(TestPki pki, Instant at) throws Exception {
        SyntheticCeremony c = SyntheticCeremony.rootKeyGeneration(pki);
        return verify(HostileTranscripts.signed(c, pki, at == null ? c.signingTime() : at), pki);
    }

    private static Instant ceremonyStart() {
        return SyntheticCeremony.rootKeyGeneration(PKI).events().get(0).time();
    }

    @Test
    void aSignerCertificateThatExpiredBeforeTheSigningTimeIsRefused() throws Exception {
        TestPki expired = HostileTranscripts.signerOf(PKI, TestPki.CEREMONY_ID, TestPki.NOT_BEFORE, ceremonyStart());
        VerificationReport r = signedAt(expired, null);
        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "chain")).contains("the signer's certificate was not valid at the signing time");
    }

    @Test
    void aSignerCertificateNotYetValidAtTheSigningTimeIsRefused() throws Exception {
        Instant later = ceremonyStart().plus(Duration.ofDays(2));
        TestPki early = HostileTranscripts.signerOf(PKI, TestPki.CEREMONY_ID, later, later.plus(Duration.ofDays(365)));
        VerificationReport r = signedAt(early, null);
        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "chain")).contains("the signer's certificate was not valid at the signing time");
    }

    @Test
    void aRootThatExpiredBeforeTheSigningTimeIsRefused() throws Exception {
        TestPki pki = TestPki.create("Short Root", TestPki.NOT_BEFORE, ceremonyStart().plusSeconds(30));
        VerificationReport r = signedAt(pki, null);
        assertThat(r.valid()).isFalse();
        assertThat(reason(r, "chain")).contains("the root certificate was not valid at the signing time");
    }

    @Test
    void aTranscriptSignedWhileItsCertificatesWereValidStaysValidAfterTheyExpire() throws Exception {
        Instant start = ceremonyStart();
        TestPki root = TestPki.create("Old Root", TestPki.NOT_BEFORE, start.plus(Duration.ofHours(3)));
        TestPki pki = HostileTranscripts.signerOf(root, TestPki.CEREMONY_ID, TestPki.NOT_BEFORE,
                start.plus(Duration.ofHours(1)));
        assertThatThrownBy(() -> pki.signer().checkValidity()).isInstanceOf(CertificateExpiredException.class);
        assertThatThrownBy(() -> pki.root().checkValidity()).isInstanceOf(CertificateExpiredException.class);

        VerificationReport r = signedAt(pki, null);
        assertThat(r.failures()).isEmpty();
        assertThat(r.valid()).isTrue();
    }

    @Test
    void aSigningTimeBeforeTheLastEventOfTheLogIsRefused() throws Exception {
        VerificationReport r = signedAt(PKI, ceremonyStart().minusSeconds(60));
        assertThat(r.valid()).isFalse();
        assertThat(r.failures()).extracting(Check::name).containsExactly("signing-time", "pages-reproduced");
        assertThat(reason(r, "signing-time")).contains("is before the last event of the log it signs")
                .contains("even before the ceremony began");
    }

    @Test
    void aSigningTimeLongAfterTheCeremonyIsRefused() throws Exception {
        SyntheticCeremony c = SyntheticCeremony.rootKeyGeneration(PKI);
        VerificationReport r = signedAt(PKI, c.signingTime().plus(Duration.ofDays(2)));
        assertThat(r.valid()).isFalse();
        assertThat(r.failures()).extracting(Check::name).containsExactly("signing-time", "pages-reproduced");
        assertThat(reason(r, "signing-time")).contains("more than 60 minutes after the last event");
    }

    @Test
    void theProductsSigningTimeWithinSecondsOfTheLastEventPasses() throws Exception {
        VerificationReport r = signedAt(PKI, null);
        assertThat(r.check("signing-time")).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
    }
}
