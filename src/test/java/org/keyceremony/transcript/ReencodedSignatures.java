package org.keyceremony.transcript;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.BERSequence;
import org.bouncycastle.asn1.BERTaggedObject;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * A signed transcript's signature spelt another way, which anyone holding the file can do without
 * any key (issue 19, part 2): the signature still verifies, the file's bytes differ. Each method
 * takes the genuine file and returns the re-encoded one; the new CMS goes into {@code /Contents} as
 * upper-case hex, zero-padded to the reserved size, so only the re-encoding itself differs.
 */
final class ReencodedSignatures {
    private ReencodedSignatures() {
    }

    private interface CmsEdit {
        byte[] apply(ContentInfo genuine) throws Exception;
    }

    /** s replaced by n − s: the same ECDSA signature, still valid, other bytes. */
    static byte[] highS(byte[] genuine) throws Exception {
        return withS(genuine, (s, n) -> {
            if (s.compareTo(n.shiftRight(1)) > 0) {
                throw new IllegalStateException("the genuine signature is already high-S");
            }
            return n.subtract(s);
        });
    }

    /** The ECDSA signature turned low-S (unchanged when it is): what TranscriptSigner now writes. */
    static byte[] lowS(byte[] genuine) throws Exception {
        return withS(genuine, (s, n) -> s.min(n.subtract(s)));
    }

    private static byte[] withS(byte[] genuine, java.util.function.BinaryOperator<BigInteger> newS) throws Exception {
        BigInteger n = EcdsaValue.order(signerOf(genuine));
        return withCms(genuine, cms -> {
            SignedData sd = SignedData.getInstance(cms.getContent());
            SignerInfo si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
            ASN1Sequence pair = ASN1Sequence.getInstance(si.getEncryptedDigest().getOctets());
            BigInteger s = ASN1Integer.getInstance(pair.getObjectAt(1)).getValue();
            byte[] value = new DERSequence(new ASN1Encodable[] {pair.getObjectAt(0), new ASN1Integer(newS.apply(s, n))})
                    .getEncoded(ASN1Encoding.DER);
            SignerInfo changed = new SignerInfo(si.getSID(), si.getDigestAlgorithm(), si.getAuthenticatedAttributes(),
                    si.getDigestEncryptionAlgorithm(), new DEROctetString(value), si.getUnauthenticatedAttributes());
            return new ContentInfo(CMSObjectIdentifiers.signedData, new SignedData(sd.getDigestAlgorithms(),
                    sd.getEncapContentInfo(), sd.getCertificates(), sd.getCRLs(), new DERSet(changed)))
                    .getEncoded(ASN1Encoding.DER);
        });
    }

    /** The same CMS in BER: its two outer structures with indefinite lengths. */
    static byte[] berIndefinite(byte[] genuine) throws Exception {
        return withCms(genuine, cms -> {
            ASN1EncodableVector inner = new ASN1EncodableVector();
            ASN1Sequence.getInstance(cms.getContent()).forEach(inner::add);
            ASN1EncodableVector outer = new ASN1EncodableVector();
            outer.add(cms.getContentType());
            outer.add(new BERTaggedObject(true, 0, new BERSequence(inner)));
            return new BERSequence(outer).getEncoded(ASN1Encoding.BER);
        });
    }

    /** {@code extra} added to the CMS's certificate set, which no signature covers. */
    static byte[] extraCertificate(byte[] genuine, X509Certificate extra) throws Exception {
        return withCms(genuine, cms -> {
            SignedData sd = SignedData.getInstance(cms.getContent());
            ASN1EncodableVector certs = new ASN1EncodableVector();
            sd.getCertificates().forEach(certs::add);
            certs.add(Certificate.getInstance(extra.getEncoded()));
            return new ContentInfo(CMSObjectIdentifiers.signedData, new SignedData(sd.getDigestAlgorithms(),
                    sd.getEncapContentInfo(), new DERSet(certs), sd.getCRLs(), sd.getSignerInfos()))
                    .getEncoded(ASN1Encoding.DER);
        });
    }

    /** The genuine {@code /Contents} spelt in lower-case hexadecimal. */
    static byte[] lowerCaseHex(byte[] genuine) throws IOException {
        int[] r = byteRange(genuine);
        byte[] out = genuine.clone();
        for (int i = r[1] + 1; i < r[2] - 1; i++) {
            if (out[i] >= 'A' && out[i] <= 'F') {
                out[i] = (byte) (out[i] - 'A' + 'a');
            }
        }
        if (Arrays.equals(out, genuine)) {
            throw new IllegalStateException("the genuine /Contents has no upper-case letters to change");
        }
        return out;
    }

    /** The genuine file with its /Contents replaced by {@code edit}'s CMS, upper-case hex, zero-padded. */
    private static byte[] withCms(byte[] genuine, CmsEdit edit) throws Exception {
        int[] r = byteRange(genuine);
        String hex = new String(genuine, r[1] + 1, r[2] - r[1] - 2, StandardCharsets.US_ASCII);
        ContentInfo cms;
        try (ASN1InputStream in = new ASN1InputStream(HexFormat.of().parseHex(hex))) {
            cms = ContentInfo.getInstance(in.readObject());
        }
        String forged = HexFormat.of().withUpperCase().formatHex(edit.apply(cms));
        if (forged.length() > hex.length()) {
            throw new IllegalStateException("the re-encoded CMS does not fit the reserved space");
        }
        byte[] out = genuine.clone();
        byte[] padded = (forged + "0".repeat(hex.length() - forged.length())).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(padded, 0, out, r[1] + 1, padded.length);
        return out;
    }

    private static int[] byteRange(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getLastSignatureDictionary().getByteRange();
        }
    }

    /** The signer's certificate as the genuine CMS embeds it. */
    private static X509Certificate signerOf(byte[] genuine) throws Exception {
        int[] r = byteRange(genuine);
        String hex = new String(genuine, r[1] + 1, r[2] - r[1] - 2, StandardCharsets.US_ASCII);
        try (ASN1InputStream in = new ASN1InputStream(HexFormat.of().parseHex(hex))) {
            var cms = new org.bouncycastle.cms.CMSSignedData(ContentInfo.getInstance(in.readObject()));
            var info = cms.getSignerInfos().getSigners().iterator().next();
            @SuppressWarnings("unchecked")
            var holder = (org.bouncycastle.cert.X509CertificateHolder) cms.getCertificates().getMatches(info.getSID())
                    .iterator().next();
            return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder);
        }
    }
}
