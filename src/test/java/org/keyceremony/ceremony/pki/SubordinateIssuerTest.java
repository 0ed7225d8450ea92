package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.pki.CertificateFixtures.Run;
import org.keyceremony.ceremony.pki.CrlFixtures.Root;
import org.keyceremony.ceremony.pki.CrlLint.LintFinding;
import org.keyceremony.ceremony.pki.IssuanceProfile.NameConstraintsSpec;
import org.keyceremony.ceremony.pki.SubjectKeyInput.PublicKeyOnly;

import javax.security.auth.x500.X500Principal;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.ceremony.pki.CertificateFixtures.EC_ROOT;
import static org.keyceremony.ceremony.pki.CertificateFixtures.NOW;
import static org.keyceremony.ceremony.pki.CertificateFixtures.RSA_ROOT;
import static org.keyceremony.ceremony.pki.CertificateFixtures.SUB_DN;
import static org.keyceremony.ceremony.pki.CertificateFixtures.SUB_KEY;
import static org.keyceremony.ceremony.pki.CertificateFixtures.request;
import static org.keyceremony.ceremony.pki.CertificateFixtures.run;
import static org.keyceremony.ceremony.pki.CertificateFixtures.write;

class SubordinateIssuerTest {
    static Stream<Root> roots() {
        return Stream.of(EC_ROOT, RSA_ROOT);
    }

    private static X509Certificate prepareAndSign(CertificateRequest request, Root root) throws KeyCeremonyException {
        PreparedCertificate prepared = SubordinateIssuer.prepare(request, NOW);
        assertThat(prepared.findings()).isEmpty();
        return SubordinateIssuer.sign(prepared, root.hsm(), NOW);
    }

    @Test
    void theWitnessHearsEveryFieldAndExtensionAndTheSignedCertificateIsTheConfirmedOne() throws Exception {
        CertificateRequest request = request(CertificateFixtures.tlsProfile());
        PreparedCertificate prepared = SubordinateIssuer.prepare(request, NOW);
        String spki = request.subjectKey().spkiSha256();
        assertThat(prepared.findings()).isEmpty();
        assertThat(prepared.hasErrors()).isFalse();
        assertThat(prepared.summary()).containsExactly(
                "Profile: cabf-tls-subordinate",
                "Subject: CN=Example Issuing CA E1,O=Example,C=DE",
                "Issuer: CN=Example Root CA R1,O=Example,C=DE",
                "Serial: 5A3B9E0C1D2F4A6B8C0D1E2F3A4B5C6D",
                "Valid from: " + NOW,
                "Valid to: " + NOW.plus(Duration.ofDays(1095)),
                "Subject key: public key: EC P-384, SPKI SHA-256 " + spki,
                "Key usage: keyCertSign, cRLSign (critical)",
                "Extended key usage: serverAuth (1.3.6.1.5.5.7.3.1)",
                "Basic constraints: a CA, path length 0 (critical)",
                "Subject key identifier: " + HexFormat.of().formatHex(SubordinateExtensions.subjectKeyId(request)),
                "Authority key identifier: " + HexFormat.of().formatHex(CertificateIssuer.rootKeyId(EC_ROOT.cert())),
                "Authority information access: CA issuers http://i.example.com/r1.der",
                "Certificate policies: CA/B Forum domain validated (2.23.140.1.2.1)",
                "CRL distribution points: http://c.example.com/r1.crl",
                "Signature algorithm: SHA384withECDSA",
                "To be signed, SHA-256: " + prepared.tbsSha256());

        X509Certificate cert = SubordinateIssuer.sign(prepared, EC_ROOT.hsm(), NOW);
        cert.verify(EC_ROOT.cert().getPublicKey());
        assertThat(cert.getTBSCertificate()).isEqualTo(prepared.tbsDer());
        assertThat(cert.getIssuerX500Principal().getEncoded()).isEqualTo(EC_ROOT.cert().getSubjectX500Principal().getEncoded());
        assertThat(cert.getPublicKey().getEncoded()).isEqualTo(SUB_KEY.getPublic().getEncoded());
        assertThat(Arrays.asList(new X509CertificateHolder(cert.getEncoded()).getExtensions().getExtensionOIDs())).containsExactly(
                Extension.keyUsage, Extension.extendedKeyUsage, Extension.basicConstraints, Extension.subjectKeyIdentifier,
                Extension.authorityKeyIdentifier, Extension.authorityInfoAccess, Extension.certificatePolicies, Extension.cRLDistributionPoints);
    }

