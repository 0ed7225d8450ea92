package org.keyceremony.ceremony.pki;

import org.keyceremony.ceremony.pki.CrlLint.LintFinding;
import org.keyceremony.ceremony.pki.CrlLint.Severity;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A root CRL built and checked but not yet signed by the HSM: what the witness confirms. The
 * {@code summary} is read aloud; {@code tbsSha256} (lower-case hex of the TBSCertList's DER) can be
 * written down and compared with the signed CRL. {@link CrlIssuer#sign} signs only a CRL whose
 * contents are byte for byte these.
 */
public record PreparedCrl(CrlRequest request, BigInteger crlNumber, byte[] tbsDer, String tbsSha256,
                          List<LintFinding> findings, List<String> summary) {
    public PreparedCrl {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(crlNumber, "crlNumber");
        tbsDer = tbsDer.clone();
        Objects.requireNonNull(tbsSha256, "tbsSha256");
        findings = List.copyOf(findings);
        summary = List.copyOf(summary);
    }

    /** The DER of the TBSCertList, a copy. */
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
        return o instanceof PreparedCrl p && request.equals(p.request) && crlNumber.equals(p.crlNumber)
                && Arrays.equals(tbsDer, p.tbsDer) && tbsSha256.equals(p.tbsSha256)
                && findings.equals(p.findings) && summary.equals(p.summary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(request, crlNumber, Arrays.hashCode(tbsDer), tbsSha256, findings, summary);
    }

    @Override
    public String toString() {
        return "PreparedCrl[CRL #" + crlNumber + ", " + request.entries().size() + " entries, tbsSha256=" + tbsSha256
                + ", " + findings.size() + " findings]";
    }
}
