package org.keyceremony.ceremony.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildStampTest {

    @Test
    void theBuildRecordedItsVersionAndCommit() {
        BuildStamp stamp = BuildStamp.ofThisBuild();

        // Maven filtered build-info.properties: no placeholder left, a real version, a commit or "unknown".
        assertThat(stamp.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(stamp.commit()).matches("[0-9a-f]{40}(-dirty)?|unknown");
        assertThat(stamp.describe()).isEqualTo(stamp.version() + ", commit " + stamp.commit());
    }

    @Test
    void anUnfilteredOrBlankValueMeansTheBuildDidNotKnow() {
        assertThat(BuildStamp.clean("${keyceremony.commit}", "unknown")).isEqualTo("unknown");
        assertThat(BuildStamp.clean("  ", "unknown")).isEqualTo("unknown");
        assertThat(BuildStamp.clean(null, "development build")).isEqualTo("development build");
        assertThat(BuildStamp.clean(" 0123abcd-dirty\n", "unknown")).isEqualTo("0123abcd-dirty");
    }
}
