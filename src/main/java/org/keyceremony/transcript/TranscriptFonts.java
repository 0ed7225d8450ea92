package org.keyceremony.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The three faces a transcript uses, embedded (subset) as PDF/A requires: Liberation Sans
 * Regular from the PDFBox jar, Liberation Sans Bold and Liberation Mono shipped beside their
 * SIL OFL licence. Text is passed through {@link #printable} first so a character the font
 * lacks becomes '?' instead of an exception in the middle of a ceremony.
 */
final class TranscriptFonts {
    private static final String REGULAR = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final String BOLD = "/org/keyceremony/transcript/fonts/LiberationSans-Bold.ttf";
    private static final String MONO = "/org/keyceremony/transcript/fonts/LiberationMono-Regular.ttf";

    final PDType0Font regular;
    final PDType0Font bold;
    final PDType0Font mono;
    private final Map<PDType0Font, Map<Integer, Boolean>> encodable = new HashMap<>();

    private TranscriptFonts(PDType0Font regular, PDType0Font bold, PDType0Font mono) {
        this.regular = regular;
        this.bold = bold;
        this.mono = mono;
    }

    static TranscriptFonts load(PDDocument document) throws IOException {
        return new TranscriptFonts(load(document, REGULAR), load(document, BOLD), load(document, MONO));
    }

    private static PDType0Font load(PDDocument document, String resource) throws IOException {
        try (InputStream in = TranscriptFonts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("font resource missing from the application: " + resource);
            }
            return PDType0Font.load(document, in, true);
        }
    }

    /** The text with tabs expanded, control characters dropped and unknown glyphs replaced by '?'. */
    String printable(PDType0Font font, String text) {
        StringBuilder sb = new StringBuilder(text.length());
        Map<Integer, Boolean> known = encodable.computeIfAbsent(font, f -> new HashMap<>());
        text.codePoints().forEach(cp -> {
            if (cp == '\t') {
                sb.append("    ");
            } else if (Character.isISOControl(cp)) {
                return;
            } else if (known.computeIfAbsent(cp, c -> canEncode(font, c))) {
                sb.appendCodePoint(cp);
            } else {
                sb.append('?');
            }
        });
        return sb.toString();
    }

    private static boolean canEncode(PDType0Font font, int cp) {
        try {
            font.encode(new String(Character.toChars(cp)));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private final Map<PDType0Font, Map<Integer, Float>> advances = new HashMap<>();

    /** Width in points of one printable code point at {@code size}, measured once per font. */
    float advance(PDType0Font font, float size, int cp) {
        float perThousand = advances.computeIfAbsent(font, f -> new HashMap<>()).computeIfAbsent(cp,
                c -> width(font, 1000f, new String(Character.toChars(c))));
        return perThousand / 1000f * size;
    }

    /** Width in points of printable text. */
    static float width(PDType0Font font, float size, String printable) {
        try {
            return font.getStringWidth(printable) / 1000f * size;
        } catch (IOException e) {
            throw new IllegalStateException("cannot measure text in the embedded font", e);
        }
    }
}
