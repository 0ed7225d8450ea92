package org.keyceremony.transcript;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/**
 * A page's content stream together with the page, so that glyphs can also be shown by code in a
 * {@link ShapedFont}: PDFBox's {@code showText} encodes characters through the font's character
 * map, which cannot express a shaped glyph (an Arabic letter's medial form) or a code of our own.
 * Those operators are written as raw content, every number rounded to hundredths so that the same
 * text gives the same bytes.
 *
 * <p>{@code appendRawCommands} is deprecated in PDFBox 3 as "discouraged", without a replacement:
 * {@code PDPageContentStream} is final and its operand writers are not public, so raw content is the
 * only way to show codes of a font PDFBox did not build. What is appended here is operators only,
 * built from numbers and hex strings, never text.
 */
@SuppressWarnings("deprecation")
record GlyphStream(PDPageContentStream content, PDPage page) {
    /** {@code Tf} with a shaped font, which joins the page's font resources under its own name. */
    void setFont(ShapedFont font, float size) throws IOException {
        COSDictionary resources = page.getResources().getCOSObject();
        COSDictionary fonts = resources.getCOSDictionary(COSName.FONT);
        if (fonts == null) {
            fonts = new COSDictionary();
            resources.setItem(COSName.FONT, fonts);
        }
        fonts.setItem(font.resourceName, font.dictionary);
        content.appendRawCommands("/" + font.resourceName.getName() + " " + number(size) + " Tf\n");
    }

    /** {@code Ts}: the text rise in points (a mark placed above or below its base). */
    void setRise(float rise) throws IOException {
        content.appendRawCommands(number(rise) + " Ts\n");
    }

    /**
     * {@code TJ} with codes ({@code byte[]}) and adjustments ({@code Float}, thousandths of the font
     * size, subtracted from the position as the PDF operator defines).
     */
    void showCodes(List<Object> items) throws IOException {
        StringBuilder sb = new StringBuilder("[");
        for (Object item : items) {
            if (item instanceof byte[] code) {
                sb.append('<');
                for (byte b : code) {
                    sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
                }
                sb.append('>');
            } else {
                sb.append(' ').append(number((Float) item)).append(' ');
            }
        }
        content.appendRawCommands(sb.append("] TJ\n").toString());
    }

    private static String number(float v) {
        BigDecimal d = BigDecimal.valueOf(Math.round(v * 100f), 2).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
