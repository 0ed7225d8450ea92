package org.keyceremony.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keyceremony.ceremony.preflight.SoftwareIdentity;

import picocli.CommandLine;

/**
 * {@code ceremony --version}: product version and commit, the SHA-256 of the application jars
 * (combined, and one line per jar in {@code sha256sum} format), the Java runtime with the
 * SHA-256 of its module image, and the OS: what the witnesses compare with the published
 * SHA256SUMS before the ceremony starts.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        SoftwareIdentity id = SoftwareIdentity.ofRunningApplication();
        List<String> lines = new ArrayList<>();
        lines.add("KeyCeremony " + id.version());
        lines.add("Commit " + id.commit());
        lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
                + " at " + id.runtimeHome());
        lines.add("Java modules SHA-256 " + id.runtimeModulesSha256());
        lines.add("OS " + id.os());
        lines.add("Jars SHA-256 (combined) " + id.combinedSha256());
        id.jarSha256().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> lines.add(e.getValue() + "  " + e.getKey()));
        return lines.toArray(String[]::new);
    }
}
