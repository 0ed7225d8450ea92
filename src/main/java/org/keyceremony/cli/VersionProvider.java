package org.keyceremony.cli;

import picocli.CommandLine;

/** {@code ceremony --version}: product version, JDK and OS. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = CeremonyCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "KeyCeremony " + (v == null ? "(development build)" : v),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
            "OS " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
        };
    }
}
