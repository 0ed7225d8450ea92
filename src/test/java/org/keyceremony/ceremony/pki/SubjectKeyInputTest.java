package org.keyceremony.ceremony.pki;

import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.ceremony.pki.CertificateFixtures.Run;
import org.keyceremony.ceremony.pki.SubjectKeyInput.Csr;
import org.keyceremony.ceremony.pki.SubjectKeyInput.ExistingCertificate;
import org.keyceremony.ceremony.pki.SubjectKeyInput.PublicKeyOnly;

import javax.security.auth.x500.X500Principal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.ceremony.pki.CertificateFixtures.pem;

class SubjectKeyInputTest {
    private static final KeyPair EC = CertificateFixtures.SUB_KEY;
    private static final KeyPair RSA = CrlFixtures.rsa();
    private static final byte[] CSR = csr(EC, "SHA384withECDSA");
    private static final X509Certificate CERT = CertificateFixtures.EXISTING;
    private static final String WANTED = "a PKCS#10 certificate request, a public key or a CA certificate, PEM or DER";

    static byte[] csr(KeyPair key, String sigAlg) {
        try {
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Principal(CertificateFixtures.SUB_DN), key.getPublic())
                    .build(new JcaContentSignerBuilder(sigAlg).build(key.getPrivate()));
            return csr.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> accepted() throws Exception {
        byte[] spki = EC.getPublic().getEncoded();
        return Stream.of(
                Arguments.of("PEM CERTIFICATE REQUEST", pem("CERTIFICATE REQUEST", CSR).getBytes(StandardCharsets.US_ASCII), Csr.class),
                Arguments.of("PEM NEW CERTIFICATE REQUEST, CRLF", pem("NEW CERTIFICATE REQUEST", CSR).replace("\n", "\r\n")
                        .getBytes(StandardCharsets.US_ASCII), Csr.class),
                Arguments.of("DER request", CSR, Csr.class),
                Arguments.of("PEM PUBLIC KEY", pem("PUBLIC KEY", spki).getBytes(StandardCharsets.US_ASCII), PublicKeyOnly.class),
                Arguments.of("DER public key", spki, PublicKeyOnly.class),
                Arguments.of("PEM CERTIFICATE with white space around", ("\n  " + pem("CERTIFICATE", CERT.getEncoded()) + "\n\n")
                        .getBytes(StandardCharsets.US_ASCII), ExistingCertificate.class),
                Arguments.of("DER certificate", CERT.getEncoded(), ExistingCertificate.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void readsEachFormAndGivesTheSameKey(String what, byte[] file, Class<?> type) throws Exception {
        SubjectKeyInput input = SubjectKeyInput.read(file);
        assertThat(input).isInstanceOf(type);
        assertThat(input.spkiDer()).isEqualTo(EC.getPublic().getEncoded());
        assertThat(input.spkiSha256()).isEqualTo(Digests.sha256Hex(EC.getPublic().getEncoded())).matches("[0-9a-f]{64}");
        assertThat(input.keyAlgorithm()).isEqualTo("EC");
        assertThat(input.keySize()).isEqualTo("P-384");
    }

    @Test
    void describesEachInOneLineAndPrintsNoBytes() throws Exception {
        String sha = Digests.sha256Hex(EC.getPublic().getEncoded());
        assertThat(SubjectKeyInput.read(CSR).describe())
                .isEqualTo("PKCS#10 request for CN=Example Issuing CA E1,O=Example,C=DE: EC P-384, SPKI SHA-256 " + sha);
        assertThat(SubjectKeyInput.read(CSR).toString()).isEqualTo("Csr[CN=Example Issuing CA E1,O=Example,C=DE, SPKI SHA-256 " + sha + "]");
        assertThat(new PublicKeyOnly(EC.getPublic().getEncoded()).describe()).isEqualTo("public key: EC P-384, SPKI SHA-256 " + sha);
        assertThat(new PublicKeyOnly(EC.getPublic().getEncoded()).toString()).isEqualTo("PublicKeyOnly[SPKI SHA-256 " + sha + "]");
        assertThat(new ExistingCertificate(CERT).describe()).isEqualTo("existing certificate of CN=Example Issuing CA E1,O=Example,C=DE "
                + "(issued by CN=Other Root,O=Other,C=DE, serial 1234567890ABCDEF): EC P-384, SPKI SHA-256 " + sha);
        assertThat(new ExistingCertificate(CERT).toString()).isEqualTo("ExistingCertificate[CN=Example Issuing CA E1,O=Example,C=DE, SPKI SHA-256 "
                + sha + "]");
        SubjectKeyInput rsa = SubjectKeyInput.read(csr(RSA, "SHA256withRSA"));
        assertThat(rsa.keyAlgorithm() + " " + rsa.keySize()).isEqualTo("RSA 3072");
        assertThat(new PublicKeyOnly(EC.getPublic().getEncoded())).isEqualTo(new PublicKeyOnly(EC.getPublic().getEncoded()))
                .hasSameHashCodeAs(new PublicKeyOnly(EC.getPublic().getEncoded()));
    }

    @Test
    void opensslAcceptsTheRequestThatIsReadAndRefusesTheTamperedOne(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.csr"), pem("CERTIFICATE REQUEST", CSR));
        Run ok = CertificateFixtures.run("openssl", "req", "-verify", "-noout", "-in", good.toString());
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("self-signature verify OK");
        byte[] tampered = tamperedSubject();
        Path bad = Files.writeString(dir.resolve("bad.csr"), pem("CERTIFICATE REQUEST", tampered));
        // OpenSSL 3.0's req -verify exits 0 either way; what it prints says which.
        assertThat(CertificateFixtures.run("openssl", "req", "-verify", "-noout", "-in", bad.toString()).output())
                .contains("self-signature verify failure").doesNotContain("verify OK");
        assertThatThrownBy(() -> SubjectKeyInput.read(tampered)).isInstanceOf(InvalidInputException.class)
                .hasMessage("The certificate request's signature does not verify with the key it carries: the request was altered or "
                        + "damaged. Nothing was signed. Ask the subordinate's operator for the request again.");
        assertThatThrownBy(() -> new Csr(tampered)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The request with one letter of its subject changed ("E1" to "F1"): its signature no longer covers it. */
    private static byte[] tamperedSubject() {
        byte[] copy = CSR.clone();
        byte[] e1 = "CA E1".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + e1.length <= copy.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(copy, i, i + e1.length), e1)) {
                copy[i + 3] = 'F';
                return copy;
            }
        }
        throw new IllegalStateException("no subject in the request");
    }

    static Stream<Arguments> refused() {
        String pemCsr = pem("CERTIFICATE REQUEST", CSR);
        byte[] spki = EC.getPublic().getEncoded();
        byte[] ber = new byte[spki.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        System.arraycopy(spki, 1, ber, 2, spki.length - 1);
        return Stream.of(
                Arguments.of("empty", new byte[0], "The file is empty. Give " + WANTED + "."),
                Arguments.of("over 64 KiB", new byte[64 * 1024 + 1], "The file has 65537 bytes, more than the 65536 a certificate request, "
                        + "public key or CA certificate can have. Give " + WANTED + "."),
                Arguments.of("garbage", "hello, world".getBytes(StandardCharsets.US_ASCII), "The file is neither PEM nor DER. Give " + WANTED + "."),
                Arguments.of("DER of something else", new byte[] {0x30, 0x03, 0x02, 0x01, 0x05}, "The file holds DER that is not " + WANTED + "."),
                Arguments.of("DER with trailing bytes", Arrays.copyOf(CSR, CSR.length + 2), "The file is neither PEM nor DER. Give " + WANTED + "."),
                Arguments.of("BER length", ber, "The file is BER, not DER: it is not encoded as certificates and requests are. Give " + WANTED + "."),
                Arguments.of("two PEM blocks", (pemCsr + pemCsr).getBytes(StandardCharsets.US_ASCII), "The file is not one PEM block "
                        + "(-----BEGIN …----- to -----END …-----, Base64 between, nothing else). Give " + WANTED + "."),
                Arguments.of("PEM with bad Base64", pemCsr.replace("MII", "M=I").getBytes(StandardCharsets.US_ASCII),
                        "The PEM \"CERTIFICATE REQUEST\" block is not valid Base64. Give the file again."),
                Arguments.of("PEM labelled one thing holding another", pem("CERTIFICATE", CSR).getBytes(StandardCharsets.US_ASCII),
                        "The PEM block is labelled \"CERTIFICATE\" but holds a certificate request. Give the file again."),
                Arguments.of("a private key", pem("PRIVATE KEY", EC.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII),
                        "The file holds a PEM \"PRIVATE KEY\", a private key: it must never leave the subordinate's HSM or key ceremony. "
                                + "Treat it as exposed and tell the subordinate's operator."),
                Arguments.of("another PEM", pem("X509 CRL", new byte[] {0x30, 0x00}).getBytes(StandardCharsets.US_ASCII),
                        "The file holds a PEM \"X509 CRL\", not " + WANTED + "."),
                Arguments.of("a request whose signature was altered", signatureFlipped(), "The certificate request's signature does not verify "
                        + "with the key it carries: the request was altered or damaged. Nothing was signed. Ask the subordinate's operator for "
                        + "the request again."));
    }

    private static byte[] signatureFlipped() {
        byte[] copy = csr(RSA, "SHA256withRSA");
        copy[copy.length - 5] ^= 0x01;
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatIsNotAKeyWithAClearMessage(String what, byte[] file, String message) {
        assertThatThrownBy(() -> SubjectKeyInput.read(file)).isInstanceOf(InvalidInputException.class).hasMessage(message).hasNoCause();
    }
}
