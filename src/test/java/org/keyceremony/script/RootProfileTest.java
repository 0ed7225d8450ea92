package org.keyceremony.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.script.TestScripts.rootWith;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * {@code policy.certificate.profile}: a CA/B Forum TLS root by default, held to the BRs; a
 * {@code private} root (a payment, device or internal PKI) held to RFC 5280 only, so that a
 * 30-year root with an OU and no country is a valid script there and refused as a TLS root.
 */
class RootProfileTest {
    private static final String CERTIFICATE = "certificate: {subject: \"CN=Test Root, O=Test, C=NL\", validity-days: 3650, "
            + "digest: SHA-256}";
    private static final String OUTSIDE_THE_BRS = "subject: \"CN=Payment Root, OU=Card Keys, O=Test\", validity-days: 10950, "
            + "digest: SHA-256}";

    @Test
    void aRootIsACaBForumTlsRootUnlessTheScriptSaysPrivate() throws Exception {
        CertificateProfile tls = CeremonyScripts.parse(rootWith(CERTIFICATE, CERTIFICATE), "tls.yaml").policy()
                .certificate().orElseThrow();
        assertThat(tls.profile()).isEqualTo("cabf-tls-root");
        assertThat(tls.baselineRequirements()).isTrue();
    }

    @Test
    void aPrivateRootIsHeldToRfc5280Only() throws Exception {
        CertificateProfile p = CeremonyScripts.parse(rootWith(CERTIFICATE, "certificate: {profile: private, "
                + OUTSIDE_THE_BRS), "private.yaml").policy().certificate().orElseThrow();
        assertThat(p.profile()).isEqualTo("private");
        assertThat(RootCertificateRules.checkSigningTime(p, Instant.now().plusSeconds(86_400 * 3))).isEmpty();

        assertThatThrownBy(() -> CeremonyScripts.parse(rootWith(CERTIFICATE, "certificate: {" + OUTSIDE_THE_BRS),
                "tls.yaml")).hasMessageContaining("must not have OU (CA/B Forum BR 7.1.2.10.2)")
                .hasMessageContaining("needs C").hasMessageContaining("validity-days: must be between 2922 and 9131");
    }

    @Test
    void aPrivateRootStillNeedsWhatEveryRootNeeds() {
        assertThatThrownBy(() -> CeremonyScripts.parse(rootWith(CERTIFICATE, "certificate: {profile: private, subject: "
                + "\"CN=Payment Root\", validity-days: 3650, key-usage: [keyCertSign, keyEncipherment], digest: SHA-256}"),
                "private.yaml")).hasMessageContaining("a root needs cRLSign (RFC 5280 4.2.1.3")
                .hasMessageContaining("keyEncipherment is not allowed in a root: a root key never encrypts keys");
        assertThatThrownBy(() -> CeremonyScripts.parse(rootWith(CERTIFICATE, "certificate: {profile: webpki, "
                + OUTSIDE_THE_BRS), "unknown.yaml")).hasMessageContaining("policy.certificate.profile: unknown value "
                + "'webpki'; allowed: cabf-tls-root, private");
    }
}
