package org.keyceremony.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transcript's line wrapping on very long text (issue 16, case 7: a 200,000-character name hung
 * the signing step for over 15 minutes, re-measuring the rest of the string after every cut). The
 * timeouts guard against a hang only; how fast wrapping is belongs in bench/. They run the test in
 * a thread of its own: a wrapping loop that never looks at interruption would otherwise hold the
 * test until it finished, however long that took.
 */
class PageLayoutWrapTest {
    private static final int LENGTH = 200_000;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789WMil.";

    /**
     * The cells a participant's name is printed in (CeremonySections): the participants' table (0.6
     * of the width), the custodians' (0.24), and the "Confirmed" column (0.30) of every step of the
     * shipped root-key-generation script, 24 of them. A cell's text is its share of the width less
     * the padding on either side.
     */
    private static final float[] NAME_CELLS = nameCells();

    private PDDocument document;
    private PageLayout layout;

    @BeforeEach
    void loadFonts() throws Exception {
        document = new PDDocument();
        layout = new PageLayout(document, TranscriptFonts.load(document));
    }

    @AfterEach
    void close() throws Exception {
        document.close();
    }

    private static float[] nameCells() {
        float[] cells = new float[2 + 24];
        cells[0] = 0.6f * PageLayout.WIDTH - 7;
        cells[1] = 0.24f * PageLayout.WIDTH - 7;
        Arrays.fill(cells, 2, cells.length, 0.30f * PageLayout.WIDTH - 7);
        return cells;
    }

    private static String letters(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return sb.toString();
    }

    private static void everyLineFits(List<String> lines, PDType0Font font, float size, float width) {
        assertThat(lines).allSatisfy(line -> assertThat(TranscriptFonts.width(font, size, line))
                .as("width of a line of %d characters", line.length()).isLessThanOrEqualTo(width + 0.001f));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void cutsA200000CharacterNameInEveryCellATranscriptPrintsItInIntoLinesThatFitAndLoseNothing() {
        String name = letters(new Random(16), LENGTH);
        PDType0Font font = layout.fonts.regular;

        for (float cell : NAME_CELLS) {
            List<String> lines = layout.wrap(font, PageLayout.BODY, name, cell);

            everyLineFits(lines, font, PageLayout.BODY, cell);
            assertThat(String.join("", lines)).isEqualTo(name);
            assertThat(lines).allSatisfy(line -> assertThat(line).isNotEmpty());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void wrapsA200000CharacterTextOfWordsAtItsSpaces() {
        Random random = new Random(7);
        StringBuilder sb = new StringBuilder(LENGTH + 20);
        while (sb.length() < LENGTH) {
            sb.append(letters(random, 1 + random.nextInt(14))).append(' ');
        }
        String text = sb.substring(0, LENGTH - 1) + "x";
        PDType0Font font = layout.fonts.regular;

        List<String> lines = layout.wrap(font, PageLayout.BODY, text, PageLayout.WIDTH);

        everyLineFits(lines, font, PageLayout.BODY, PageLayout.WIDTH);
        // every word is narrower than a line: each break drops exactly the one space it replaces
        assertThat(String.join(" ", lines)).isEqualTo(text);
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotStartWith(" ").doesNotEndWith(" "));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void wrapsWordsAndOverlongTokensInANarrowMonospaceCellLosingOnlyTheSpacesItBreaksAt() {
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder(LENGTH + 5000);
        while (sb.length() < LENGTH) {
            int kind = random.nextInt(10);
            String word = kind == 0 ? letters(random, 200 + random.nextInt(3000))
                    : kind == 1 ? "CN=" + letters(random, 20) + ",O=" + letters(random, 30) + "/x-" + letters(random, 40)
                    : letters(random, 1 + random.nextInt(9));
            sb.append(word).append(' ');
        }
        String text = sb.toString().strip();
        PDType0Font font = layout.fonts.mono;
        float cell = 0.7f * PageLayout.WIDTH - 7;

        List<String> lines = layout.wrap(font, PageLayout.MONO, text, cell);

        everyLineFits(lines, font, PageLayout.MONO, cell);
        assertThat(String.join("", lines).replace(" ", "")).isEqualTo(text.replace(" ", ""));
        assertThat(String.join("", lines).length()).isGreaterThanOrEqualTo(text.length() - lines.size());
    }

    @Test
    void keepsBlankLinesIndentsAndShortTextAsTheyAre() {
        PDType0Font font = layout.fonts.regular;

        assertThat(layout.wrap(font, PageLayout.BODY, "one\n\n  indented two", PageLayout.WIDTH))
                .containsExactly("one", "", "  indented two");
        assertThat(layout.wrap(font, PageLayout.BODY, "", PageLayout.WIDTH)).containsExactly("");
    }

    @Test
    void prefersABreakAfterAHyphenCommaOrSlashInALongToken() {
        PDType0Font font = layout.fonts.mono;
        String token = "a".repeat(60) + "-" + "b".repeat(60);
        float width = TranscriptFonts.width(font, PageLayout.MONO, "a".repeat(80));

        assertThat(layout.wrap(font, PageLayout.MONO, token, width)).containsExactly("a".repeat(60) + "-", "b".repeat(60));
    }
}
