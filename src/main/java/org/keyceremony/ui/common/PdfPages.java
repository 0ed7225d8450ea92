package org.keyceremony.ui.common;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.keyceremony.base.KeyCeremonyException;

/**
 * Renders a PDF's pages to images for the transcript preview, with PDFBox (no javafx-swing:
 * the pixels are copied into a {@link WritableImage} directly). Call it off the FX thread.
 */
public final class PdfPages {
    private PdfPages() {
    }

    /** The first {@code maxPages} pages at {@code dpi}, and the page count. */
    public record Rendered(List<WritableImage> pages, int pageCount) {
    }

    public static Rendered render(Path pdf, int maxPages, float dpi) throws KeyCeremonyException {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDFRenderer renderer = new PDFRenderer(doc);
            List<WritableImage> pages = new ArrayList<>();
            int n = Math.min(maxPages, doc.getNumberOfPages());
            for (int i = 0; i < n; i++) {
                pages.add(toFx(renderer.renderImageWithDPI(i, dpi, ImageType.RGB)));
            }
            return new Rendered(pages, doc.getNumberOfPages());
        } catch (IOException e) {
            throw new KeyCeremonyException(Messages.get("review.cannotRead", pdf, e.getMessage()), e);
        }
    }

    static WritableImage toFx(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        WritableImage out = new WritableImage(w, h);
        out.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return out;
    }
}
