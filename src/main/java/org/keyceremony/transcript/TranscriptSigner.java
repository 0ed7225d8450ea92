package org.keyceremony.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.keyceremony.base.KeyCeremonyException;

/**
 * Signs an unsigned transcript with a PAdES B-B signature ({@code /SubFilter
 * /ETSI.CAdES.detached}): a detached CMS made by Bouncy Castle over the whole file, with the
 * signing-certificate-v2 attribute and the chain (transcript-signing certificate and root)
 * embedded. The private key is used only through a {@link ContentSigner} built on the
 * given provider, so an HSM key (SunPKCS11) never leaves the HSM.
 */
public final class TranscriptSigner {
    /**
     * Bytes reserved for the CMS in {@code /Contents}. A usual chain with an RSA-4096 root needs
     * about 6 KiB; the longest subject a script may give (10 attributes at their RFC 5280 bounds,
     * all 4-byte characters: 4,138 bytes, present five times in the CMS) measured 23,316 bytes
     * ({@code LongestSubjectSignatureTest}), so 32 KiB leaves room for a longer chain.
     */
    static final int RESERVED = 32 * 1024;

    private final ContentSigner contentSigner;
    private final SigningChain chain;

    private TranscriptSigner(ContentSigner contentSigner, SigningChain chain) {
        // The verifier accepts one encoding of each signature (cms-encoding): ECDSA low-S.
        this.contentSigner = EcdsaValue.lowS(contentSigner, chain.signer());
        this.chain = chain;
    }

    /**
     * A signer using {@code privateKey} through {@code provider} (SunPKCS11 in a ceremony).
     *
     * @param signer the transcript-signing certificate (issued by {@code root})
     * @param root   the self-signed root certificate, embedded so an auditor can check the chain
     */
    public static TranscriptSigner withKey(PrivateKey privateKey, Provider provider, X509Certificate signer,
                                           X509Certificate root) throws KeyCeremonyException {
        return withKey(privateKey, provider, SigningChain.of(signer, root));
    }

    /** A signer using {@code privateKey} through {@code provider}, embedding {@code chain}. */
    public static TranscriptSigner withKey(PrivateKey privateKey, Provider provider, SigningChain chain)
            throws KeyCeremonyException {
        String algorithm = signatureAlgorithm(chain.signer());
        try {
            JcaContentSignerBuilder builder = new JcaContentSignerBuilder(algorithm);
            if (provider != null) {
                builder.setProvider(provider);
            }
            return new TranscriptSigner(builder.build(privateKey), chain);
        } catch (OperatorCreationException | RuntimeException e) {
            throw new KeyCeremonyException("The transcript-signing key cannot sign with " + algorithm
                    + ". Check that the HSM session is logged in and the key is the one certified for transcripts.", e);
        }
    }

    /**
     * A signer over a ready {@link ContentSigner} (its algorithm must match the certificate's key).
     * An ECDSA signature it returns is normalised to low-S, as every signature this class writes.
     */
    public static TranscriptSigner withContentSigner(ContentSigner contentSigner, X509Certificate signer,
                                                     X509Certificate root) {
        return new TranscriptSigner(contentSigner, SigningChain.of(signer, root));
    }

    /** The signature algorithm's identifier as the CMS of {@code cert}'s key carries it. */
    static AlgorithmIdentifier algorithmIdentifier(X509Certificate cert) {
        return new DefaultSignatureAlgorithmIdentifierFinder().find(signatureAlgorithm(cert));
    }