    @ParameterizedTest
    @MethodSource("roots")
    void opensslVerifiesTheChainStrictly(Root root, @TempDir Path dir) throws Exception {
        X509Certificate sub = prepareAndSign(request(CertificateFixtures.tlsProfile(), root, SUB_DN,
                new PublicKeyOnly(SUB_KEY.getPublic().getEncoded())), root);
        Path rootPem = write(dir, "root.pem", "CERTIFICATE", root.cert().getEncoded());
        Path subPem = write(dir, "sub.pem", "CERTIFICATE", sub.getEncoded());
        Run verify = run("openssl", "verify", "-x509_strict", "-CAfile", rootPem.toString(), subPem.toString());
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).contains(subPem + ": OK");
        assertThat(sub.getSigAlgName()).isEqualTo(root == EC_ROOT ? "SHA384withECDSA" : "SHA256withRSA");
    }

    @Test
    void anOcspResponderIsNoCaAndSaysNoCheck(@TempDir Path dir) throws Exception {
        X509Certificate cert = prepareAndSign(request(CertificateFixtures.ocspProfile()), EC_ROOT);
        X509CertificateHolder holder = new X509CertificateHolder(cert.getEncoded());
        assertThat(Arrays.asList(holder.getExtensions().getExtensionOIDs())).containsExactly(Extension.keyUsage, Extension.extendedKeyUsage,
                Extension.basicConstraints, Extension.subjectKeyIdentifier, Extension.authorityKeyIdentifier, SubordinateExtensions.OCSP_NOCHECK);
        assertThat(holder.getExtension(Extension.basicConstraints).getExtnValue().getOctets()).containsExactly(0x30, 0x00);
        assertThat(holder.getExtension(SubordinateExtensions.OCSP_NOCHECK).getExtnValue().getOctets()).containsExactly(0x05, 0x00);
        assertThat(holder.getExtension(SubordinateExtensions.OCSP_NOCHECK).isCritical()).isFalse();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        Run text = run("openssl", "x509", "-noout", "-text", "-in", write(dir, "ocsp.pem", "CERTIFICATE", cert.getEncoded()).toString());
        assertThat(text.output()).contains("OCSP Signing", "OCSP No Check", "CA:FALSE", "Digital Signature");
    }

    @Test
    void nameConstraintsAreEncodedCriticalAsWrittenAndReadBackToTheWitness(@TempDir Path dir) throws Exception {
        IssuanceProfile tls = CertificateFixtures.tlsProfile();
        IssuanceProfile constrained = new IssuanceProfile(tls.name(), tls.keyUsage(), tls.extendedKeyUsage(), 0, tls.certificatePolicies(),
                Optional.of(new NameConstraintsSpec(List.of("dns:example.com", "ip:10.0.0.0/8", "ip:2001:db8::/32", "dn:O=Example, C=DE"),
                        List.of("dns:internal.example.com", "ip:0.0.0.0/0"))), tls.crlDistributionPoints(), tls.caIssuers(), tls.ocsp());
        PreparedCertificate prepared = SubordinateIssuer.prepare(request(constrained), NOW);
        assertThat(prepared.findings()).isEmpty();
        assertThat(prepared.summary()).contains("Name constraints: permitted dns:example.com, ip:10.0.0.0/8, ip:2001:db8:0:0:0:0:0:0/32, "
                + "dn:O=Example,C=DE; excluded dns:internal.example.com, ip:0.0.0.0/0 (critical)");
        X509Certificate cert = SubordinateIssuer.sign(prepared, EC_ROOT.hsm(), NOW);
        Run text = run("openssl", "x509", "-noout", "-text", "-in", write(dir, "nc.pem", "CERTIFICATE", cert.getEncoded()).toString());
        assertThat(text.output()).contains("X509v3 Name Constraints: critical", "DNS:example.com", "IP:10.0.0.0/255.0.0.0",
                "DirName:C = DE, O = Example", "DNS:internal.example.com", "IP:0.0.0.0/0.0.0.0");
    }

    @Test
    void preparingTwiceGivesTheSameBytes() throws Exception {
        PreparedCertificate one = SubordinateIssuer.prepare(request(CertificateFixtures.tlsProfile()), NOW);
        PreparedCertificate two = SubordinateIssuer.prepare(request(CertificateFixtures.tlsProfile()), NOW.plusSeconds(60));
        assertThat(two.tbsDer()).isEqualTo(one.tbsDer());
        assertThat(two.tbsSha256()).isEqualTo(one.tbsSha256()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void signRefusesAPreparedCertificateWhoseRequestIsNotTheConfirmedOne() throws Exception {
        PreparedCertificate confirmed = SubordinateIssuer.prepare(request(CertificateFixtures.tlsProfile()), NOW);
        CertificateRequest other = request(CertificateFixtures.tlsProfile(), EC_ROOT, "CN=Example Issuing CA E2, O=Example, C=DE",
                new PublicKeyOnly(SUB_KEY.getPublic().getEncoded()));
        PreparedCertificate swapped = new PreparedCertificate(other, confirmed.tbsDer(), confirmed.tbsSha256(), confirmed.findings(),
                confirmed.summary());
        assertThatThrownBy(() -> SubordinateIssuer.sign(swapped, EC_ROOT.hsm(), NOW))
                .hasMessageStartingWith("The certificate built for signing (SHA-256 ")
                .hasMessageEndingWith(") is not the one confirmed (SHA-256 " + confirmed.tbsSha256() + "). Nothing was signed by the HSM; "
                        + "nothing was written. Prepare the certificate again and have the witness confirm it.");
    }

    @Test
    void signRefusesAnHsmKeyThatIsNotTheRoots() throws Exception {
        PreparedCertificate prepared = SubordinateIssuer.prepare(request(CertificateFixtures.tlsProfile()), NOW);
        Root impostor = CertificateFixtures.root(CrlFixtures.ec(), CertificateFixtures.ROOT_DN, "SHA-384", true, null, 0);
        assertThatThrownBy(() -> SubordinateIssuer.sign(prepared, impostor.hsm(), NOW))
                .isInstanceOf(KeyCeremonyException.class)
                .hasMessage("The certificate signed by the HSM does not verify with the root certificate's public key. It was discarded; "
                        + "nothing was written. Abort the ceremony and check that the HSM key is the root's key.");
        assertThatThrownBy(() -> SubordinateIssuer.sign(prepared, RSA_ROOT.hsm(), NOW))
                .hasMessageStartingWith("The HSM could not sign the certificate (").hasMessageContaining("Nothing was written.");
        assertThatThrownBy(() -> SubordinateIssuer.sign(prepared, new HsmSigner(EC_ROOT.keys().getPrivate(), new FailingToken()), NOW))
                .hasMessage("The HSM could not sign the certificate (ProviderException). Nothing was written. "
                        + "Check that the HSM holds the root key and is logged in, then retry the step.");
    }

    @Test
    void aCertificateWithLintErrorsIsNotSigned() throws Exception {
        IssuanceProfile tls = CertificateFixtures.tlsProfile();
        IssuanceProfile noCrl = new IssuanceProfile(tls.name(), tls.keyUsage(), tls.extendedKeyUsage(), 0, tls.certificatePolicies(),
                Optional.empty(), List.of(), tls.caIssuers(), tls.ocsp());
        PreparedCertificate prepared = SubordinateIssuer.prepare(request(noCrl), NOW);
        assertThat(prepared.hasErrors()).isTrue();
        assertThat(prepared.findings()).extracting(LintFinding::describe).containsExactly("ERROR cert-crl-distribution-points (BR 7.1.2.11.2): "
                + "cRLDistributionPoints is absent; a subordinate CA's certificate must have it");
        assertThatThrownBy(() -> SubordinateIssuer.sign(prepared, EC_ROOT.hsm(), NOW)).hasMessage("The certificate fails its checks: "
                + "ERROR cert-crl-distribution-points (BR 7.1.2.11.2): cRLDistributionPoints is absent; a subordinate CA's certificate must "
                + "have it. Nothing was signed by the HSM; nothing was written. Correct the script or the subordinate's key file.");
    }

    @Test
    void aCrossCertificateRepeatsTheExistingSubjectKeyAndKeyIdentifier() throws Exception {
        CertificateRequest cross = request(CertificateFixtures.crossProfile(), EC_ROOT, "",
                new SubjectKeyInput.ExistingCertificate(CertificateFixtures.EXISTING));
        X509Certificate cert = prepareAndSign(cross, EC_ROOT);
        assertThat(cert.getSubjectX500Principal().getEncoded()).isEqualTo(CertificateFixtures.EXISTING.getSubjectX500Principal().getEncoded());
        assertThat(cert.getPublicKey().getEncoded()).isEqualTo(CertificateFixtures.EXISTING.getPublicKey().getEncoded());
        assertThat(cert.getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                .isEqualTo(CertificateFixtures.EXISTING.getExtensionValue(Extension.subjectKeyIdentifier.getId()));
    }

    @Test
    void anEmptySubjectOrAProfileThatCannotBeEncodedIsRefused() {
        assertThatThrownBy(() -> SubordinateIssuer.prepare(request(CertificateFixtures.tlsProfile(), EC_ROOT, " ",
                new PublicKeyOnly(SUB_KEY.getPublic().getEncoded())), NOW)).isInstanceOf(InvalidInputException.class)
                .hasMessage("The certificate's subject is empty; only a cabf-cross certificate of an existing certificate takes that "
                        + "certificate's subject. Give the subject in the script.");
        IssuanceProfile tls = CertificateFixtures.tlsProfile();
        IssuanceProfile bad = new IssuanceProfile("cabf-tls", tls.keyUsage(), List.of("serverAuth"), -1, tls.certificatePolicies(),
                Optional.of(new NameConstraintsSpec(List.of("uri:example.com"), List.of())), List.of("not a uri"), tls.caIssuers(), tls.ocsp());
        assertThatThrownBy(() -> SubordinateIssuer.prepare(request(bad), NOW)).isInstanceOf(InvalidInputException.class)
                .hasMessage("The certificate profile cannot be encoded: profile: \"cabf-tls\" is not one of cabf-tls-subordinate, cabf-cross, "
                        + "cabf-ocsp-responder, private; extended-key-usage[0]: \"serverAuth\" is not a dotted OID, e.g. 1.3.6.1.5.5.7.3.1; "
                        + "path-length: must be 0 or more (leave it out for no limit), not -1; name-constraints.permitted[0]: \"uri:example.com\" "
                        + "is not one of dns:NAME, ip:ADDRESS/PREFIX, email:DOMAIN (or .DOMAIN or MAILBOX), dn:RFC-4514-NAME; "
                        + "crl-distribution-points[0]: \"not a uri\" is not an absolute URI. Nothing was signed. Correct the script.");
        assertThatThrownBy(() -> SubordinateIssuer.prepare(new CertificateRequest(tls, EC_ROOT.cert(), SUB_DN,
                new PublicKeyOnly(SUB_KEY.getPublic().getEncoded()), CertificateFixtures.SERIAL, NOW, NOW.plusSeconds(60), "SHA-1"), NOW))
                .hasMessage("certificate.digest must be one of SHA-256, SHA-384, SHA-512, not SHA-1");
    }

    @Test
    void aCsrThatOpensslVerifiesIsAcceptedAndItsKeyCertified(@TempDir Path dir) throws Exception {
        KeyPair key = CrlFixtures.ec();
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Principal(SUB_DN), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA384withECDSA").build(key.getPrivate()));
        Path file = write(dir, "sub.csr", "CERTIFICATE REQUEST", csr.getEncoded());
        Run verify = run("openssl", "req", "-verify", "-noout", "-in", file.toString());
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("self-signature verify OK");
        SubjectKeyInput input = SubjectKeyInput.read(java.nio.file.Files.readAllBytes(file));
        assertThat(input).isInstanceOf(SubjectKeyInput.Csr.class);
        X509Certificate cert = prepareAndSign(request(CertificateFixtures.tlsProfile(), EC_ROOT, SUB_DN, input), EC_ROOT);
        assertThat(cert.getPublicKey().getEncoded()).isEqualTo(key.getPublic().getEncoded());

        PreparedCertificate renamed = SubordinateIssuer.prepare(request(CertificateFixtures.tlsProfile(), EC_ROOT,
                "CN=Example Issuing CA E9, O=Example, C=DE", input), NOW);
        assertThat(renamed.findings()).extracting(LintFinding::describe).containsExactly("WARNING cert-csr-subject (RFC 2986 4): the request "
                + "asked for the subject \"CN=Example Issuing CA E1,O=Example,C=DE\"; the certificate names \"CN=Example Issuing CA E9,O=Example,C=DE\"");
    }

    @Test
    void nothingPrintsItsBytes() throws Exception {
        CertificateRequest request = request(CertificateFixtures.tlsProfile());
        PreparedCertificate prepared = SubordinateIssuer.prepare(request, NOW);
        byte[] copy = prepared.tbsDer();
        copy[0] ^= 1;
        assertThat(prepared.tbsDer()).isNotEqualTo(copy);
        String spki = request.subjectKey().spkiSha256();
        assertThat(prepared.toString()).isEqualTo("PreparedCertificate[cabf-tls-subordinate, serial 5A3B9E0C1D2F4A6B8C0D1E2F3A4B5C6D, tbsSha256="
                + prepared.tbsSha256() + ", 0 findings]");
        assertThat(request.toString()).isEqualTo("CertificateRequest[cabf-tls-subordinate, subject " + SUB_DN
                + ", serial 5A3B9E0C1D2F4A6B8C0D1E2F3A4B5C6D, PublicKeyOnly[SPKI SHA-256 " + spki + "]]");
        assertThat(TBSCertificate.getInstance(prepared.tbsDer()).getSubject()).isEqualTo(X500Name.getInstance(new X500Principal(SUB_DN).getEncoded()));
    }
}
