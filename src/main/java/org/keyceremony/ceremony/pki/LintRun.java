package org.keyceremony.ceremony.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.keyceremony.ceremony.pki.CrlLint.LintFinding;
import org.keyceremony.ceremony.pki.CrlLint.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The findings of one run of the certificate linters, in the order their rules ran. A rule is a
 * check that says what is wrong, or null; a rule that cannot even read its field is broken too (an
 * ERROR naming what could not be read), so a malformed extension never passes silently.
 */
final class LintRun {
    private final List<LintFinding> findings = new ArrayList<>();

    /** Runs a rule whose problems are ERRORs. */
    void check(String rule, String section, Supplier<String> check) {
        check(rule, section, Severity.ERROR, check);
    }

    /** Runs a rule whose problems are of {@code severity}. */
    void check(String rule, String section, Severity severity, Supplier<String> check) {
        try {
            String problem = check.get();
            if (problem != null) {
                add(rule, section, severity, problem);
            }
        } catch (RuntimeException e) {
            add(rule, section, Severity.ERROR, "could not be checked: the field does not parse (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The extension of {@code oid}, or null (also when the certificate has no extensions at all: a v1 one). */
    static Extension extension(Extensions all, ASN1ObjectIdentifier oid) {
        return all == null ? null : all.getExtension(oid);
    }

    void add(String rule, String section, Severity severity, String message) {
        findings.add(new LintFinding(rule, section, severity, message));
    }

    List<LintFinding> findings() {
        return List.copyOf(findings);
    }
}
