package org.keyceremony.ceremony.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyceremony.ceremony.pki.CrlLint.LintFinding;
import org.keyceremony.ceremony.pki.IssuanceProfile.PolicyInformation;
import org.keyceremony.ceremony.pki.SubjectKeyInput.ExistingCertificate;
import org.keyceremony.ceremony.pki.SubjectKeyInput.PublicKeyOnly;
import org.keyceremony.script.KeyUsageBit;

/**
 * The acceptance: Let's Encrypt's 2024 intermediates, as published (README.md beside the
 * resources), rebuilt by {@link SubordinateIssuer} from their own public key, serial, validity and
 * subject and the profile fields their ceremony scripts give, with the real ISRG root as issuer (the
 * rehearsal's throw-away key stands in for the root's). Every field of the TBSCertificate comes out
 * byte for byte as the real one, the subject and authority key identifiers included: Let's Encrypt
 * derives the SKI by RFC 7093's SHA-256 method, and a cross-certificate repeats the existing one's.
 */
class LetsEncryptIntermediatesTest {
    private static final X509Certificate X1 = certificate("ISRG_Root_X1.crt");
    private static final X509Certificate X2 = certificate("ISRG_Root_X2.crt");
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    static Stream<String> signedByTheirOwnRoot() {
        return Stream.of("e5", "e6", "e7", "e8", "e9", "r10", "r11", "r12", "r13", "r14");
    }

    static Stream<String> crossSignedByX1() {
        return Stream.of("e5", "e6", "e7", "e8", "e9");
    }

