package org.keyceremony.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** {@code policy.transcript-signer}: who certifies the transcript-signing key. */
class TranscriptSignerPolicyTest {
    private static String shipped(String name) throws Exception {
        return Files.readString(Path.of("ceremony-scripts", name + ".yaml"));
    }

    private static String withSigner(String script, String value) {
        return script.replaceFirst("  require-air-gap: true\n", "  require-air-gap: true\n  transcript-signer: " + value + "\n");
    }

    @Test
    void theRootCertifiesTheSignerUnlessTheScriptAsksForACeremonyCa() throws Exception {
        assertThat(CeremonyScripts.parse(shipped("root-key-generation"), "r.yaml").policy().transcriptSigner())
                .isEqualTo(TranscriptSignerIssuer.ROOT);
        for (String kind : new String[] {"root-key-generation", "crl-signing", "subordinate-signing", "backup-restore"}) {
            assertThat(CeremonyScripts.parse(withSigner(shipped(kind), "issued-by-ceremony-ca"), kind + ".yaml").policy()
                    .transcriptSigner()).as(kind).isEqualTo(TranscriptSignerIssuer.CEREMONY_CA);
        }
    }

    @Test
    void aCeremonyCaForACeremonyThatSignsNothingOrAnUnknownValueIsRefused() throws Exception {
        assertThatThrownBy(() -> CeremonyScripts.parse(withSigner(shipped("card-check"), "issued-by-ceremony-ca"),
                "c.yaml")).hasMessageContaining("policy.transcript-signer: is issued-by-ceremony-ca, but no step issues "
                + "a transcript-signing certificate");
        assertThatThrownBy(() -> CeremonyScripts.parse(withSigner(shipped("root-key-generation"), "the-root"), "r.yaml"))
                .hasMessageContaining("policy.transcript-signer").hasMessageContaining("issued-by-ceremony-ca");
    }
}
