package org.keyceremony.transcript;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.operator.DigestCalculator;

/**
 * The byte range, the CMS signature and its signing-certificate attribute. The certificate
 * chain is judged by {@link ChainChecks} from what this finds.
 */
final class SignatureChecks {
    /** What the later checks need from a signature that parsed. */
    record Found(List<X509Certificate> certificates, X509Certificate signer, Instant claimedSigningTime,
                 long signedEnd) {
    }

    private SignatureChecks() {
    }

    /** Byte range checks; returns the end of the signed range, or -1 when it is unusable. */
    static long byteRange(byte[] file, PDSignature sig, List<Check> out) {
        int[] r = sig.getByteRange();
        if (r == null || r.length != 4) {
            out.add(Check.fail("byte-range", "the signature has no byte range of four numbers"));
            return -1;
        }
        long a = r[1];
        long b = r[2];
        long c = r[3];
        long end = b + c;
        if (r[0] != 0 || a <= 0 || b <= a + 1 || c < 0) {
            out.add(Check.fail("byte-range", "the byte range " + Arrays.toString(r)
                    + " is malformed: it must start at 0 and leave out exactly the signature value"));
            return -1;
        }
        if (end > file.length) {
            out.add(Check.fail("byte-range", "the signed byte range ends at byte " + end + " but the file has only "
                    + file.length + " bytes: the file is truncated"));
            return -1;
        }
        if (file[(int) a] != '<' || file[(int) b - 1] != '>' || !hexOnly(file, (int) a + 1, (int) b - 1)) {
            out.add(Check.fail("byte-range", "the gap in the byte range " + Arrays.toString(r)
                    + " is not exactly the hexadecimal signature value: other bytes are left unsigned"));
            return -1;
        }
        if (end < file.length) {
            out.add(Check.fail("byte-range", (file.length - end) + " bytes were appended after the signed range "
                    + "(which ends at byte " + end + "): the file was changed after signing"));
            return end;
        }
        out.add(Check.pass("byte-range", "the signature covers the whole file (" + file.length
                + " bytes) except its own value"));
        return end;
    }

