package org.keyceremony.ceremony.actions.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyceremony.base.Digests;
import org.keyceremony.ceremony.actions.keys.KeyActions;
import org.keyceremony.ceremony.actions.session.Outputs;
import org.keyceremony.ceremony.pki.CertificateIssuer;
import org.keyceremony.ceremony.pki.CertificateRequest;
import org.keyceremony.ceremony.pki.CrlIssuer;
import org.keyceremony.ceremony.pki.CrlRequest;
import org.keyceremony.ceremony.pki.HsmSigner;
import org.keyceremony.ceremony.pki.IssuanceProfile;
import org.keyceremony.ceremony.pki.SubjectKeyInput;
import org.keyceremony.ceremony.pki.SubordinateIssuer;
import org.keyceremony.script.CertificateProfile;
import org.keyceremony.script.KeyAlgorithm;
import org.keyceremony.script.KeyUsageBit;

/**
 * What {@code ceremony verify}'s check issued-objects asks of each signing kind, on real CRLs,
 * certificates and requests made with the production code (software keys standing in for the
 * HSM): the genuine facts pass; a log whose CRL or certificate was swapped, whose hash, number or
 * serial was edited, whose issued certificate certifies another key than the confirmed request,
 * whose request was tampered with, or whose root is another, is named.
 */
class IssuedObjectsProblemsTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static KeyPair rootKey;
    static X509Certificate root;
    static X509Certificate otherRoot;

    @BeforeAll
    static void roots() throws Exception {
        rootKey = ec();
        root = root(rootKey, "CN=Test Root, O=KeyCeremony, C=NL");
        otherRoot = root(ec(), "CN=Test Root, O=KeyCeremony, C=NL");
    }

    @Test
    void aCrlIsTheOneItsFactsDescribeAndVerifiesUnderTheRoot() throws Exception {
        X509CRL crl = CrlIssuer.sign(CrlIssuer.prepare(new CrlRequest(root, Optional.empty(), NOW,
                NOW.plus(Duration.ofDays(300)), List.of(), "SHA-384")), signer());
        byte[] der = crl.getEncoded();
        SignCrl.Facts good = crlFacts(der, Digests.sha256Hex(der), "1");
        SignCrl module = new SignCrl();
        assertThat(module.problems(good, root)).isEmpty();
        assertThat(module.problems(crlFacts(der, "00".repeat(32), "1"), root)).singleElement().asString()
                .contains("the log says 0000");
        assertThat(module.problems(crlFacts(der, Digests.sha256Hex(der), "2"), root)).singleElement().asString()
                .contains("has number 1, the log says 2");
        assertThat(module.problems(good, otherRoot)).singleElement().asString().contains("does not verify");
        assertThat(module.problems(good, null)).singleElement().asString().contains("no chain to a root held");
    }

    @Test
    void anIssuedCertificateVerifiesUnderTheRootAndCertifiesTheConfirmedKey() throws Exception {
        KeyPair subject = ec();
        X509Certificate cert = SubordinateIssuer.sign(SubordinateIssuer.prepare(new CertificateRequest(profile(), root,
                "CN=Test Issuing CA, O=KeyCeremony, C=NL", new SubjectKeyInput.PublicKeyOnly(subject.getPublic().getEncoded()),
                new BigInteger(1, new byte[] {0x41, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x18, 0x19}), NOW,
                NOW.plus(Duration.ofDays(1000)), "SHA-384"), NOW), signer(), NOW);
        String spki = Digests.sha256Hex(subject.getPublic().getEncoded());
        SignCertificate module = new SignCertificate();
        SignCertificate.Facts good = new SignCertificate.Facts("cabf-tls-subordinate", "issued.pem", "3.1", "tbs",
                "input", spki, KeyActions.certificateFacts(cert));
        assertThat(module.problems(good, root)).isEmpty();
        SignCertificate.Facts otherKey = new SignCertificate.Facts("cabf-tls-subordinate", "issued.pem", "3.1", "tbs",
                "input", Digests.sha256Hex(ec().getPublic().getEncoded()), KeyActions.certificateFacts(cert));
        assertThat(module.problems(otherKey, root)).singleElement().asString().contains("not the one the confirmed request");
        assertThat(module.problems(good, otherRoot)).singleElement().asString().contains("does not verify");
    }

    @Test
    void theRequestCarriedInTheLogStillReadsAndHoldsTheRecordedKey() throws Exception {
        KeyPair subject = ec();
        byte[] csr = new PKCS10CertificationRequestBuilder(new X500Name("CN=Test Issuing CA"),
                SubjectPublicKeyInfo.getInstance(subject.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA384withECDSA").build(subject.getPrivate())).getEncoded();
        String spki = Digests.sha256Hex(subject.getPublic().getEncoded());
        PrepareCertificate module = new PrepareCertificate();
        assertThat(module.problems(prepareFacts(Outputs.pem("CERTIFICATE REQUEST", csr), spki), root)).isEmpty();
        assertThat(module.problems(prepareFacts(Outputs.pem("CERTIFICATE REQUEST", csr),
                Digests.sha256Hex(ec().getPublic().getEncoded())), root)).singleElement().asString()
                .contains("holds the key with SPKI SHA-256 " + spki);
        byte[] tampered = csr.clone();
        tampered[tampered.length - 3] ^= 0x01; // inside the request's own signature
        assertThat(module.problems(prepareFacts(Outputs.pem("CERTIFICATE REQUEST", tampered), spki), root))
                .singleElement().asString().startsWith("the input recorded is refused");
    }

    private static SignCrl.Facts crlFacts(byte[] der, String sha256, String number) throws Exception {
        X509CRL crl = (X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(new java.io.ByteArrayInputStream(der));
        return new SignCrl.Facts("root.crl", sha256, "CN=Test Root", number, crl.getThisUpdate().toInstant().toString(),
                crl.getNextUpdate().toInstant().toString(), List.of(), "SHA384withECDSA", "tbs", Outputs.pem("X509 CRL", der));
    }

    private static PrepareCertificate.Facts prepareFacts(String pem, String spki) {
        return new PrepareCertificate.Facts("cabf-tls-subordinate", "issuer", "3.1.csr", "input", "csr", pem, "proof",
                spki, "EC P-384", "41", NOW.toString(), NOW.toString(), List.of(), "tbs", List.of());
    }

    private static IssuanceProfile profile() {
        return new IssuanceProfile(IssuanceProfile.TLS_SUBORDINATE, Set.of(KeyUsageBit.DIGITAL_SIGNATURE,
                KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN), List.of("1.3.6.1.5.5.7.3.1"), 0,
                List.of(new IssuanceProfile.PolicyInformation("2.23.140.1.2.1", Optional.empty())), Optional.empty(),
                List.of("http://crl.example.org/root.crl"), Optional.of("http://certs.example.org/root.der"), Optional.empty());
    }

    private static HsmSigner signer() {
        return new HsmSigner(rootKey.getPrivate(), Security.getProvider("SunEC"));
    }

    private static X509Certificate root(KeyPair kp, String dn) throws Exception {
        return CertificateIssuer.selfSignRoot(new CertificateProfile(dn, 3000, null, "SHA-384"), KeyAlgorithm.EC,
                kp.getPublic(), BigInteger.TWO.pow(100), NOW.minus(Duration.ofDays(2)), new HsmSigner(kp.getPrivate(),
                        Security.getProvider("SunEC")));
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        return g.generateKeyPair();
    }
}
