package org.keyceremony.ceremony.actions.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyceremony.ceremony.pki.CertificateRequest;
import org.keyceremony.ceremony.pki.PreparedCertificate;
import org.keyceremony.ceremony.pki.SubjectKeyInput;
import org.keyceremony.ceremony.pki.SubordinateIssuer;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.script.IssuedCertificate;

/**
 * Issue 20's acceptance, from the script down: the shipped subordinate-signing and cross-signing
 * scripts, with Let's Encrypt's 2024 values written in their prepare-certificate step (as
 * letsencrypt/ceremony-demos has them), read by the script reader and turned into the request the
 * step builds, give each published intermediate's TBSCertificate byte for byte: E5 and E9 under ISRG
 * Root X2, R10 and R14 under ISRG Root X1, and E5's cross-certificate by ISRG Root X1. The key,
 * serial and dates are the real certificate's (the HSM and the day give those in a ceremony).
 */
class LetsEncryptScriptsTest {
    private static final String SHIPPED_BLOCK = """
                        profile: cabf-tls-subordinate
                        subject: "CN=Example Issuing CA E1, O=Example Organisation, C=NL"
                        key: {algorithm: EC, curve: P-384}
                        validity-days: 1095
                        key-usage: [digitalSignature, keyCertSign, cRLSign]
                        extended-key-usage: [clientAuth, serverAuth]
                        path-length: 0
                        certificate-policies: ["2.23.140.1.2.1"]
                        crl-distribution-points: ["http://crl.example.org/root.crl"]
                        authority-information-access:
                          ca-issuers: "http://certs.example.org/root.der"
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"e5", "e9", "r10", "r14", "e5-cross"})
    void theShippedScriptWithLetsEncryptsValuesBuildsThePublishedCertificate(String name) throws Exception {
        boolean cross = name.endsWith("-cross");
        String base = name.replace("-cross", "");
        boolean ec = base.startsWith("e") && !cross;
        X509Certificate real = certificate("letsencrypt-2024/" + name + ".pem");
        X509Certificate root = certificate(ec ? "ISRG_Root_X2.crt" : "ISRG_Root_X1.crt");
        String rootName = ec ? "x2" : "x1";
        String block = "                        profile: " + (cross ? "cabf-cross" : "cabf-tls-subordinate") + "\n"
                + (cross ? "" : "                        subject: \"CN=" + base.toUpperCase(Locale.ROOT)
                + ", O=Let's Encrypt, C=US\"\n")
                + "                        key: " + (base.startsWith("e") ? "{algorithm: EC, curve: P-384}"
                : "{algorithm: RSA, size: 2048}") + "\n"
                + "                        not-before: " + real.getNotBefore().toInstant() + "\n"
                + "                        not-after: " + real.getNotAfter().toInstant() + "\n"
                + "                        key-usage: [digitalSignature, keyCertSign, cRLSign]\n"
                + "                        extended-key-usage: [clientAuth, serverAuth]\n"
                + "                        path-length: 0\n"
                + "                        certificate-policies: [\"2.23.140.1.2.1\"]\n"
                + "                        crl-distribution-points: [\"http://" + rootName + ".c.lencr.org/\"]\n"
                + "                        authority-information-access:\n"
                + "                          ca-issuers: \"http://" + rootName + ".i.lencr.org/\"\n";
        Path shipped = Path.of("ceremony-scripts", cross ? "cross-signing.yaml" : "subordinate-signing.yaml");
        String text = Files.readString(shipped);
        String from = cross ? text.substring(text.indexOf("            profile: cabf-cross"),
                text.indexOf("      - id: \"3.2\"")) : SHIPPED_BLOCK.replace("                        ", "            ");
        assertThat(text).contains(from);
        String script = text.replace(from, block.replace("                        ", "            "));
        if (ec) {
            script = script.replace("    algorithm: RSA\n    size: 4096\n", "    algorithm: EC\n    curve: P-384\n");
        }
        CeremonyScript parsed = CeremonyScripts.parse(script, name + ".yaml");
        IssuedCertificate spec = parsed.steps().stream().map(s -> s.action())
                .filter(PrepareCertificate.Prepare.class::isInstance).map(a -> ((PrepareCertificate.Prepare) a).spec())
                .findFirst().orElseThrow();
        SubjectKeyInput key = cross ? new SubjectKeyInput.ExistingCertificate(certificate("letsencrypt-2024/" + base + ".pem"))
                : new SubjectKeyInput.PublicKeyOnly(Certificate.getInstance(real.getEncoded()).getSubjectPublicKeyInfo()
                .getEncoded());
        Instant signing = real.getNotBefore().toInstant().plus(Duration.ofHours(12));
        PreparedCertificate prepared = SubordinateIssuer.prepare(new CertificateRequest(PrepareCertificate.profile(spec),
                root, spec.subjectDn().orElse(""), key, real.getSerialNumber(), spec.validity().notBefore(signing),
                spec.validity().notAfter(signing), ec ? "SHA-384" : "SHA-256"), signing);

        assertThat(prepared.tbsDer()).as("the whole TBSCertificate of " + name).isEqualTo(real.getTBSCertificate());
        // 'ceremony script check' accepts the script, its fixed dates checked as of its not-before day
        assertThat(org.keyceremony.ceremony.Ceremonies.refusalsBeforeStart(parsed)).isEmpty();
    }

    private static X509Certificate certificate(String resource) throws Exception {
        try (InputStream in = org.keyceremony.ceremony.pki.CertificateIssuer.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
