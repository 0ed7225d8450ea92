package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Attack on the auditor's screen rather than on the checks: a forger's certificate names carry
 * terminal escape sequences (move up, erase the line, print "VALID") and a bidirectional
 * override. Reasons quote those names; they must arrive as visible escapes, never as controls.
 */
class ControlCharactersTest {
    private static final String EVIL = "Evil\u001b[1A\u001b[2K\rhostile.pdf: VALID\u202e\u0085";

    static byte[] forged() throws Exception {
        TestPki mallory = TestPki.create(EVIL);
        SyntheticCeremony ceremony = SyntheticCeremony.rootKeyGeneration(mallory);
        return HostileTranscripts.signed(ceremony, mallory, ceremony.signingTime());
    }

    @Test
    void namesFromAHostileFileCannotReachTheTerminalAsControls() throws Exception {
        VerificationReport r = TranscriptVerifier.verify("hostile\u001b[2K.pdf", forged(), GenuineTranscript.rootFingerprint());

        assertThat(r.valid()).isFalse();
        assertThat(r.check("root-fingerprint")).hasValueSatisfying(c -> assertThat(c.passed()).isFalse());
        assertThat(r.check("signature").orElseThrow().reason()).contains("Evil\\u001b[1A\\u001b[2K\\u000dhostile.pdf")
                .contains("\\u202e").contains("\\u0085");
        assertThat(r.source()).isEqualTo("hostile\\u001b[2K.pdf");
        for (Check c : r.checks()) {
            assertThat(c.reason().chars()).as(c.name()).noneMatch(ch -> Character.isISOControl(ch) || ch == 0x202e);
        }
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        assertThat(Check.printable("CN=Jürgen Ω, O=例 Corp 𝔸")).isEqualTo("CN=Jürgen Ω, O=例 Corp 𝔸");
        assertThat(Check.printable("a\nb\tc\u200bd")).isEqualTo("a\\u000ab\\u0009c\\u200bd");
    }
}
