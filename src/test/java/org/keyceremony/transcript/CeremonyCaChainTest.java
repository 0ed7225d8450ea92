package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * A transcript signer certified by a ceremony CA ({@code policy.transcript-signer:
 * issued-by-ceremony-ca}): the chain holds only through a CA the root issued with path length 0,
 * constrained to document signing; and a signature through a CA
 * is refused for a ceremony whose log records none.
 */
class CeremonyCaChainTest {
    private static final TestPki PKI = TestPki.create("Ceremony CA Root");
    private static final Instant WHEN = Instant.now();

    private static X509Certificate ca(KeyPair caKey, Integer pathLength, boolean documentSigning, KeyPair issuerKey)
            throws Exception {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(PKI.root(), BigInteger.valueOf(42),
                Date.from(TestPki.NOT_BEFORE), Date.from(WHEN.plus(Duration.ofDays(700))),
                new X500Name("CN=KeyCeremony ceremony CA,SERIALNUMBER=" + TestPki.CEREMONY_ID), caKey.getPublic());
        b.addExtension(Extension.basicConstraints, true,
                pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        if (documentSigning) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    KeyPurposeId.getInstance(new ASN1ObjectIdentifier(TestPki.DOCUMENT_SIGNING))));
        }
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKey.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(PKI.root()));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey.getPrivate())));
    }

    private static X509Certificate signerUnder(X509Certificate ca, KeyPair caKey, KeyPair key) throws Exception {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(43),
                Date.from(TestPki.NOT_BEFORE), Date.from(WHEN.plus(Duration.ofDays(700))),
                new X500Name("CN=KeyCeremony transcript signer,SERIALNUMBER=" + TestPki.CEREMONY_ID), key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                KeyPurposeId.getInstance(new ASN1ObjectIdentifier(TestPki.DOCUMENT_SIGNING))));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(caKey.getPrivate())));
    }

    private static List<Check> judge(X509Certificate signer, X509Certificate... embedded) {
        List<Check> out = new ArrayList<>();
        ChainChecks.chain(new SignatureChecks.Found(List.of(embedded), signer, WHEN, 1), out);
        return out;
    }

    @Test
    void aSignerCertifiedByAConstrainedCaOfTheRootHolds() throws Exception {
        KeyPair caKey = TestPki.ecKey();
        X509Certificate ca = ca(caKey, 0, true, PKI.rootKey());
        X509Certificate signer = signerUnder(ca, caKey, TestPki.ecKey());
        List<Check> out = new ArrayList<>();
        SigningChain chain = ChainChecks.chain(new SignatureChecks.Found(List.of(signer, ca, PKI.root()), signer, WHEN, 1),
                out);
        assertThat(out).singleElement().satisfies(c -> assertThat(c.passed()).as(c.reason()).isTrue());
        assertThat(chain.ceremonyCa()).contains(ca);
        assertThat(chain.root()).isEqualTo(PKI.root());
        assertThat(chain.certificates()).containsExactly(signer, ca, PKI.root());
    }

    @Test
    void aCaThatCouldCertifyMoreCasOrOtherPurposesIsRefused() throws Exception {
        KeyPair caKey = TestPki.ecKey();
        X509Certificate unlimited = ca(caKey, null, true, PKI.rootKey());
        assertThat(judge(signerUnder(unlimited, caKey, TestPki.ecKey()), unlimited, PKI.root()).get(0).reason())
                .contains("path length is not limited to 0");
        X509Certificate anyPurpose = ca(caKey, 0, false, PKI.rootKey());
        assertThat(judge(signerUnder(anyPurpose, caKey, TestPki.ecKey()), anyPurpose, PKI.root()).get(0).reason())
                .contains("not constrained to document signing");
    }

    @Test
    void aCaNotIssuedByTheRootIsRefused() throws Exception {
        KeyPair caKey = TestPki.ecKey();
        X509Certificate selfMade = ca(caKey, 0, true, caKey);
        X509Certificate signer = signerUnder(selfMade, caKey, TestPki.ecKey());
        assertThat(judge(signer, signer, selfMade, PKI.root()).get(0).reason())
                .contains("the ceremony CA's certificate is not signed by the embedded root");
    }

    @Test
    void aSignatureThroughACaIsRefusedForACeremonyWhoseLogRecordsNone() throws Exception {
        KeyPair caKey = TestPki.ecKey();
        X509Certificate ca = ca(caKey, 0, true, PKI.rootKey());
        KeyPair key = TestPki.ecKey();
        X509Certificate signer = signerUnder(ca, caKey, key);
        TestPki pki = PKI.withSigner(key, signer);
        SyntheticCeremony ceremony = SyntheticCeremony.rootKeyGeneration(pki);
        SigningChain chain = new SigningChain(signer, java.util.Optional.of(ca), PKI.root());
        LogTranscript t = LogTranscript.signed(ceremony.jsonl(), SyntheticCeremony.SCRIPT, chain);
        byte[] unsigned = t.render(false);
        byte[] signed = TranscriptSigner.withKey(key.getPrivate(), null, chain).sign(unsigned, ceremony.signingTime(),
                "t", "t");
        VerificationReport r = TranscriptVerifier.verify("t", signed, (String) null);
        assertThat(r.check("chain").orElseThrow().passed()).isTrue();
        assertThat(r.check("cms-encoding").orElseThrow().passed()).isTrue();
        assertThat(r.check("signer-of-ceremony").orElseThrow().reason())
                .contains("was issued by a ceremony CA", "but the log records none");
        assertThat(r.valid()).isFalse();
    }
}
