package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.keyceremony.script.KeyUsageBit;

import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the witness hears before the root signs a certificate: read from the TBSCertificate itself,
 * not from the request, so that the words describe the bytes that will be signed. One line a field,
 * one line an extension in the certificate's order, and last the TBS SHA-256.
 */
final class CertificateSummary {
    /** Names of the key purposes and policies a root's certificates carry, for the witness and the lint's messages. */
    static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("1.3.6.1.5.5.7.3.1", "serverAuth"), Map.entry("1.3.6.1.5.5.7.3.2", "clientAuth"),
            Map.entry("1.3.6.1.5.5.7.3.3", "codeSigning"), Map.entry("1.3.6.1.5.5.7.3.4", "emailProtection"),
            Map.entry("1.3.6.1.5.5.7.3.8", "timeStamping"), Map.entry("1.3.6.1.5.5.7.3.9", "OCSPSigning"),
            Map.entry("2.5.29.37.0", "anyExtendedKeyUsage"), Map.entry("1.3.6.1.4.1.11129.2.4.4", "Precertificate Signing"),
            Map.entry("2.23.140.1.2.1", "CA/B Forum domain validated"), Map.entry("2.23.140.1.2.2", "CA/B Forum organization validated"),
            Map.entry("2.23.140.1.2.3", "CA/B Forum individual validated"), Map.entry("2.23.140.1.1", "CA/B Forum extended validation"),
            Map.entry("2.5.29.32.0", "anyPolicy"));

    private CertificateSummary() {
    }

    static List<String> lines(CertificateRequest request, TBSCertificate tbs, String sigAlg, String tbsSha256) {
        List<String> lines = new ArrayList<>();
        lines.add("Profile: " + request.profile().name());
        lines.add("Subject: " + new X500Principal(der(tbs.getSubject())).getName());
        lines.add("Issuer: " + new X500Principal(der(tbs.getIssuer())).getName());
        lines.add("Serial: " + CrlLint.hex(tbs.getSerialNumber().getValue()));
        lines.add("Valid from: " + tbs.getStartDate().getDate().toInstant());
        lines.add("Valid to: " + tbs.getEndDate().getDate().toInstant());
        lines.add("Subject key: " + request.subjectKey().describe());
        Extensions extensions = tbs.getExtensions();
        for (ASN1ObjectIdentifier oid : extensions == null ? new ASN1ObjectIdentifier[0] : extensions.getExtensionOIDs()) {
            Extension e = extensions.getExtension(oid);
            lines.add(describe(e) + (e.isCritical() ? " (critical)" : ""));
        }
        lines.add("Signature algorithm: " + sigAlg);
        lines.add("To be signed, SHA-256: " + tbsSha256);
        return lines;
    }

    /** An extension in plain words, e.g. {@code Basic constraints: a CA, path length 0}. */
    static String describe(Extension e) {
        ASN1ObjectIdentifier oid = e.getExtnId();
        if (oid.equals(Extension.keyUsage)) {
            KeyUsage usage = KeyUsage.getInstance(e.getParsedValue());
            return "Key usage: " + Stream.of(KeyUsageBit.values()).filter(b -> usage.hasUsages(RootKeyUsage.mask(b)))
                    .map(KeyUsageBit::yamlName).collect(Collectors.joining(", "));
        }
        if (oid.equals(Extension.extendedKeyUsage)) {
            return "Extended key usage: " + Stream.of(ExtendedKeyUsage.getInstance(e.getParsedValue()).getUsages())
                    .map(KeyPurposeId::toOID).map(CertificateSummary::named).collect(Collectors.joining(", "));
        }
        if (oid.equals(Extension.basicConstraints)) {
            BasicConstraints bc = BasicConstraints.getInstance(e.getParsedValue());
            return "Basic constraints: " + (!bc.isCA() ? "not a CA" : bc.getPathLenConstraint() == null ? "a CA, no path length limit"
                    : "a CA, path length " + bc.getPathLenConstraint());
        }
        if (oid.equals(Extension.subjectKeyIdentifier)) {
            return "Subject key identifier: " + HexFormat.of().formatHex(SubjectKeyIdentifier.getInstance(e.getParsedValue()).getKeyIdentifier());
        }
        if (oid.equals(Extension.authorityKeyIdentifier)) {
            AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(e.getParsedValue());
            return "Authority key identifier: " + (aki.getKeyIdentifierObject() == null ? "(no key identifier)"
                    : HexFormat.of().formatHex(aki.getKeyIdentifierObject().getOctets()));
        }
        if (oid.equals(Extension.authorityInfoAccess)) {
            return "Authority information access: " + Stream.of(AuthorityInformationAccess.getInstance(e.getParsedValue()).getAccessDescriptions())
                    .map(a -> (a.getAccessMethod().equals(AccessDescription.id_ad_caIssuers) ? "CA issuers "
                            : a.getAccessMethod().equals(AccessDescription.id_ad_ocsp) ? "OCSP " : a.getAccessMethod().getId() + " ")
                            + name(a.getAccessLocation())).collect(Collectors.joining(", "));
        }
        if (oid.equals(Extension.nameConstraints)) {
            NameConstraints nc = NameConstraints.getInstance(e.getParsedValue());
            return "Name constraints: permitted " + subtrees(nc.getPermittedSubtrees()) + "; excluded " + subtrees(nc.getExcludedSubtrees());
        }
        if (oid.equals(Extension.certificatePolicies)) {
            return "Certificate policies: " + Stream.of(CertificatePolicies.getInstance(e.getParsedValue()).getPolicyInformation())
                    .map(CertificateSummary::policy).collect(Collectors.joining(", "));
        }
        if (oid.equals(Extension.cRLDistributionPoints)) {
            return "CRL distribution points: " + Stream.of(CRLDistPoint.getInstance(e.getParsedValue()).getDistributionPoints())
                    .map(CertificateSummary::point).collect(Collectors.joining("; "));
        }
        if (oid.equals(SubordinateExtensions.OCSP_NOCHECK)) {
            return "OCSP no check: relying parties do not check this responder's own revocation";
        }
        return "Extension " + oid.getId() + ": " + e.getExtnValue().getOctets().length + " bytes";
    }

    /** A key purpose or policy OID with its name, e.g. {@code serverAuth (1.3.6.1.5.5.7.3.1)}. */
    static String named(ASN1ObjectIdentifier oid) {
        String name = NAMES.get(oid.getId());
        return name == null ? oid.getId() : name + " (" + oid.getId() + ")";
    }

    private static String policy(PolicyInformation p) {
        StringBuilder s = new StringBuilder(named(p.getPolicyIdentifier()));
        if (p.getPolicyQualifiers() != null) {
            for (int i = 0; i < p.getPolicyQualifiers().size(); i++) {
                PolicyQualifierInfo q = PolicyQualifierInfo.getInstance(p.getPolicyQualifiers().getObjectAt(i));
                s.append(" CPS ").append(q.getQualifier());
            }
        }
        return s.toString();
    }

    private static String point(DistributionPoint p) {
        if (p.getDistributionPoint() == null || p.getDistributionPoint().getType() != 0) {
            return "(not a full name)";
        }
        return Stream.of(GeneralNames.getInstance(p.getDistributionPoint().getName()).getNames()).map(CertificateSummary::name)
                .collect(Collectors.joining(", "));
    }

    private static String subtrees(GeneralSubtree[] trees) {
        return trees == null ? "(none)" : Stream.of(trees).map(t -> NameConstraintSpelling.describe(t.getBase())).collect(Collectors.joining(", "));
    }

    private static String name(GeneralName n) {
        return n.getTagNo() == GeneralName.uniformResourceIdentifier ? n.getName().toString() : n.toString();
    }

    private static byte[] der(org.bouncycastle.asn1.ASN1Object value) {
        try {
            return value.getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
