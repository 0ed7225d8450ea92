package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.pki.CrlFixtures.Root;
import org.keyceremony.ceremony.pki.CrlLint.LintFinding;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyceremony.ceremony.pki.CrlFixtures.NOW;

class CrlIssuerTest {
    private static final Root EC = CrlFixtures.ecRoot();
    private static final Root RSA = CrlFixtures.rsaRoot();
    private static final BigInteger A = new BigInteger("7f3a00000000000000000000000000a1", 16);
    private static final BigInteger B = BigInteger.valueOf(0x1234);
    private static final Instant REVOKED = NOW.minus(Duration.ofDays(2)).plusMillis(789);

    static Stream<Root> roots() {
        return Stream.of(EC, RSA);
    }

    private static CrlRequest request(Root root, Optional<X509CRL> previous, Revocation... entries) {
        return new CrlRequest(root.cert(), previous, NOW.plusMillis(250), NOW.plus(Duration.ofDays(365)), List.of(entries), root.digest());
    }

    private static X509CRL prepareAndSign(CrlRequest request, Root root) throws KeyCeremonyException {
        PreparedCrl prepared = CrlIssuer.prepare(request, NOW);
        assertThat(prepared.findings()).isEmpty();
        return CrlIssuer.sign(prepared, root.hsm());
    }

    @Test
    void theFirstCrlIsNumberOneAndSaysWhatTheWitnessHeard() throws Exception {
        CrlRequest request = request(EC, Optional.empty(), new Revocation(A, REVOKED, RevocationReason.KEY_COMPROMISE),
                new Revocation(B, REVOKED.minusSeconds(60), RevocationReason.SUPERSEDED));
        PreparedCrl prepared = CrlIssuer.prepare(request, NOW);
        assertThat(prepared.crlNumber()).isEqualTo(BigInteger.ONE);
        assertThat(prepared.findings()).isEmpty();
        assertThat(prepared.hasErrors()).isFalse();
        assertThat(prepared.summary()).containsExactly(
                "Issuer: CN=Example Root CA R1,O=Example,C=DE",
                "CRL number: 1",
                "This update: " + NOW,
                "Next update: " + NOW.plus(Duration.ofDays(365)),
                "Revoked certificates: 2",
                "  serial 1234, " + REVOKED.minusMillis(789).minusSeconds(60) + ", superseded",
                "  serial 7F3A00000000000000000000000000A1, " + REVOKED.minusMillis(789) + ", keyCompromise",
                "Signature algorithm: SHA384withECDSA",
                "To be signed, SHA-256: " + prepared.tbsSha256());

        X509CRL crl = CrlIssuer.sign(prepared, EC.hsm());
        crl.verify(EC.cert().getPublicKey());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getIssuerX500Principal().getEncoded()).isEqualTo(EC.cert().getSubjectX500Principal().getEncoded());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThat(crl.getTBSCertList()).isEqualTo(prepared.tbsDer());
        X509CRLHolder holder = new X509CRLHolder(crl.getEncoded());
        assertThat(Arrays.asList(holder.getExtensions().getExtensionOIDs()))
                .containsExactly(Extension.authorityKeyIdentifier, Extension.cRLNumber);
        assertThat(holder.getExtension(Extension.authorityKeyIdentifier).isCritical()).isFalse();
        assertThat(holder.getExtension(Extension.cRLNumber).isCritical()).isFalse();
        assertThat(AuthorityKeyIdentifier.getInstance(holder.getExtension(Extension.authorityKeyIdentifier).getParsedValue())
                .getKeyIdentifierObject().getOctets()).isEqualTo(CertificateIssuer.rootKeyId(EC.cert()));
        assertThat(CrlLint.crlNumber(crl)).contains(BigInteger.ONE);
        TBSCertList.CRLEntry[] entries = holder.toASN1Structure().getTBSCertList().getRevokedCertificates();
        assertThat(entries).extracting(e -> e.getUserCertificate().getValue()).containsExactly(B, A);
        assertThat(entries[1].getExtensions().getExtensionOIDs()).containsExactly(Extension.reasonCode);
        assertThat(crl.getRevokedCertificate(A).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(crl.getRevokedCertificate(A).getRevocationDate().toInstant()).isEqualTo(REVOKED.minusMillis(789));
    }

