package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.keyceremony.base.Digests;
import org.keyceremony.ceremony.pki.SubjectKeyInput.ExistingCertificate;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The extensions of a certificate the root issues, in the order and encodings Let's Encrypt's 2024
 * intermediates have (E5–E9 and their cross-signs, R10–R14, made by Boulder's ceremony tool through Go's
 * crypto/x509; {@code LetsEncryptIntermediatesTest} holds us to them byte for byte):
 * keyUsage (critical), extendedKeyUsage (the profile's order), basicConstraints (critical),
 * subjectKeyIdentifier, authorityKeyIdentifier (keyIdentifier only: the issuer's SKI),
 * authorityInfoAccess (OCSP, then caIssuers), nameConstraints (critical), certificatePolicies,
 * cRLDistributionPoints (one DistributionPoint whose fullName holds the URIs), and, for an OCSP
 * responder only, id-pkix-ocsp-nocheck (NULL) last. What the profile has nothing for is left out.
 */
final class SubordinateExtensions {
    static final ASN1ObjectIdentifier OCSP_NOCHECK = OCSPObjectIdentifiers.id_pkix_ocsp_nocheck;

    private SubordinateExtensions() {
    }

    static void add(X509v3CertificateBuilder b, CertificateRequest r) throws CertIOException, GeneralSecurityException {
        IssuanceProfile p = r.profile();
        if (!p.keyUsage().isEmpty()) {
            b.addExtension(Extension.keyUsage, true, RootKeyUsage.of(p.keyUsage()));
        }
        if (!p.extendedKeyUsage().isEmpty()) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(p.extendedKeyUsage().stream()
                    .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid))).toArray(KeyPurposeId[]::new)));
        }
        // A CA:FALSE basicConstraints is the empty SEQUENCE (3000), as BR 7.1.2.8.4 spells it out.
        b.addExtension(Extension.basicConstraints, true, !p.isCa() ? new BasicConstraints(false)
                : p.pathLength() == null ? new BasicConstraints(true) : new BasicConstraints(p.pathLength()));
        b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(subjectKeyId(r)));
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(CertificateIssuer.rootKeyId(r.issuer())));
        List<AccessDescription> access = new ArrayList<>();
        p.ocsp().ifPresent(u -> access.add(new AccessDescription(AccessDescription.id_ad_ocsp, uri(u))));
        p.caIssuers().ifPresent(u -> access.add(new AccessDescription(AccessDescription.id_ad_caIssuers, uri(u))));
        if (!access.isEmpty()) {
            b.addExtension(Extension.authorityInfoAccess, false, AuthorityInformationAccess.getInstance(
                    new DERSequence(access.toArray(AccessDescription[]::new))));
        }
        if (p.nameConstraints().isPresent()) {
            b.addExtension(Extension.nameConstraints, true, new NameConstraints(subtrees(p.nameConstraints().get().permitted()),
                    subtrees(p.nameConstraints().get().excluded())));
        }
        if (!p.certificatePolicies().isEmpty()) {
            b.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(p.certificatePolicies().stream()
                    .map(SubordinateExtensions::policy).toArray(PolicyInformation[]::new)));
        }
        if (!p.crlDistributionPoints().isEmpty()) {
            GeneralNames names = new GeneralNames(p.crlDistributionPoints().stream().map(SubordinateExtensions::uri).toArray(GeneralName[]::new));
            b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(names), null, null)}));
        }
        if (!p.isCa()) {
            b.addExtension(OCSP_NOCHECK, false, DERNull.INSTANCE);
        }
    }

    /**
     * The subject's key identifier: for a cross-certificate the existing certificate's own, so that
     * the certificates its CA issued (whose AKI names it) chain through either; otherwise RFC 7093
     * section 2 method 1, the leftmost 160 bits of the SHA-256 of the subjectPublicKey bits, as Let's
     * Encrypt's 2024 intermediates have it (their roots have RFC 5280's SHA-1 method 1).
     */
    static byte[] subjectKeyId(CertificateRequest r) {
        if (r.profile().name().equals(IssuanceProfile.CROSS) && r.subjectKey() instanceof ExistingCertificate e) {
            byte[] ski = e.cert().getExtensionValue(Extension.subjectKeyIdentifier.getId());
            if (ski != null) {
                return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ski).getOctets()).getKeyIdentifier();
            }
        }
        return methodOne256(SubjectPublicKeyInfo.getInstance(r.subjectKey().spkiDer()));
    }

    /** RFC 7093 section 2 method 1: SHA-256 of the subjectPublicKey BIT STRING's value, leftmost 160 bits. */
    static byte[] methodOne256(SubjectPublicKeyInfo spki) {
        return Arrays.copyOf(Digests.sha256().digest(spki.getPublicKeyData().getBytes()), 20);
    }

    private static GeneralName uri(String u) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, u);
    }

    private static PolicyInformation policy(IssuanceProfile.PolicyInformation p) {
        ASN1ObjectIdentifier oid = new ASN1ObjectIdentifier(p.oid());
        return p.cpsUri().isEmpty() ? new PolicyInformation(oid)
                : new PolicyInformation(oid, new DERSequence(new PolicyQualifierInfo(p.cpsUri().get())));
    }

    private static GeneralSubtree[] subtrees(List<String> entries) {
        return entries.isEmpty() ? null : entries.stream().map(e -> new GeneralSubtree(NameConstraintSpelling.generalName(e)))
                .toArray(GeneralSubtree[]::new);
    }
}
