package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.keyceremony.script.CertificateProfile;
import org.keyceremony.script.RootCertificateRules;
import org.keyceremony.base.KeyCeremonyException;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a built root certificate against the profile and the CA/B Forum root rules (BR 7.1.2.1):
 * what the builder should have made by construction, checked on the certificate itself.
 */
public final class CertificateLint {
    private CertificateLint() {
    }

    public static void checkRoot(X509CertificateHolder cert, CertificateProfile profile, Instant signing)
            throws KeyCeremonyException {
        List<String> problems = new ArrayList<>();
        if (cert.getVersionNumber() != 3) {
            problems.add("not an X.509 v3 certificate");
        }
        if (cert.getSerialNumber().signum() <= 0 || cert.getSerialNumber().bitLength() < 64) {
            problems.add("serial is not a positive number of at least 64 bits");
        }
        if (!cert.getSubject().equals(cert.getIssuer())) {
            problems.add("subject and issuer differ");
        }
        Extension bc = cert.getExtension(Extension.basicConstraints);
        if (bc == null || !bc.isCritical() || !BasicConstraints.getInstance(bc.getParsedValue()).isCA()) {
            problems.add("basicConstraints must be present, critical and CA:TRUE");
        } else {
            java.math.BigInteger pl = BasicConstraints.getInstance(bc.getParsedValue()).getPathLenConstraint();
            Integer expected = profile.pathLength();
            if (expected == null ? pl != null : pl == null || pl.intValue() != expected) {
                problems.add("basicConstraints pathLen differs from the profile");
            }
        }
        Extension ku = cert.getExtension(Extension.keyUsage);
        if (ku == null || !ku.isCritical()
                || !KeyUsage.getInstance(ku.getParsedValue()).equals(RootKeyUsage.of(profile.keyUsage()))) {
            problems.add("keyUsage must be critical with exactly the profile's bits");
        }
        List<ASN1ObjectIdentifier> order = Arrays.asList(cert.getExtensions().getExtensionOIDs());
        if (!order.equals(List.of(Extension.keyUsage, Extension.basicConstraints, Extension.subjectKeyIdentifier))) {
            problems.add("extensions must be keyUsage, basicConstraints, subjectKeyIdentifier in that order");
        }
        if (cert.getExtension(Extension.extendedKeyUsage) != null) {
            problems.add("a root certificate must not carry an extendedKeyUsage");
        }
        if (cert.getExtension(Extension.subjectKeyIdentifier) == null) {
            problems.add("subjectKeyIdentifier missing");
        }
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        if (!notBefore.equals(profile.validity().notBefore(signing)) || !notAfter.equals(profile.validity().notAfter(signing))) {
            problems.add("validity differs from the profile");
        }
        Duration period = Duration.between(notBefore, notAfter).plusSeconds(1);
        if (period.compareTo(Duration.ofDays(2922)) < 0 || period.compareTo(Duration.ofDays(9132)) > 0) {
            problems.add("validity period not within 2922 to 9132 days (BR 7.1.2.1.1)");
        }
        RootCertificateRules.checkSigningTime(profile, signing).ifPresent(f -> problems.add(f.describe()));
        if (!problems.isEmpty()) {
            throw new KeyCeremonyException("The root certificate built from the profile failed its checks: "
                    + String.join("; ", problems) + ". Nothing was signed by the HSM. Correct the script's profile.");
        }
    }
}
