package org.keyceremony.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.keyceremony.base.TranscriptGlyphs.Face;
import org.keyceremony.base.TranscriptGlyphs.Fallback;

/**
 * TranscriptGlyphs reads the fonts' character maps itself; it used to ask the JDK's
 * {@code Font.canDisplay}. Every decision it makes (which font prints what, what is refused at
 * the door) rests on that answer, and committed transcripts are reproduced byte for byte from
 * their logs: so the two must agree on every code point of every font.
 */
class TranscriptGlyphsTest {

    @Test
    void everyFontHasExactlyTheCodePointsTheJdkSaysItCanDisplay() throws Exception {
        List<String> differences = new ArrayList<>();
        for (Face face : Face.values()) {
            differences.addAll(compare(face.resource(), cp -> TranscriptGlyphs.has(face, cp)));
        }
        for (Fallback fallback : Fallback.values()) {
            differences.addAll(compare(fallback.resource(), cp -> TranscriptGlyphs.has(fallback, cp)));
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void theFontsCoverWhatTheTranscriptPrintsAndRefuseWhatNoneHas() {
        assertThat(TranscriptGlyphs.has(Face.REGULAR, 'A')).isTrue();
        assertThat(TranscriptGlyphs.has(Face.REGULAR, 0x2014)).isTrue(); // em dash, on every cover page
        assertThat(TranscriptGlyphs.has(Face.REGULAR, 0x4E2D)).isFalse(); // 中: a fallback's
        assertThat(TranscriptGlyphs.has(Fallback.NOTO_SANS_HEBREW, 0x05D0)).isTrue();
        assertThat(TranscriptGlyphs.has(Fallback.DROID_SANS_FALLBACK, 0x4E2D)).isTrue(); // 中
        assertThat(TranscriptGlyphs.choose("\u2014", Face.REGULAR, false)).hasValueSatisfying(
                c -> assertThat(c.inFace()).isTrue());
        assertThat(TranscriptGlyphs.choose("\u05D0", Face.REGULAR, true)).hasValueSatisfying(
                c -> assertThat(c.fallback()).contains(Fallback.NOTO_SANS_HEBREW));
        assertThat(TranscriptGlyphs.unrenderable("Zoë, 中村, \uD83D\uDE00")).containsExactly(0x1F600);
        assertThat(TranscriptGlyphs.unrenderable("김")).containsExactly((int) '김');
    }

    private static List<String> compare(String resource, IntPredicate ours) throws Exception {
        Font jdk;
        try (InputStream in = TranscriptGlyphs.class.getResourceAsStream(resource)) {
            jdk = Font.createFont(Font.TRUETYPE_FONT, in);
        }
        List<String> differences = new ArrayList<>();
        int displayable = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            boolean expected = jdk.canDisplay(cp);
            displayable += expected ? 1 : 0;
            if (ours.test(cp) != expected && differences.size() < 20) {
                differences.add(resource + ": " + String.format("U+%04X", cp) + " JDK " + expected);
            }
        }
        assertThat(displayable).as(resource).isGreaterThan(100);
        return differences;
    }
}
