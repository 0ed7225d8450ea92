package org.keyceremony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keyceremony.ceremony.preflight.SoftwareIdentity;

class VersionProviderTest {

    @Test
    void versionShowsCommitRuntimeAndEveryJarInSha256sumFormat() throws Exception {
        List<String> lines = List.of(new VersionProvider().getVersion());
        SoftwareIdentity id = SoftwareIdentity.ofRunningApplication();

        assertThat(lines.subList(0, 6)).containsExactly(
                "KeyCeremony " + id.version(),
                "Commit " + id.commit(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at "
                        + System.getProperty("java.home"),
                "Java modules SHA-256 " + id.runtimeModulesSha256(),
                "OS " + id.os(),
                "Jars SHA-256 (combined) " + id.combinedSha256());
        List<String> jarLines = lines.subList(6, lines.size());
        assertThat(id.jarSha256()).isNotEmpty();
        assertThat(jarLines).hasSize(id.jarSha256().size()).allMatch(l -> l.matches("[0-9a-f]{64}  \\S+\\.jar"));
        // sha256sum's format and order (by name), so that a witness can diff it against SHA256SUMS.
        assertThat(jarLines.stream().map(l -> l.substring(66)).toList()).isSorted();
        id.jarSha256().forEach((jar, sum) -> assertThat(jarLines).contains(sum + "  " + jar));
    }
}