    /** Verifies the CMS signature over the byte range; returns what it found or null. */
    static Found signature(byte[] file, PDSignature sig, List<Check> out) {
        if (!PDSignature.SUBFILTER_ETSI_CADES_DETACHED.getName().equals(sig.getSubFilter())) {
            out.add(Check.fail("signature", "the signature's SubFilter is " + sig.getSubFilter()
                    + ", not ETSI.CAdES.detached (PAdES)"));
            return null;
        }
        int[] r = sig.getByteRange();
        byte[] signed = new byte[r[1] + r[3]];
        System.arraycopy(file, 0, signed, 0, r[1]);
        System.arraycopy(file, r[2], signed, r[1], r[3]);
        String hex = new String(file, r[1] + 1, r[2] - r[1] - 2, java.nio.charset.StandardCharsets.US_ASCII);
        byte[] contents = HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : hex + "0");
        CMSSignedData cms;
        java.io.ByteArrayInputStream source = new java.io.ByteArrayInputStream(contents);
        try (ASN1InputStream in = new ASN1InputStream(source)) {
            // The value is zero-padded to the reserved size: read only the first ASN.1 object.
            ASN1Primitive first = in.readObject();
            if (first == null) {
                out.add(Check.fail("signature", "the signature value is empty"));
                return null;
            }
            // Everything after it must be the padding we wrote: zeros. The padding lies outside
            // the signed byte range, so a change there would otherwise go unnoticed.
            int used = contents.length - source.available();
            for (int i = used; i < contents.length; i++) {
                if (contents[i] != 0) {
                    out.add(Check.fail("signature", "the signature value is followed by non-zero bytes at offset " + i
                            + " of /Contents: the unsigned padding was altered"));
                    return null;
                }
            }
            cms = new CMSSignedData(new CMSProcessableByteArray(signed), ContentInfo.getInstance(first));
        } catch (IOException | CMSException | IllegalArgumentException | ClassCastException e) {
            out.add(Check.fail("signature", "the signature value is not a CMS SignedData structure"));
            return null;
        }
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            out.add(Check.fail("signature", "the CMS holds " + signers.size() + " signer infos; expected exactly one"));
            return null;
        }
        SignerInformation info = signers.iterator().next();
        List<X509Certificate> certs = new ArrayList<>();
        X509Certificate signer = null;
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try {
            for (X509CertificateHolder h : cms.getCertificates().getMatches(null)) {
                X509Certificate cert = converter.getCertificate(h);
                certs.add(cert);
                if (info.getSID().match(h)) {
                    signer = cert;
                }
            }
        } catch (CertificateException e) {
            out.add(Check.fail("signature", "a certificate embedded in the signature cannot be read"));
            return null;
        }
        if (signer == null) {
            out.add(Check.fail("signature", "the signer's certificate is not embedded in the signature"));
            return null;
        }
        try {
            if (!info.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signer))) {
                out.add(Check.fail("signature", "the signature value does not verify with the signer's public key"));
                return null;
            }
        } catch (CMSSignerDigestMismatchException e) {
            out.add(Check.fail("signature", "the signed bytes do not match the digest in the signature: "
                    + "the document was modified after signing"));
            return null;
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            out.add(Check.fail("signature", "the signature does not verify: the signed bytes or the signature "
                    + "value were modified"));
            return null;
        }
        out.add(Check.pass("signature", "valid CMS signature (" + digestName(info.getDigestAlgOID()) + ") by "
                + signer.getSubjectX500Principal().toString()));
        out.add(signingCertificate(info, signer));
        Instant when = sig.getSignDate() == null ? null : sig.getSignDate().toInstant();
        return new Found(certs, signer, when, (long) r[2] + r[3]);
    }

    private static Check signingCertificate(SignerInformation info, X509Certificate signer) {
        if (info.getSignedAttributes() == null) {
            return Check.fail("signing-certificate", "the signature has no signed attributes (not PAdES B-B)");
        }
        Attribute a = info.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (a == null || a.getAttrValues().size() != 1) {
            return Check.fail("signing-certificate", "no signing-certificate-v2 attribute (required by PAdES B-B)");
        }
        try {
            ESSCertIDv2[] ids = SigningCertificateV2.getInstance(a.getAttrValues().getObjectAt(0)).getCerts();
            DigestCalculator dc = new JcaDigestCalculatorProviderBuilder().build().get(ids[0].getHashAlgorithm());
            dc.getOutputStream().write(signer.getEncoded());
            dc.getOutputStream().close();
            if (!MessageDigest.isEqual(dc.getDigest(), ids[0].getCertHash())) {
                return Check.fail("signing-certificate", "the signing-certificate-v2 attribute names another certificate "
                        + "than the one that signed");
            }
            return Check.pass("signing-certificate", "signing-certificate-v2 names the signer's certificate");
        } catch (IOException | OperatorCreationException | java.security.cert.CertificateEncodingException
                 | RuntimeException e) {
            return Check.fail("signing-certificate", "the signing-certificate-v2 attribute cannot be read");
        }
    }

    private static String digestName(String oid) {
        return switch (oid) {
            case "2.16.840.1.101.3.4.2.1" -> "SHA-256";
            case "2.16.840.1.101.3.4.2.2" -> "SHA-384";
            case "2.16.840.1.101.3.4.2.3" -> "SHA-512";
            default -> "digest " + oid;
        };
    }

    private static boolean hexOnly(byte[] file, int from, int to) {
        for (int i = from; i < to; i++) {
            byte x = file[i];
            boolean hex = (x >= '0' && x <= '9') || (x >= 'a' && x <= 'f') || (x >= 'A' && x <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }
}