    static X509Certificate certificate(String resource) {
        try (InputStream in = LetsEncryptIntermediatesTest.class.getResourceAsStream(resource)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (Exception e) {
            throw new IllegalStateException(resource, e);
        }
    }

    /** What a script says for these intermediates (cf. Let's Encrypt's ceremony-demos, 2024/e5-cert.yaml). */
    static IssuanceProfile profile(String name, String root) {
        return new IssuanceProfile(name, Set.of(KeyUsageBit.DIGITAL_SIGNATURE, KeyUsageBit.KEY_CERT_SIGN, KeyUsageBit.CRL_SIGN),
                List.of(CLIENT_AUTH, SERVER_AUTH), 0, List.of(new PolicyInformation("2.23.140.1.2.1", Optional.empty())), Optional.empty(),
                List.of("http://" + root + ".c.lencr.org/"), Optional.of("http://" + root + ".i.lencr.org/"), Optional.empty());
    }

    private static TBSCertificate tbs(X509Certificate cert) throws Exception {
        return Certificate.getInstance(cert.getEncoded()).getTBSCertificate();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedByTheirOwnRoot")
    void rebuildsEachIntermediateByteForByte(String name) throws Exception {
        X509Certificate real = certificate("letsencrypt-2024/" + name + ".pem");
        boolean ec = name.startsWith("e");
        CertificateRequest request = new CertificateRequest(profile(IssuanceProfile.TLS_SUBORDINATE, ec ? "x2" : "x1"), ec ? X2 : X1,
                "CN=" + name.toUpperCase(java.util.Locale.ROOT) + ", O=Let's Encrypt, C=US",
                new PublicKeyOnly(tbs(real).getSubjectPublicKeyInfo().getEncoded()), real.getSerialNumber(),
                real.getNotBefore().toInstant(), real.getNotAfter().toInstant(), ec ? "SHA-384" : "SHA-256");
        PreparedCertificate prepared = SubordinateIssuer.prepare(request, signedAt(real));

        assertThat(differences(TBSCertificate.getInstance(prepared.tbsDer()), tbs(real))).isEmpty();
        assertThat(prepared.tbsDer()).as("the whole TBSCertificate").isEqualTo(real.getTBSCertificate());
        assertThat(prepared.findings()).extracting(LintFinding::describe).containsExactly(clientAuthWarning());
    }

    @ParameterizedTest(name = "{0} cross-signed by ISRG Root X1")
    @MethodSource("crossSignedByX1")
    void rebuildsEachCrossCertificateFromTheExistingOneByteForByte(String name) throws Exception {
        X509Certificate existing = certificate("letsencrypt-2024/" + name + ".pem");
        X509Certificate real = certificate("letsencrypt-2024/" + name + "-cross.pem");
        CertificateRequest request = new CertificateRequest(profile(IssuanceProfile.CROSS, "x1"), X1, "", new ExistingCertificate(existing),
                real.getSerialNumber(), real.getNotBefore().toInstant(), real.getNotAfter().toInstant(), "SHA-256");
        PreparedCertificate prepared = SubordinateIssuer.prepare(request, signedAt(real));

        assertThat(differences(TBSCertificate.getInstance(prepared.tbsDer()), tbs(real))).isEmpty();
        assertThat(prepared.tbsDer()).as("the whole TBSCertificate").isEqualTo(real.getTBSCertificate());
        assertThat(prepared.findings()).extracting(LintFinding::describe).containsExactly(clientAuthWarning());
    }

    /**
     * The one finding on all of them: in 2024 the BRs (7.1.2.10.6) allowed clientAuth beside serverAuth,
     * and they still do; the Chrome Root Program has since asked for serverAuth-only hierarchies, which
     * Let's Encrypt's 2025 intermediates (YE1 and the others) follow.
     */
    private static String clientAuthWarning() {
        return "WARNING cert-eku-server-auth-only (Chrome Root Program Policy 3.2.1): id-kp-clientAuth beside serverAuth: the BRs allow "
                + "it, but the Chrome Root Program wants TLS hierarchies dedicated to server authentication";
    }

    /** Their ceremony signed them on the day of their notBefore (midnight UTC): noon that day. */
    private static Instant signedAt(X509Certificate real) {
        return real.getNotBefore().toInstant().plus(Duration.ofHours(12));
    }

    /** Every field of the TBSCertificate whose DER differs, named; each extension by its OID, value and criticality; the order. */
    static List<String> differences(TBSCertificate ours, TBSCertificate real) throws Exception {
        List<String> out = new ArrayList<>();
        compare(out, "version", ours.getVersion(), real.getVersion());
        compare(out, "serialNumber", ours.getSerialNumber(), real.getSerialNumber());
        compare(out, "signature", ours.getSignature(), real.getSignature());
        compare(out, "issuer", ours.getIssuer(), real.getIssuer());
        compare(out, "validity.notBefore", ours.getStartDate(), real.getStartDate());
        compare(out, "validity.notAfter", ours.getEndDate(), real.getEndDate());
        compare(out, "subject", ours.getSubject(), real.getSubject());
        compare(out, "subjectPublicKeyInfo", ours.getSubjectPublicKeyInfo(), real.getSubjectPublicKeyInfo());
        compare(out, "issuerUniqueID", ours.getIssuerUniqueId(), real.getIssuerUniqueId());
        compare(out, "subjectUniqueID", ours.getSubjectUniqueId(), real.getSubjectUniqueId());
        Extensions o = ours.getExtensions();
        Extensions r = real.getExtensions();
        if (!List.of(o.getExtensionOIDs()).equals(List.of(r.getExtensionOIDs()))) {
            out.add("extension order: ours " + List.of(o.getExtensionOIDs()) + ", real " + List.of(r.getExtensionOIDs()));
        }
        for (ASN1ObjectIdentifier oid : r.getExtensionOIDs()) {
            Extension mine = o.getExtension(oid);
            Extension theirs = r.getExtension(oid);
            if (mine == null) {
                out.add("extension " + oid + " missing");
                continue;
            }
            if (mine.isCritical() != theirs.isCritical()) {
                out.add("extension " + oid + " criticality: ours " + mine.isCritical() + ", real " + theirs.isCritical());
            }
            compare(out, "extension " + oid + " value", mine.getExtnValue(), theirs.getExtnValue());
        }
        return out;
    }

    private static void compare(List<String> out, String field, ASN1Encodable ours, ASN1Encodable real) throws Exception {
        String o = ours == null ? "(absent)" : HexFormat.of().formatHex(ours.toASN1Primitive().getEncoded("DER"));
        String r = real == null ? "(absent)" : HexFormat.of().formatHex(real.toASN1Primitive().getEncoded("DER"));
        if (!o.equals(r)) {
            out.add(field + ": ours " + o + ", real " + r);
        }
    }
}
