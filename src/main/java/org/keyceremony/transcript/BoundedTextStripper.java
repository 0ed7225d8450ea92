package org.keyceremony.transcript;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDTransparencyGroup;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDFBox's text extraction with the file's budget: each page and each Form XObject it draws is
 * counted, forms nest at most {@link ReadingBudget#MAX_FORM_DEPTH} deep and at most
 * {@link ReadingBudget#MAX_FORMS} are drawn. Without it, eight levels of a form that draws the
 * next ten times make a hundred million form runs from a file of a few kilobytes.
 */
final class BoundedTextStripper extends PDFTextStripper {
    private final ReadingBudget budget;
    private int depth;

    /** A stripper charging {@code budget}; with a null budget (no verification running) it only counts. */
    BoundedTextStripper(ReadingBudget budget) {
        this.budget = budget == null ? new ReadingBudget(java.time.Duration.ofDays(1)) : budget;
    }

    @Override
    public void processPage(PDPage page) throws IOException {
        budget.check();
        super.processPage(page);
    }

    @Override
    public void showForm(PDFormXObject form) throws IOException {
        budget.form(depth + 1);
        depth++;
        try {
            super.showForm(form);
        } finally {
            depth--;
        }
    }

    @Override
    public void showTransparencyGroup(PDTransparencyGroup group) throws IOException {
        budget.form(depth + 1);
        depth++;
        try {
            super.showTransparencyGroup(group);
        } finally {
            depth--;
        }
    }
}