    @ParameterizedTest
    @MethodSource("roots")
    void opensslVerifiesTheSignedCrlAndReadsItsNumberAndReasons(Root root, @TempDir Path dir) throws Exception {
        X509CRL crl = prepareAndSign(request(root, Optional.empty(), new Revocation(A, REVOKED, RevocationReason.CA_COMPROMISE),
                new Revocation(B, REVOKED, RevocationReason.CESSATION_OF_OPERATION)), root);
        Path der = Files.write(dir.resolve("root.crl"), crl.getEncoded());
        Path pem = Files.writeString(dir.resolve("issuer.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(root.cert().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Run verify = run("openssl", "crl", "-inform", "DER", "-in", der.toString(), "-CAfile", pem.toString(), "-noout", "-verify");
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("verify OK");
        Run text = run("openssl", "crl", "-inform", "DER", "-in", der.toString(), "-noout", "-text");
        assertThat(text.exit()).as(text.output()).isZero();
        assertThat(text.output()).contains("Version 2 (0x1)", "X509v3 CRL Number", "X509v3 Authority Key Identifier",
                "CA Compromise", "Cessation Of Operation", "Serial Number: 1234", "Serial Number: 7F3A00000000000000000000000000A1");
    }

    @Test
    void anRsaRootSignsWithSha256AndPkcs1() throws Exception {
        X509CRL crl = prepareAndSign(request(RSA, Optional.empty(), new Revocation(A, REVOKED, RevocationReason.PRIVILEGE_WITHDRAWN)), RSA);
        assertThat(crl.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(HexFormat.of().formatHex(new X509CRLHolder(crl.getEncoded()).toASN1Structure().getSignatureAlgorithm().getEncoded()))
                .isEqualTo("300d06092a864886f70d01010b0500");
    }

    @Test
    void theNextCrlFollowsThePreviousNumber() throws Exception {
        X509CRL first = prepareAndSign(request(EC, Optional.empty(), new Revocation(A, REVOKED, RevocationReason.KEY_COMPROMISE)), EC);
        PreparedCrl second = CrlIssuer.prepare(request(EC, Optional.of(first), new Revocation(A, REVOKED, RevocationReason.KEY_COMPROMISE),
                new Revocation(B, REVOKED, RevocationReason.AFFILIATION_CHANGED)), NOW);
        assertThat(second.crlNumber()).isEqualTo(BigInteger.TWO);
        assertThat(second.findings()).isEmpty();
        assertThat(CrlLint.crlNumber(CrlIssuer.sign(second, EC.hsm()))).contains(BigInteger.TWO);
        PreparedCrl after41 = CrlIssuer.prepare(request(EC, Optional.of(CrlFixtures.previous(EC, 41))), NOW);
        assertThat(after41.crlNumber()).isEqualTo(BigInteger.valueOf(42));
    }

    @Test
    void aPreviousCrlSignedByAnotherKeyIsRefused() {
        X509CRL forged = CrlFixtures.crl(CrlFixtures.DN, CrlFixtures.ec(), "SHA384withECDSA", BigInteger.TEN);
        assertThatThrownBy(() -> CrlIssuer.prepare(request(EC, Optional.of(forged)), NOW))
                .isInstanceOf(KeyCeremonyException.class)
                .hasMessage("The previous CRL's signature does not verify with the root certificate's public key: "
                        + "it was not signed by this root's key. Nothing was signed. Give the root's own last CRL.");
    }

    @Test
    void aPreviousCrlOfAnotherIssuerIsRefused() {
        Root other = CrlFixtures.root(CrlFixtures.ec(), "CN=Other Root, O=Example, C=DE", "SHA-384", true, true,
                KeyUsage.keyCertSign | KeyUsage.cRLSign);
        X509CRL theirs = CrlFixtures.crl("CN=Other Root, O=Example, C=DE", other.keys(), "SHA384withECDSA", BigInteger.TEN);
        assertThatThrownBy(() -> CrlIssuer.prepare(request(EC, Optional.of(theirs)), NOW))
                .hasMessage("The previous CRL was issued by \"CN=Other Root,O=Example,C=DE\", not by this root "
                        + "(\"CN=Example Root CA R1,O=Example,C=DE\"). Nothing was signed. Give the root's own last CRL.");
    }

    @Test
    void aPreviousCrlWithoutNumberIsRefused() {
        X509CRL unnumbered = CrlFixtures.crl(CrlFixtures.DN, EC.keys(), "SHA384withECDSA", null);
        assertThatThrownBy(() -> CrlIssuer.prepare(request(EC, Optional.of(unnumbered)), NOW))
                .hasMessage("The previous CRL carries no cRLNumber, so the next number cannot follow it. Nothing was signed. "
                        + "Give the root's own last CRL.");
    }

    @Test
    void aRevocationDroppedFromThePreviousCrlIsAnErrorAndIsNotSigned() throws Exception {
        X509CRL previous = CrlFixtures.previous(EC, 3, A, B);
        PreparedCrl prepared = CrlIssuer.prepare(request(EC, Optional.of(previous), new Revocation(A, REVOKED, RevocationReason.KEY_COMPROMISE)), NOW);
        assertThat(prepared.crlNumber()).isEqualTo(BigInteger.valueOf(4));
        assertThat(prepared.hasErrors()).isTrue();
        assertThat(prepared.findings()).extracting(LintFinding::describe).containsExactly(
                "ERROR crl-previous-entries (RFC 5280 3.3; BR 7.2): serial 1234, revoked in CRL #3, is missing: a revocation cannot be undone");
        assertThatThrownBy(() -> CrlIssuer.sign(prepared, EC.hsm()))
                .hasMessage("The CRL fails its checks: ERROR crl-previous-entries (RFC 5280 3.3; BR 7.2): serial 1234, revoked in CRL #3, "
                        + "is missing: a revocation cannot be undone. Nothing was signed by the HSM; nothing was written. Correct the CRL request.");
    }

    @Test
    void preparingTwiceGivesTheSameBytesWhateverTheOrderOfTheEntries() throws Exception {
        Revocation a = new Revocation(A, REVOKED, RevocationReason.KEY_COMPROMISE);
        Revocation b = new Revocation(B, REVOKED, RevocationReason.SUPERSEDED);
        PreparedCrl one = CrlIssuer.prepare(request(EC, Optional.empty(), a, b), NOW);
        PreparedCrl two = CrlIssuer.prepare(request(EC, Optional.empty(), b, a), NOW);
        assertThat(two.tbsDer()).isEqualTo(one.tbsDer());
        assertThat(two.tbsSha256()).isEqualTo(one.tbsSha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(one.tbsDer())));
    }

    @Test
    void signRefusesAPreparedCrlWhoseRequestIsNotTheConfirmedOne() throws Exception {
        PreparedCrl confirmed = CrlIssuer.prepare(request(EC, Optional.empty(), new Revocation(A, REVOKED, RevocationReason.KEY_COMPROMISE)), NOW);
        CrlRequest other = request(EC, Optional.empty(), new Revocation(A, REVOKED, RevocationReason.SUPERSEDED));
        PreparedCrl swapped = new PreparedCrl(other, confirmed.crlNumber(), confirmed.tbsDer(), confirmed.tbsSha256(),
                confirmed.findings(), confirmed.summary());
        assertThatThrownBy(() -> CrlIssuer.sign(swapped, EC.hsm()))
                .hasMessageStartingWith("The CRL built for signing (SHA-256 ")
                .hasMessageEndingWith(") is not the one confirmed (SHA-256 " + confirmed.tbsSha256() + "). Nothing was signed by the HSM; "
                        + "nothing was written. Prepare the CRL again and have the witness confirm it.");
    }

    @ParameterizedTest
    @MethodSource("roots")
    void signRefusesAnHsmKeyThatIsNotTheRoots(Root root) throws Exception {
        PreparedCrl prepared = CrlIssuer.prepare(request(root, Optional.empty(), new Revocation(A, REVOKED, RevocationReason.KEY_COMPROMISE)), NOW);
        Root impostor = root == EC ? CrlFixtures.ecRoot() : CrlFixtures.root(CrlFixtures.rsa(), CrlFixtures.DN, "SHA-256", true, true, 0);
        assertThatThrownBy(() -> CrlIssuer.sign(prepared, impostor.hsm()))
                .hasMessage("The CRL signed by the HSM does not verify with the root certificate's public key. It was discarded; "
                        + "nothing was written. Abort the ceremony and check that the HSM key is the root's key.");
        assertThatThrownBy(() -> CrlIssuer.sign(prepared, (root == EC ? RSA : EC).hsm()))
                .hasMessageStartingWith("The HSM could not sign the CRL (")
                .hasMessageContaining("Nothing was written.");
    }

    @Test
    void aTokenThatFailsWhileSigningLeavesNothing() throws Exception {
        PreparedCrl prepared = CrlIssuer.prepare(request(EC, Optional.empty(), new Revocation(A, REVOKED, RevocationReason.KEY_COMPROMISE)), NOW);
        assertThatThrownBy(() -> CrlIssuer.sign(prepared, new HsmSigner(EC.keys().getPrivate(), new FailingToken())))
                .isInstanceOf(KeyCeremonyException.class)
                .hasMessage("The HSM could not sign the CRL (ProviderException). Nothing was written. "
                        + "Check that the HSM holds the root key and is logged in, then retry the step.");
    }

    @Test
    void aWarningIsTheWitnessesToWeighAndDoesNotStopTheSigning() throws Exception {
        Instant threeDaysAgo = NOW.minus(Duration.ofDays(3));
        CrlRequest late = new CrlRequest(EC.cert(), Optional.empty(), threeDaysAgo, threeDaysAgo.plus(Duration.ofDays(30)),
                List.of(new Revocation(A, threeDaysAgo.minusSeconds(60), RevocationReason.KEY_COMPROMISE)), "SHA-384");
        PreparedCrl prepared = CrlIssuer.prepare(late, NOW);
        assertThat(prepared.findings()).extracting(LintFinding::rule).containsExactly("crl-this-update-time");
        assertThat(prepared.hasErrors()).isFalse();
        assertThat(CrlIssuer.sign(prepared, EC.hsm()).getThisUpdate().toInstant()).isEqualTo(threeDaysAgo);
    }

    @Test
    void timesAreWholeSecondsAndGeneralizedTimeFrom2050() throws Exception {
        Instant end2049 = OffsetDateTime.of(2049, 12, 31, 12, 0, 0, 999_000_000, ZoneOffset.UTC).toInstant();
        CrlRequest request = new CrlRequest(EC.cert(), Optional.empty(), end2049, end2049.plus(Duration.ofDays(30)),
                List.of(new Revocation(A, end2049.minusSeconds(10), RevocationReason.SUPERSEDED)), "SHA-384");
        PreparedCrl prepared = CrlIssuer.prepare(request, end2049);
        assertThat(prepared.findings()).isEmpty();
        TBSCertList tbs = TBSCertList.getInstance(prepared.tbsDer());
        assertThat(tbs.getThisUpdate().toASN1Primitive()).isInstanceOf(ASN1UTCTime.class);
        assertThat(tbs.getThisUpdate().getDate().toInstant()).isEqualTo(end2049.minusMillis(999));
        assertThat(tbs.getNextUpdate().toASN1Primitive()).isInstanceOf(ASN1GeneralizedTime.class);
        assertThat(tbs.getNextUpdate().toASN1Primitive().getEncoded()).hasSize(17);
    }

    @Test
    void anIssuerWithoutSubjectKeyIdentifierGetsTheMethodOneKeyId() throws Exception {
        Root noSki = CrlFixtures.root(EC.keys(), CrlFixtures.DN, "SHA-384", false, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
        PreparedCrl prepared = CrlIssuer.prepare(request(noSki, Optional.empty()), NOW);
        assertThat(prepared.findings()).isEmpty();
        assertThat(prepared.summary()).contains("Revoked certificates: none");
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo
                .getInstance(EC.keys().getPublic().getEncoded()).getPublicKeyData().getBytes());
        Extension aki = TBSCertList.getInstance(prepared.tbsDer()).getExtensions().getExtension(Extension.authorityKeyIdentifier);
        assertThat(AuthorityKeyIdentifier.getInstance(aki.getParsedValue()).getKeyIdentifierObject().getOctets()).isEqualTo(sha1);
    }

    @Test
    void anUnknownDigestIsRefused() {
        CrlRequest sha1 = new CrlRequest(EC.cert(), Optional.empty(), NOW, NOW.plus(Duration.ofDays(30)), List.of(), "SHA-1");
        assertThatThrownBy(() -> CrlIssuer.prepare(sha1, NOW)).hasMessage("crl.digest must be one of SHA-256, SHA-384, SHA-512, not SHA-1");
    }

    @Test
    void reasonsAreNamedAsRfc5280SpellsThemAndForbiddenOnesDoNotExist() {
        assertThat(RevocationReason.named("keyCompromise")).contains(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.named("cACompromise")).contains(RevocationReason.CA_COMPROMISE);
        assertThat(RevocationReason.named("certificateHold")).isEmpty();
        assertThat(RevocationReason.named("removeFromCRL")).isEmpty();
        assertThat(RevocationReason.named("unspecified")).isEmpty();
        assertThat(RevocationReason.named("KeyCompromise")).isEmpty();
        assertThat(Stream.of(RevocationReason.values()).map(r -> r.code() + " " + r.rfcName())).containsExactly(
                "1 keyCompromise", "2 cACompromise", "3 affiliationChanged", "4 superseded", "5 cessationOfOperation", "9 privilegeWithdrawn");
    }

    @Test
    void aPreparedCrlKeepsItsBytesToItselfAndDoesNotPrintThem() throws Exception {
        PreparedCrl prepared = CrlIssuer.prepare(request(EC, Optional.empty(), new Revocation(A, REVOKED, RevocationReason.KEY_COMPROMISE)), NOW);
        byte[] copy = prepared.tbsDer();
        copy[0] ^= 1;
        assertThat(prepared.tbsDer()).isNotEqualTo(copy);
        assertThat(prepared.toString()).isEqualTo("PreparedCrl[CRL #1, 1 entries, tbsSha256=" + prepared.tbsSha256() + ", 0 findings]");
    }

    /** The result of running a tool: exit code and everything it printed. */
    private record Run(int exit, String output) {
    }

    private static Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command[0] + " did not finish");
        }
        return new Run(p.exitValue(), out);
    }
}
