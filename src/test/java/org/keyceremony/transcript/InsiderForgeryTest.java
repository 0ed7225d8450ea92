package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19, part 1: an insider who can use the transcript-signing key during the ceremony (and,
 * for the certificate cases, the root key) signs a transcript whose pages, attachments or
 * signature disagree with the genuine record. Each forgery carries a signature that verifies under
 * the genuine root; each must still be refused, by the check named here.
 */
class InsiderForgeryTest {
    /** Forgery → the check that must refuse it. */
    private static final Map<String, String> REFUSED_BY = new LinkedHashMap<>();

    static {
        REFUSED_BY.put("white-box-over-root-fingerprint", "pages-reproduced");
        REFUSED_BY.put("white-box-over-air-gap-result", "pages-reproduced");
        REFUSED_BY.put("white-box-over-share-commitment", "pages-reproduced");
        REFUSED_BY.put("facts-only-as-invisible-text", "pages-reproduced");
        REFUSED_BY.put("tiny-crop-box", "pages-reproduced");
        REFUSED_BY.put("bag-serial-swapped", "pages-reproduced");
        REFUSED_BY.put("witness-name-swapped", "pages-reproduced");
        REFUSED_BY.put("software-hash-swapped", "pages-reproduced");
        REFUSED_BY.put("hsm-serial-swapped", "pages-reproduced");
        REFUSED_BY.put("rehearsal-mark-removed", "pages-reproduced");
        REFUSED_BY.put("exception-hidden", "pages-reproduced");
        REFUSED_BY.put("extra-page", "pages-reproduced");
        REFUSED_BY.put("unsigned-signature-field-painting-over-the-page", "signing-revision");
        REFUSED_BY.put("page-level-javascript", "pages-reproduced");
        REFUSED_BY.put("embedded-script-changed", "attachments");
        REFUSED_BY.put("embedded-root-pem-changed", "attachments");
        REFUSED_BY.put("extra-attachment", "pages-reproduced");
        REFUSED_BY.put("log-cut-before-backup", "ceremony-complete");
        REFUSED_BY.put("cms-sha1", "signature-algorithms");
        REFUSED_BY.put("cms-md5", "signature-algorithms");
        REFUSED_BY.put("signer-rsa-512", "signature-algorithms");
        REFUSED_BY.put("signer-unknown-critical-extension", "signature-algorithms");
        REFUSED_BY.put("cms-high-s", "cms-encoding");
        REFUSED_BY.put("cms-ber-indefinite-length", "cms-encoding");
        REFUSED_BY.put("contents-lower-case-hex", "cms-encoding");
        REFUSED_BY.put("cms-extra-certificate", "cms-encoding");
    }

    /**
     * For the forgeries the algorithm and encoding rules refuse: every check that fails, and words of
     * the first one's reason. (An algorithm outside the rules also makes a CMS other than the one
     * KeyCeremony writes, so cms-encoding fails with it; a forged signer embedded only in the CMS
     * is not the certificate the pages embed, so attachments fails and the pages are not compared.)
     */
    private static final Map<String, List<String>> EXACTLY = Map.of(
            "cms-sha1", List.of("signature-algorithms", "cms-encoding",
                    "the CMS digest algorithm is SHA-1 (1.3.14.3.2.26); the ceremony uses SHA-256, SHA-384 or SHA-512 "
                    + "only; the CMS signature algorithm is SHA-1 with ECDSA (1.2.840.10045.4.1)"),
            "cms-md5", List.of("signature-algorithms", "cms-encoding", "signing-revision",
                    "the CMS digest algorithm is MD5 (1.2.840.113549.2.5); the ceremony uses SHA-256, SHA-384 or "
                    + "SHA-512 only"),
            "signer-rsa-512", List.of("signature-algorithms", "attachments", "pages-reproduced",
                    "the signer's certificate has an RSA-512 key; the ceremony makes RSA keys of [3072, 4096] bits only"),
            "signer-unknown-critical-extension", List.of("signature-algorithms", "attachments", "pages-reproduced",
                    "the signer's certificate carries a critical extension the verifier does not know "
                    + "(1.3.6.1.4.1.55555.19.1)"),
            "cms-high-s", List.of("cms-encoding", "the ECDSA signature is high-S (s > n/2)"),
            "cms-ber-indefinite-length", List.of("cms-encoding", "the CMS is not DER-encoded (BER, e.g. indefinite lengths)"),
            "contents-lower-case-hex", List.of("cms-encoding", "/Contents is written in lower-case hexadecimal"),
            "cms-extra-certificate", List.of("cms-encoding", "the CMS holds 3 certificates; KeyCeremony embeds exactly two"));

    private static Map<String, byte[]> forgeries;

    @BeforeAll
    static void forge() throws Exception {
        forgeries = new InsiderForgeries(GenuineTranscript.bytes(), GenuineTranscript.PKI).all();
    }

    static Stream<Arguments> forgeries() {
        return REFUSED_BY.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void theGenuineTranscriptVerifiesWithTheNewRules() throws Exception {
        VerificationReport r = GenuineTranscript.verifyHostile(GenuineTranscript.bytes());
        assertThat(r.failures()).isEmpty();
        assertThat(r.check("signature-algorithms")).hasValueSatisfying(c -> assertThat(c.reason())
                .isEqualTo("digest SHA-384, signature SHA-384 with ECDSA; signer EC P-384, root EC P-384; "
                        + "no unknown critical extension"));
        assertThat(r.check("cms-encoding")).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
    }

    @Test
    void everyForgeryIsNamedWithTheCheckThatRefusesIt() {
        assertThat(forgeries.keySet()).containsExactlyElementsOf(REFUSED_BY.keySet());
    }

    @ParameterizedTest(name = "{0} is refused by {1}")
    @MethodSource("forgeries")
    void anInsidersForgeryIsRefused(String forgery, String check) {
        VerificationReport r = GenuineTranscript.verifyHostile(forgeries.get(forgery));

        // A forgery worth the name: its signature verifies, under the genuine root.
        assertThat(r.check("signature")).as("signature").hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
        assertThat(r.check("root-fingerprint")).as("root-fingerprint")
                .hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
        assertThat(r.valid()).as("%s verifies", forgery).isFalse();
        assertThat(r.check(check)).as("check %s on %s; failures: %s", check, forgery, r.failures())
                .hasValueSatisfying(c -> assertThat(c.passed()).isFalse());
        if (EXACTLY.containsKey(forgery)) {
            List<String> expected = EXACTLY.get(forgery);
            assertThat(r.failures()).extracting(Check::name).containsExactlyElementsOf(expected.subList(0, expected.size() - 1));
            assertThat(r.check(check).orElseThrow().reason()).contains(expected.get(expected.size() - 1));
        }
    }
}
