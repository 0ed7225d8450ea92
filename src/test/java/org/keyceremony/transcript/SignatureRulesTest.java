package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The signer writes the one encoding the verifier accepts, whatever the HSM returns. */
class SignatureRulesTest {
    private static final TestPki PKI = GenuineTranscript.PKI;

    @Test
    void aHighSSignatureFromTheHsmIsWrittenLowSAndVerifies() throws Exception {
        byte[] genuine = GenuineTranscript.bytes();
        byte[] unsigned = Arrays.copyOf(genuine, TamperCorpus.firstRevisionEnd(genuine));
        BigInteger n = EcdsaValue.order(PKI.signer());
        ContentSigner software = new JcaContentSignerBuilder("SHA384withECDSA").build(PKI.signerKey().getPrivate());
        ContentSigner alwaysHighS = new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return software.getAlgorithmIdentifier();
            }

            @Override
            public OutputStream getOutputStream() {
                return software.getOutputStream();
            }

            @Override
            public byte[] getSignature() {
                try {
                    ASN1Sequence pair = ASN1Sequence.getInstance(software.getSignature());
                    BigInteger s = ASN1Integer.getInstance(pair.getObjectAt(1)).getValue();
                    BigInteger high = s.max(n.subtract(s));
                    return new DERSequence(new ASN1Encodable[] {pair.getObjectAt(0), new ASN1Integer(high)})
                            .getEncoded(ASN1Encoding.DER);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };

        byte[] signed = TranscriptSigner.withContentSigner(alwaysHighS, PKI.signer(), PKI.root())
                .sign(unsigned, SyntheticCeremony.rootKeyGeneration(PKI).signingTime(), "KeyCeremony rehearsal transcript "
                        + "signer", "Transcript of ceremony " + SyntheticCeremony.CEREMONY_ID);

        BigInteger s = ASN1Integer.getInstance(ASN1Sequence.getInstance(signerInfo(signed).getSignature())
                .getObjectAt(1)).getValue();
        assertThat(s).isLessThanOrEqualTo(n.shiftRight(1));
        VerificationReport r = GenuineTranscript.verifyHostile(signed);
        assertThat(r.failures()).isEmpty();
        assertThat(r.check("cms-encoding").orElseThrow().reason()).contains("low-S ECDSA");
    }

    @Test
    void aDigestOtherThanTheOneTheSignerPairsWithItsKeyIsRefused() throws Exception {
        // An insider with the EC P-384 signing key signs over SHA-256: a valid signature, a SHA-2 digest,
        // but not the one KeyCeremony signs with (P-384 with SHA-384, TranscriptSigner.signatureAlgorithm).
        SyntheticCeremony c = SyntheticCeremony.rootKeyGeneration(PKI);
        LogTranscript t = LogTranscript.signed(c.jsonl(), SyntheticCeremony.SCRIPT, PKI.root(), PKI.signer());
        ContentSigner sha256 = new JcaContentSignerBuilder("SHA256withECDSA").build(PKI.signerKey().getPrivate());
        byte[] signed = TranscriptSigner.withContentSigner(EcdsaValue.lowS(sha256, PKI.signer()), PKI.signer(), PKI.root())
                .sign(t.render(false), t.renderedAt(), TranscriptWriter.signerName(t.content().cover()),
                        TranscriptWriter.reason(t.content().cover()));
        VerificationReport r = GenuineTranscript.verifyHostile(signed);
        assertThat(r.check("signature").orElseThrow().passed()).isTrue();
        // (and it is not the CMS KeyCeremony writes for this signer either)
        assertThat(r.failures()).extracting(Check::name).containsExactly("signature-algorithms", "cms-encoding");
        assertThat(r.check("signature-algorithms").orElseThrow().reason())
                .isEqualTo("the CMS digest is SHA-256, but KeyCeremony signs with this signer's key over SHA-384 only");
    }

    @Test
    void theCommittedSampleRehearsalsCmsIsTheOneKeyCeremonyWritesOnceItsSignatureIsLowS() throws Exception {
        // A real rehearsal's CMS (RSA-4096 root, EC P-384 signer in SoftHSM2) re-made byte for byte by the
        // verifier (ReencodedSignatures.lowS leaves it as it is: the signer already writes low-S).
        Path samples = Path.of("transcripts", "samples");
        Path sample;
        try (var files = Files.list(samples)) {
            sample = files.filter(p -> p.getFileName().toString().matches("transcript-.*\\.pdf")).findFirst().orElseThrow();
        }
        byte[] lowS = ReencodedSignatures.lowS(Files.readAllBytes(sample));
        VerificationReport r = TranscriptVerifier.verify("sample.pdf", lowS,
                Files.readString(samples.resolve("root-fingerprint.txt")).strip());
        assertThat(r.failures()).isEmpty();
        assertThat(r.check("signature-algorithms").orElseThrow().reason())
                .isEqualTo("digest SHA-384, signature SHA-384 with ECDSA; signer EC P-384, root RSA-4096; "
                        + "no unknown critical extension");
    }

    private static SignerInformation signerInfo(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf);
             var in = new org.bouncycastle.asn1.ASN1InputStream(doc.getLastSignatureDictionary().getContents())) {
            return new CMSSignedData(org.bouncycastle.asn1.cms.ContentInfo.getInstance(in.readObject()))
                    .getSignerInfos().getSigners().iterator().next();
        }
    }
}