    static String signatureAlgorithm(X509Certificate cert) {
        if (cert.getPublicKey() instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return "SHA256withRSA";
    }

    /**
     * Returns the signed transcript: the unsigned bytes followed by one incremental update
     * that holds the signature, whose byte range covers the whole returned file.
     *
     * @param signingTime the claimed signing time ({@code /M}); PAdES B-B carries no signing-time attribute
     */
    public byte[] sign(byte[] unsignedPdf, Instant signingTime, String signerName, String reason)
            throws KeyCeremonyException {
        try {
            return incremental(unsignedPdf, signingTime, signerName, reason, this::cms, new int[1][]);
        } catch (IOException | CMSException | OperatorCreationException | CertificateEncodingException
                 | RuntimeException e) {
            KeyCeremonyException cause = ourCause(e);
            if (cause != null) {
                // The signing provider's own failure (a token gone, a session lost) says what to do.
                throw new KeyCeremonyException("The transcript could not be signed: " + cause.getMessage(), e);
            }
            throw new KeyCeremonyException("The transcript could not be signed (" + e.getClass().getSimpleName()
                    + "). Check that the HSM is connected and logged in, then sign again from the event log.", e);
        }
    }

    /** A signed file without its signature value, and where that value goes ({@code /ByteRange}). */
    record Template(byte[] bytes, int[] byteRange) {
    }

    /** Makes the CMS over the signed byte range. */
    @FunctionalInterface
    interface CmsMaker {
        byte[] cms(InputStream signedContent) throws IOException, CMSException, OperatorCreationException,
                CertificateEncodingException, KeyCeremonyException;
    }

    /**
     * The signed file as {@link #sign} writes it, with an empty /Contents (all zeros): what the
     * signing revision must be, byte for byte, apart from the signature itself. The verifier
     * compares a transcript's signing revision with it ({@link Reproduction}).
     */
    static Template withoutSignature(byte[] unsignedPdf, Instant signingTime, String signerName, String reason)
            throws IOException {
        try {
            int[][] range = new int[1][];
            byte[] bytes = incremental(unsignedPdf, signingTime, signerName, reason, content -> new byte[0], range);
            return new Template(bytes, range[0]);
        } catch (CMSException | OperatorCreationException | CertificateEncodingException | KeyCeremonyException e) {
            throw new IOException("the signing revision cannot be rendered", e);
        }
    }

    /**
     * The unsigned bytes followed by one incremental update that holds the signature dictionary,
     * its field and widget, and /Contents with {@code maker}'s CMS. Deterministic but for the CMS:
     * the signing time, names and document id come from the arguments and the unsigned file.
     */
    private static byte[] incremental(byte[] unsignedPdf, Instant signingTime, String signerName, String reason,
                                      CmsMaker maker, int[][] byteRange) throws IOException, CMSException, OperatorCreationException,
            CertificateEncodingException, KeyCeremonyException {
        try (PDDocument document = Loader.loadPDF(unsignedPdf)) {
            // PDFBox hashes this into the new second half of /ID; unset, it hashes the clock.
            document.setDocumentId(signingTime.getEpochSecond());
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(signerName);
            signature.setReason(reason);
            Calendar when = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            when.setTimeInMillis(signingTime.toEpochMilli() / 1000 * 1000);
            signature.setSignDate(when);
            ByteArrayOutputStream out = new ByteArrayOutputStream(unsignedPdf.length + 2 * RESERVED + 4096);
            try (SignatureOptions options = new SignatureOptions()) {
                options.setPreferredSignatureSize(RESERVED);
                document.addSignature(signature, options);
                ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
                byte[] cms = maker.cms(external.getContent());
                if (cms.length > RESERVED) {
                    throw new KeyCeremonyException("The transcript signature (" + cms.length
                            + " bytes) does not fit the space reserved for it; this is a defect, please report it.");
                }
                external.setSignature(cms);
            }
            byteRange[0] = signature.getByteRange();
            return out.toByteArray();
        }
    }

    /** The first of our own exceptions in the cause chain: their messages are written for people and carry no secret. */
    private static KeyCeremonyException ourCause(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof KeyCeremonyException k) {
                return k;
            }
        }
        return null;
    }

    private byte[] cms(InputStream content) throws IOException, CMSException, OperatorCreationException,
            CertificateEncodingException {
        return cms(contentSigner, chain.certificates(), content.readAllBytes());
    }

    /**
     * The DER of the detached CMS this class writes over {@code data}: the one construction the
     * signer uses and the verifier repeats (with the file's signature value) to prove that a
     * transcript's CMS is byte for byte what KeyCeremony writes.
     */
    static byte[] cms(ContentSigner contentSigner, List<X509Certificate> certificates, byte[] data)
            throws CMSException, OperatorCreationException, CertificateEncodingException, IOException {
        X509Certificate signer = certificates.get(0);
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        SignerInfoGenerator info = new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .setSignedAttributeGenerator(padesAttributes(signer))
                .build(contentSigner, signer);
        generator.addSignerInfoGenerator(info);
        generator.addCertificates(new JcaCertStore(certificates));
        CMSSignedData signed = generator.generate(new CMSProcessableByteArray(data), false);
        return signed.toASN1Structure().getEncoded("DER");
    }

    /**
     * Content type, message digest, CMS algorithm protection and signing-certificate-v2 —
     * and no signing-time attribute, which PAdES baseline signatures must not carry.
     */
    static CMSAttributeTableGenerator padesAttributes(X509Certificate signer)
            throws CertificateEncodingException {
        byte[] certHash;
        try {
            certHash = MessageDigest.getInstance("SHA-256").digest(signer.getEncoded());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
        ESSCertIDv2 id = new ESSCertIDv2(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), certHash);
        Attribute signingCertificate = new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {id})));
        return parameters -> {
            @SuppressWarnings("unchecked")
            Map<Object, Object> p = parameters;
            AttributeTable table = new DefaultSignedAttributeTableGenerator().getAttributes(p);
            table = table.remove(CMSAttributes.signingTime);
            ASN1EncodableVector v = table.toASN1EncodableVector();
            v.add(signingCertificate);
            return new AttributeTable(v);
        };
    }
}
