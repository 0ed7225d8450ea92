package org.keyceremony.transcript;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.keyceremony.base.AlgorithmRules;

/**
 * The rules a transcript's signature must obey beyond verifying: {@code signature-algorithms}
 * (the CMS and both certificates use only what the ceremony itself may use:
 * {@link AlgorithmRules}' keys and SHA-2 digests, RSA PKCS#1 v1.5 or ECDSA, and no critical
 * extension the verifier does not understand) and {@code cms-encoding} (the signature value is
 * the one encoding KeyCeremony writes: upper-case hex of a DER CMS holding exactly the signer's
 * and the root's certificates, ECDSA low-S, byte for byte what {@link TranscriptSigner} makes
 * with that signature value). A signature can be re-encoded without its key, and its unsigned
 * parts edited; these rules leave a transcript exactly one valid spelling.
 */
final class SignatureRules {
    private static final Map<String, String> DIGESTS = Map.of(
            "2.16.840.1.101.3.4.2.1", "SHA-256", "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");
    /** Signature algorithms of certificates: SHA-2 with RSA PKCS#1 v1.5 or ECDSA. */
    private static final Map<String, String> SIGNATURES = Map.of(
            "1.2.840.113549.1.1.11", "SHA-256 with RSA", "1.2.840.113549.1.1.12", "SHA-384 with RSA",
            "1.2.840.113549.1.1.13", "SHA-512 with RSA", "1.2.840.10045.4.3.2", "SHA-256 with ECDSA",
            "1.2.840.10045.4.3.3", "SHA-384 with ECDSA", "1.2.840.10045.4.3.4", "SHA-512 with ECDSA");
    /** rsaEncryption: how CMS names RSA PKCS#1 v1.5 in a signer info (the digest is the signer info's). */
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    /** Names for what must never appear, so the reason says it plainly. */
    private static final Map<String, String> REFUSED = Map.of(
            "1.3.14.3.2.26", "SHA-1", "1.2.840.113549.2.5", "MD5", "1.2.840.113549.1.1.5", "SHA-1 with RSA",
            "1.2.840.113549.1.1.4", "MD5 with RSA", "1.2.840.10045.4.1", "SHA-1 with ECDSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS");
    private static final Map<String, String> CURVE_NAMES = Map.of(
            "1.2.840.10045.3.1.7", "P-256", "1.3.132.0.34", "P-384", "1.3.132.0.35", "P-521");
    /** The extensions the chain check reads: any other critical extension refuses the certificate (RFC 5280 4.2). */
    private static final Set<String> KNOWN_EXTENSIONS = Set.of(
            "2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.14", "2.5.29.35");

    private SignatureRules() {
    }

