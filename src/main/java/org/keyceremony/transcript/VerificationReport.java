package org.keyceremony.transcript;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of verifying one transcript: every check with its reason. The transcript is
 * valid only if every check passed and none of the required ones is missing.
 *
 * @param source        the file name (or another label) the report is about
 * @param keyProtection who can take each key out, as the embedded log records it
 *                      ({@link ProtectionNotes#summary}); facts for the auditor, not checks
 */
public record VerificationReport(String source, List<Check> checks, List<String> keyProtection) {

    /** The checks a valid transcript must pass; {@code root-fingerprint} is added when one is expected. */
    public static final List<String> REQUIRED = List.of("parses", "file-complete", "one-signature", "byte-range",
            "signature", "signing-certificate", "chain", "signature-algorithms", "cms-encoding", "signer-of-ceremony",
            "signing-time", "ceremony-complete", "issued-objects", "attachments", "pages-reproduced", "signing-revision",
            "no-changes-after-signing", "no-hidden-content", "pdfa-identification", "event-log", "footer-hash",
            "printed-facts");

    public VerificationReport {
        // A file name is chosen by whoever handed the file over: shown, never interpreted (see Check).
        source = Check.printable(source);
        checks = List.copyOf(checks);
        keyProtection = keyProtection.stream().map(Check::printable).toList();
    }

    public VerificationReport(String source, List<Check> checks) {
        this(source, checks, List.of());
    }

    public boolean valid() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed)
                && REQUIRED.stream().allMatch(r -> checks.stream().anyMatch(c -> c.name().equals(r)));
    }

    /** The failed checks, in order. */
    public List<Check> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** The check called {@code name}, if it ran. */
    public java.util.Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** A JSON object: {@code {"file":…, "valid":…, "checks":[{"name","passed","reason"}…]}}. */
    public Map<String, Object> toJsonObject() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", source);
        m.put("valid", valid());
        List<Object> list = new ArrayList<>();
        for (Check c : checks) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("passed", c.passed());
            cm.put("reason", c.reason());
            list.add(cm);
        }
        m.put("checks", list);
        m.put("keyProtection", List.copyOf(keyProtection));
        return m;
    }
}
