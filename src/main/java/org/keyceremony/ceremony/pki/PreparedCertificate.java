package org.keyceremony.ceremony.pki;

import org.keyceremony.ceremony.pki.CrlLint.LintFinding;
import org.keyceremony.ceremony.pki.CrlLint.Severity;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A certificate the root is to issue, built and checked but not yet signed by the HSM: what the
 * witness confirms. The {@code summary} is read aloud, its last line the TBS SHA-256 (lower-case hex
 * of the TBSCertificate's DER), which can be written down and compared with the signed certificate.
 * {@link SubordinateIssuer#sign} signs only a certificate whose contents are byte for byte these.
 */
public record PreparedCertificate(CertificateRequest request, byte[] tbsDer, String tbsSha256, List<LintFinding> findings,
                                  List<String> summary) {
    public PreparedCertificate {
        Objects.requireNonNull(request, "request");
        tbsDer = tbsDer.clone();
        Objects.requireNonNull(tbsSha256, "tbsSha256");
        findings = List.copyOf(findings);
        summary = List.copyOf(summary);
    }

    /** The DER of the TBSCertificate, a copy. */
    @Override
    public byte[] tbsDer() {
        return tbsDer.clone();
    }

    /** Whether a rule was broken that stops the signing (warnings do not). */
    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedCertificate p && request.equals(p.request) && Arrays.equals(tbsDer, p.tbsDer)
                && tbsSha256.equals(p.tbsSha256) && findings.equals(p.findings) && summary.equals(p.summary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(request, Arrays.hashCode(tbsDer), tbsSha256, findings, summary);
    }

    @Override
    public String toString() {
        return "PreparedCertificate[" + request.profile().name() + ", serial " + CrlLint.hex(request.serial()) + ", tbsSha256="
                + tbsSha256 + ", " + findings.size() + " findings]";
    }
}
