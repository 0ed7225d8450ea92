package org.keyceremony.ceremony.backup;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.keyceremony.ceremony.pki.CertificateIssuer;
import org.keyceremony.ceremony.pki.HsmSigner;
import org.keyceremony.base.Digests;
import org.keyceremony.base.InvalidInputException;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import org.keyceremony.transcript.SigningChain;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The backup package file: a DER CMS SignedData (RFC 5652) whose encapsulated content is the
 * canonical JSON of {@link BackupMetadata}, signed in the HSM by the ceremony's
 * transcript-signing key with its certificate and the root certificate included.
 *
 * <p>Why the transcript-signing key and not the root: the root signs only certificates and
 * CRLs (key-usage separation, BR 6.1.7). The signer's chain ends at the root certificate
 * carried in the metadata, whose public key is the wrapped key's — so a package is bound
 * to its root. Any CMS tool can check it: {@code openssl cms -verify -inform DER -in F
 * -CAfile root.pem -purpose any}. See docs/formats.md, "Backup package".
 */
public final class BackupPackage {
    public static final String FORMAT = "keyceremony-backup";
    /**
     * The version written. 2 added {@code wrap.plaintextLength}; a package of version 1 (no such
     * field) is still read and restores as before: its key's length is the DER's own.
     */
    public static final long VERSION = 2;
    /** The oldest version still read. */
    public static final long FIRST_VERSION = 1;
    /** A package is small (a wrapped key and a certificate); anything far larger is refused unread. */
    public static final int MAX_BYTES = 1 << 20;

    private BackupPackage() {
    }

    /** Encodes and signs; returns the file's bytes. */
    public static byte[] sign(BackupMetadata m, HsmSigner transcriptKey, String signatureAlgorithm,
                              X509Certificate transcriptCert, X509Certificate rootCert) throws KeyCeremonyException {
        return sign(m, transcriptKey, signatureAlgorithm, SigningChain.of(transcriptCert, rootCert));
    }