    /** Adds {@code signature-algorithms} and {@code cms-encoding} for a signature that verified. */
    static void check(byte[] file, PDSignature sig, SignatureChecks.Found found, List<Check> out) {
        int[] r = sig.getByteRange();
        String hex = new String(file, r[1] + 1, r[2] - r[1] - 2, StandardCharsets.US_ASCII);
        byte[] contents = HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : hex + "0");
        byte[] asRead;
        ASN1Primitive first;
        CMSSignedData cms;
        SignerInformation info;
        ByteArrayInputStream source = new ByteArrayInputStream(contents);
        try (ASN1InputStream in = new ASN1InputStream(source)) {
            first = in.readObject();
            asRead = Arrays.copyOf(contents, contents.length - source.available());
            cms = new CMSSignedData(ContentInfo.getInstance(first));
            info = cms.getSignerInfos().getSigners().iterator().next();
        } catch (IOException | CMSException | RuntimeException e) {
            out.add(Check.fail("signature-algorithms", "the signature value cannot be read again"));
            out.add(Check.fail("cms-encoding", "the signature value cannot be read again"));
            return;
        }
        out.add(algorithms(info, found));
        out.add(encoding(file, r, hex, asRead, first, cms, info, found.signer()));
    }

    private static Check algorithms(SignerInformation info, SignatureChecks.Found found) {
        List<String> problems = new ArrayList<>();
        String digest = DIGESTS.get(info.getDigestAlgOID());
        if (digest == null) {
            problems.add("the CMS digest algorithm is " + name(info.getDigestAlgOID())
                    + "; the ceremony uses SHA-256, SHA-384 or SHA-512 only");
        }
        // the digest the signer pairs with its key (TranscriptSigner.signatureAlgorithm), no other
        String paired = TranscriptSigner.signatureAlgorithm(found.signer()).replaceAll("^SHA(\\d+)with.*", "SHA-$1");
        if (digest != null && !digest.equals(paired)) {
            problems.add("the CMS digest is " + digest + ", but KeyCeremony signs with this signer's key over "
                    + paired + " only");
        }
        String signature = info.getEncryptionAlgOID();
        if (!SIGNATURES.containsKey(signature) && !RSA_ENCRYPTION.equals(signature)) {
            problems.add("the CMS signature algorithm is " + name(signature)
                    + "; the ceremony signs with RSA PKCS#1 v1.5 or ECDSA over SHA-2 only");
        }
        List<String> keys = new ArrayList<>();
        for (X509Certificate c : found.certificates()) {
            String who = c == found.signer() ? "the signer's certificate" : "the certificate "
                    + c.getSubjectX500Principal().toString();
            String key = key(c.getPublicKey());
            if (key.startsWith("refused: ")) {
                problems.add(who + " has " + key.substring("refused: ".length()));
            } else {
                // The signer first: the report reads the same whatever order the CMS set holds.
                keys.add(c == found.signer() ? 0 : keys.size(), (c == found.signer() ? "signer " : "root ") + key);
            }
            if (!SIGNATURES.containsKey(c.getSigAlgOID())) {
                problems.add(who + " is signed with " + name(c.getSigAlgOID())
                        + "; the ceremony signs certificates with RSA PKCS#1 v1.5 or ECDSA over SHA-2 only");
            }
            Set<String> unknown = new TreeSet<>(c.getCriticalExtensionOIDs() == null ? Set.of() : c.getCriticalExtensionOIDs());
            unknown.removeAll(KNOWN_EXTENSIONS);
            if (!unknown.isEmpty()) {
                problems.add(who + " carries a critical extension the verifier does not know (" + String.join(", ", unknown)
                        + "): a certificate whose critical extension is not understood must be refused (RFC 5280)");
            }
        }
        if (!problems.isEmpty()) {
            return Check.fail("signature-algorithms", String.join("; ", problems));
        }
        return Check.pass("signature-algorithms", "digest " + digest + ", signature " + SIGNATURES.getOrDefault(signature,
                "RSA PKCS#1 v1.5") + "; " + String.join(", ", keys) + "; no unknown critical extension");
    }

    /** "EC P-384", "RSA-4096", or "refused: " and why. */
    private static String key(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return AlgorithmRules.RSA_BITS.contains(bits) ? "RSA-" + bits
                    : "refused: an RSA-" + bits + " key; the ceremony makes RSA keys of " + new TreeSet<>(AlgorithmRules.RSA_BITS)
                    + " bits only";
        }
        if (key instanceof ECPublicKey) {
            ASN1Encodable params = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getParameters();
            String curve = params instanceof ASN1ObjectIdentifier oid ? CURVE_NAMES.get(oid.getId()) : null;
            if (curve == null || !AlgorithmRules.CURVES.contains(curve)) {
                return "refused: an EC key on " + (params instanceof ASN1ObjectIdentifier oid ? "curve " + oid.getId()
                        : "explicit curve parameters") + "; the ceremony uses " + AlgorithmRules.CURVES + " only";
            }
            return "EC " + curve;
        }
        return "refused: a " + key.getAlgorithm() + " key; the ceremony uses RSA and EC keys only";
    }

    /**
     * True if the two certificates other than {@code signer} are its issuer, not self-issued (a
     * ceremony CA), and that issuer's self-issued issuer (the root): nothing off the chain.
     */
    private static boolean throughCeremonyCa(X509Certificate signer, List<X509Certificate> certificates) {
        List<X509Certificate> others = certificates.stream().filter(c -> !c.equals(signer)).toList();
        X509Certificate ca = others.stream().filter(c -> c.getSubjectX500Principal()
                .equals(signer.getIssuerX500Principal())).findFirst().orElse(null);
        if (ca == null || ca.getSubjectX500Principal().equals(ca.getIssuerX500Principal())) {
            return false;
        }
        return others.stream().anyMatch(c -> c != ca && c.getSubjectX500Principal().equals(ca.getIssuerX500Principal())
                && c.getSubjectX500Principal().equals(c.getIssuerX500Principal()));
    }

    private static Check encoding(byte[] file, int[] r, String hex, byte[] asRead, ASN1Primitive first, CMSSignedData cms,
                                  SignerInformation info, X509Certificate signer) {
        if (!hex.equals(hex.toUpperCase(java.util.Locale.ROOT))) {
            return Check.fail("cms-encoding", "/Contents is written in lower-case hexadecimal; KeyCeremony writes it "
                    + "upper-case: the same signature spelt otherwise changes the file's bytes outside the signed range");
        }
        try {
            if (!Arrays.equals(first.getEncoded(ASN1Encoding.DER), asRead)) {
                return Check.fail("cms-encoding", "the CMS is not DER-encoded (BER, e.g. indefinite lengths): a "
                        + "re-encoding of the signature that changes the file without the key");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (var holder : cms.getCertificates().getMatches(null)) {
                certificates.add(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder));
            }
            if (certificates.size() < 2 || certificates.size() > 3 || !certificates.contains(signer)
                    || certificates.size() == 3 && !throughCeremonyCa(signer, certificates)) {
                return Check.fail("cms-encoding", "the CMS holds " + certificates.size() + " certificates; KeyCeremony "
                        + "embeds exactly two, the signer's and the root's, or three when a ceremony CA issued the "
                        + "signer's certificate (signer, that CA, the root)");
            }
            if (org.bouncycastle.asn1.cms.SignedData.getInstance(cms.toASN1Structure().getContent()).getCRLs() != null) {
                return Check.fail("cms-encoding", "the CMS holds revocation data; KeyCeremony embeds none");
            }
            if (info.getUnsignedAttributes() != null) {
                return Check.fail("cms-encoding", "the CMS carries unsigned attributes; KeyCeremony writes none "
                        + "(anyone can add them without the key)");
            }
            BigInteger n = EcdsaValue.order(signer);
            String ecdsa = n == null ? null : EcdsaValue.problem(info.getSignature(), n);
            if (ecdsa != null) {
                return Check.fail("cms-encoding", ecdsa);
            }
            List<X509Certificate> chain = new ArrayList<>(List.of(signer));
            certificates.stream().filter(c -> !c.equals(signer)).forEach(chain::add);
            byte[] expected = TranscriptSigner.cms(replay(signer, info.getSignature()), chain, signedBytes(file, r));
            if (!Arrays.equals(expected, asRead)) {
                return Check.fail("cms-encoding", "the CMS differs from the one KeyCeremony writes for this signer, "
                        + "these bytes and this signature value (its algorithms, attributes or unsigned parts differ)");
            }
        } catch (IOException | CMSException | OperatorCreationException | java.security.GeneralSecurityException
                 | RuntimeException e) {
            return Check.fail("cms-encoding", "the CMS cannot be re-made for comparison (" + e.getClass().getSimpleName()
                    + ")");
        }
        return Check.pass("cms-encoding", "upper-case hex of a DER CMS with the signer's and the root's certificates"
                + (EcdsaValue.order(signer) == null ? "" : ", low-S ECDSA") + ", as KeyCeremony writes it");
    }

    /** What the signature covers: the file without the /Contents value (the byte range was checked before). */
    private static byte[] signedBytes(byte[] file, int[] r) {
        byte[] signed = new byte[r[1] + r[3]];
        System.arraycopy(file, 0, signed, 0, r[1]);
        System.arraycopy(file, r[2], signed, r[1], r[3]);
        return signed;
    }

    /** A content signer that "signs" with the value found in the file, under the algorithm this signer's key uses. */
    private static ContentSigner replay(X509Certificate signer, byte[] value) {
        AlgorithmIdentifier algorithm = TranscriptSigner.algorithmIdentifier(signer);
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public byte[] getSignature() {
                return value.clone();
            }
        };
    }

    private static String name(String oid) {
        return REFUSED.containsKey(oid) ? REFUSED.get(oid) + " (" + oid + ")" : DIGESTS.getOrDefault(oid,
                SIGNATURES.getOrDefault(oid, "algorithm " + oid));
    }
}
