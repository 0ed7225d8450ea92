package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.keyceremony.script.CertificateProfile;
import org.keyceremony.base.KeyCeremonyException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Checks a built root certificate against the profile and the CA/B Forum root rules. */
public final class CertificateLint {
    private CertificateLint() {
    }

    public static void checkRoot(X509CertificateHolder cert, CertificateProfile profile) throws KeyCeremonyException {
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
                || !KeyUsage.getInstance(ku.getParsedValue()).hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign)) {
            problems.add("keyUsage must be critical with keyCertSign and cRLSign");
        }
        if (cert.getExtension(Extension.extendedKeyUsage) != null) {
            problems.add("a root certificate must not carry an extendedKeyUsage");
        }
        if (cert.getExtension(Extension.subjectKeyIdentifier) == null) {
            problems.add("subjectKeyIdentifier missing");
        }
        long days = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).toDays();
        if (days > CertificateProfileRules.MAX_ROOT_VALIDITY_DAYS) {
            problems.add("validity longer than 25 years");
        }
        if (!problems.isEmpty()) {
            throw new KeyCeremonyException("The root certificate built from the profile failed its checks: "
                    + String.join("; ", problems) + ". Nothing was signed by the HSM. Correct the script's profile.");
        }
    }
}