    /** As above, with the certificates of {@code chain} (the ceremony CA's too, when there is one). */
    public static byte[] sign(BackupMetadata m, HsmSigner transcriptKey, String signatureAlgorithm, SigningChain chain)
            throws KeyCeremonyException {
        X509Certificate transcriptCert = chain.signer();
        if (m.plaintextLength().isEmpty()) {
            throw new IllegalArgumentException("a new backup package records its key's exact length (version " + VERSION + ")");
        }
        try {
            byte[] content = Json.canonicalBytes(toJson(m));
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).setProvider(transcriptKey.provider())
                            .build(transcriptKey.privateKey()), transcriptCert));
            gen.addCertificates(new JcaCertStore(chain.certificates()));
            return gen.generate(new CMSProcessableByteArray(content), true).getEncoded();
        } catch (OperatorCreationException | CMSException | IOException | GeneralSecurityException e) {
            throw new KeyCeremonyException("Signing the backup package failed (" + e.getClass().getSimpleName()
                    + "). Nothing was written. Retry the step; if it fails again, check the HSM.", e);
        }
    }

    /**
     * Parses and verifies a package: the CMS signature is valid, the signer's certificate is
     * issued by the root certificate in the package, and that root is the one in the metadata
     * whose public key hash is the metadata's SPKI SHA-256. Refuses everything else.
     */
    public static BackupMetadata open(byte[] file) throws InvalidInputException {
        if (file.length == 0 || file.length > MAX_BYTES) {
            throw new InvalidInputException("This is not a backup package: it is " + file.length + " bytes long.");
        }
        CMSSignedData cms;
        Collection<SignerInformation> signers;
        boolean contentTypes;
        try {
            cms = new CMSSignedData(file);
            // The wrapper's own fields are not covered by the signature: hold them to what the
            // writer produces, so that no altered variant of a package is accepted as that package.
            contentTypes = CMSObjectIdentifiers.signedData.equals(cms.toASN1Structure().getContentType())
                    && CMSObjectIdentifiers.data.getId().equals(cms.getSignedContentTypeOID());
            // Bouncy Castle parses parts of the structure lazily: a damaged signer set fails here.
            signers = cms.getSignerInfos().getSigners();
        } catch (CMSException | RuntimeException e) {
            throw new InvalidInputException("This is not a backup package, or it is corrupt or truncated: "
                    + "it does not parse as a signed CMS structure.");
        }
        if (!contentTypes) {
            throw new InvalidInputException("This is not a backup package: its CMS content types are not "
                    + "signed-data over data (it was altered, or it is another kind of file).");
        }
        if (cms.getSignedContent() == null) {
            throw new InvalidInputException("The backup package holds no signed content.");
        }
        if (signers.size() != 1) {
            throw new InvalidInputException("The backup package must carry exactly one signature, it has " + signers.size() + ".");
        }
        BackupMetadata m;
        try {
            byte[] content = (byte[]) cms.getSignedContent().getContent();
            m = fromJson(Json.parseObject(new String(content, StandardCharsets.UTF_8)));
            X509Certificate root = CertificateIssuer.parse(pemToDer(m.certificatePem()));
            if (!Digests.sha256Hex(root.getPublicKey().getEncoded()).equals(m.spkiSha256())) {
                throw new InvalidInputException("The backup package's certificate does not match its key's SPKI SHA-256.");
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
            if (matches.size() != 1) {
                throw new InvalidInputException("The backup package's signer certificate is missing.");
            }
            X509Certificate signerCert = CertificateIssuer.parse(matches.iterator().next().getEncoded());
            if (!issuedUnder(signerCert, root, cms)) {
                throw new InvalidInputException("The backup package was not signed by a key of its root: "
                        + "it is foreign or forged.");
            }
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signerCert))) {
                throw new InvalidInputException("The backup package's signature does not verify: it was altered.");
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (CMSException | OperatorCreationException | IOException | GeneralSecurityException
                 | RuntimeException e) {
            throw new InvalidInputException("The backup package's signature or content is invalid ("
                    + e.getClass().getSimpleName() + "): it was altered or is not a KeyCeremony backup.");
        }
        return m;
    }

    /**
     * True if {@code signer} was issued by {@code root}, or by a ceremony CA carried in the package
     * that the root issued (a CA whose path length is 0).
     */
    private static boolean issuedUnder(X509Certificate signer, X509Certificate root, CMSSignedData cms)
            throws IOException, GeneralSecurityException {
        if (verifies(signer, root)) {
            return true;
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> all = cms.getCertificates().getMatches(null);
        for (X509CertificateHolder h : all) {
            X509Certificate ca = CertificateIssuer.parse(h.getEncoded());
            if (ca.getBasicConstraints() == 0 && verifies(ca, root) && verifies(signer, ca)) {
                return true;
            }
        }
        return false;
    }

    private static boolean verifies(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static Map<String, Object> toJson(BackupMetadata m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", FORMAT);
        o.put("version", m.plaintextLength().isPresent() ? VERSION : FIRST_VERSION);
        o.put("ceremonyId", m.ceremonyId());
        o.put("createdAt", m.createdAt());
        o.put("rehearsal", m.rehearsal());
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("label", m.keyLabel());
        key.put("idHex", m.keyIdHex());
        key.put("algorithm", m.keyAlgorithm());
        key.put("parameters", m.keyParameters());
        key.put("spkiSha256", m.spkiSha256());
        key.put("certificatePem", m.certificatePem());
        o.put("key", key);
        Map<String, Object> wrap = new LinkedHashMap<>();
        wrap.put("mechanism", m.wrapMechanism());
        wrap.put("mechanismCode", m.wrapMechanismCode());
        wrap.put("format", "RFC 5649");
        wrap.put("wrappedKeyBase64", Base64.getEncoder().encodeToString(m.wrappedKey()));
        wrap.put("wrappedKeySha256", Digests.sha256Hex(m.wrappedKey()));
        m.plaintextLength().ifPresent(n -> wrap.put("plaintextLength", (long) n));
        o.put("wrap", wrap);
        Map<String, Object> sharing = new LinkedHashMap<>();
        sharing.put("kwkCheckValue", m.kwkCheckValueHex());
        sharing.put("threshold", (long) m.threshold());
        sharing.put("shares", (long) m.shares());
        sharing.put("shareSetId", m.shareSetIdHex());
        List<Object> records = new ArrayList<>();
        for (ShareRecord r : m.shareRecords()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("shareNumber", (long) r.shareNumber());
            s.put("custodian", r.custodian());
            s.put("cardSerial", r.cardSerial());
            s.put("cardLabel", r.cardLabel());
            s.put("commitment", r.commitmentHex());
            records.add(s);
        }
        sharing.put("records", records);
        o.put("sharing", sharing);
        return o;
    }

    static BackupMetadata fromJson(Map<String, Object> o) throws InvalidInputException {
        Fields f = new Fields(o, "");
        if (!FORMAT.equals(f.string("format"))) {
            throw new InvalidInputException("Not a KeyCeremony backup package (format is not " + FORMAT + ").");
        }
        long version = f.number("version");
        if (version < FIRST_VERSION || version > VERSION) {
            throw new InvalidInputException("backup package: version " + version + " is not one this KeyCeremony reads ("
                    + FIRST_VERSION + " to " + VERSION + "); use the KeyCeremony release that made it, or a newer one.");
        }
        Fields key = f.object("key");
        Fields wrap = f.object("wrap");
        Fields sharing = f.object("sharing");
        byte[] wrapped;
        try {
            wrapped = Base64.getDecoder().decode(wrap.string("wrappedKeyBase64"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("backup package: wrap.wrappedKeyBase64 is not Base64.");
        }
        if (!Digests.sha256Hex(wrapped).equals(wrap.string("wrappedKeySha256"))) {
            throw new InvalidInputException("backup package: the wrapped key does not match its SHA-256.");
        }
        OptionalInt plaintextLength = OptionalInt.empty();
        if (version >= 2) {
            long n = wrap.number("plaintextLength");
            WrappedKeyLength.checkAgainstWrapped(n, wrapped.length);
            plaintextLength = OptionalInt.of((int) n);
        }
        List<ShareRecord> records = new ArrayList<>();
        for (Fields r : sharing.objects("records")) {
            records.add(new ShareRecord((int) r.number("shareNumber"), r.string("custodian"), r.string("cardSerial"),
                    r.string("cardLabel"), r.string("commitment")));
        }
        return new BackupMetadata(f.string("ceremonyId"), f.string("createdAt"), f.bool("rehearsal"),
                key.string("label"), key.string("idHex"), key.string("algorithm"), key.string("parameters"),
                key.string("spkiSha256"), key.string("certificatePem"), wrap.string("mechanism"),
                wrap.number("mechanismCode"), wrapped, plaintextLength, sharing.string("kwkCheckValue"),
                (int) sharing.number("threshold"), (int) sharing.number("shares"), sharing.string("shareSetId"), records);
    }

    static byte[] pemToDer(String pem) throws InvalidInputException {
        String body = pem.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "")
                .replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("backup package: the certificate is not valid PEM.");
        }
    }
}
