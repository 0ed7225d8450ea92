package org.keyceremony.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.text.PDFTextStripper;
import org.keyceremony.transcript.TranscriptFacts.PrintedFact;
import org.keyceremony.journal.EventLogVerifier;

/**
 * What the pages say against what the embedded files say: PDF/A identification, the
 * embedded event log's chain, the final hash in every footer, and the printed facts
 * against the same derivation ({@link TranscriptFacts}) run on the embedded log.
 */
final class ContentChecks {
    private static final Pattern FOOTER_HASH = Pattern.compile(
            Pattern.quote(PageDecoration.HASH_LABEL) + "\\s*([0-9a-f]{64})");
    private static final Pattern PART = Pattern.compile("pdfaid:part(?:>|=\")\\s*3\\s*(?:<|\")");
    private static final Pattern CONFORMANCE = Pattern.compile("pdfaid:conformance(?:>|=\")\\s*B\\s*(?:<|\")");

    private ContentChecks() {
    }

    static void pdfaIdentification(PDDocument document, List<Check> out) {
        try {
            PDMetadata metadata = document.getDocumentCatalog().getMetadata();
            if (metadata == null) {
                out.add(Check.fail("pdfa-identification", "the document has no XMP metadata, so no PDF/A identification"));
                return;
            }
            String xmp;
            try (InputStream in = metadata.createInputStream()) {
                xmp = new String(in.readNBytes(4 << 20), StandardCharsets.UTF_8);
            }
            boolean intent = !document.getDocumentCatalog().getOutputIntents().isEmpty();
            boolean associated = associatedLog(document);
            if (PART.matcher(xmp).find() && CONFORMANCE.matcher(xmp).find() && intent && associated) {
                out.add(Check.pass("pdfa-identification", "XMP identifies PDF/A-3B; output intent present; the event "
                        + "log is an associated file (/AF)"));
            } else {
                List<String> missing = new ArrayList<>();
                if (!PART.matcher(xmp).find() || !CONFORMANCE.matcher(xmp).find()) {
                    missing.add("the XMP metadata does not identify PDF/A-3B");
                }
                if (!intent) {
                    missing.add("there is no output intent");
                }
                if (!associated) {
                    missing.add("the event log is not listed as an associated file (/AF) with its relationship");
                }
                out.add(Check.fail("pdfa-identification", String.join("; ", missing)));
            }
        } catch (IOException | RuntimeException e) {
            out.add(Check.fail("pdfa-identification", "the XMP metadata cannot be read"));
        }
    }

    /** The catalog's /AF array names the event log with an /AFRelationship. */
    private static boolean associatedLog(PDDocument document) {
        if (!(document.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.getPDFName("AF"))
                instanceof COSArray af)) {
            return false;
        }
        for (int i = 0; i < af.size() && i < 1000; i++) {
            if (af.getObject(i) instanceof COSDictionary spec
                    && Attachment.EVENT_LOG.equals(spec.getString(COSName.UF, spec.getString(COSName.F)))
                    && spec.getCOSName(COSName.getPDFName("AFRelationship")) != null) {
                return true;
            }
        }
        return false;
    }

    /** Verifies the embedded log; returns it when it verifies. */
    static EventLogVerifier.Result eventLog(PDDocument document, List<Check> out) {
        try {
            Optional<byte[]> log = EmbeddedFiles.read(document, Attachment.EVENT_LOG, EventLogVerifier.MAX_FILE_BYTES);
            if (log.isEmpty()) {
                out.add(Check.fail("event-log", "no embedded event log (" + Attachment.EVENT_LOG + ") within "
                        + EventLogVerifier.MAX_FILE_BYTES + " bytes"));
                return null;
            }
            EventLogVerifier.Result result = EventLogVerifier.verify(log.get());
            if (!result.valid()) {
                out.add(Check.fail("event-log", "the embedded event log does not verify: " + result.problem()));
                return null;
            }
            if (result.events().isEmpty()) {
                out.add(Check.fail("event-log", "the embedded event log is empty"));
                return null;
            }
            out.add(Check.pass("event-log", "the embedded event log verifies: " + result.events().size()
                    + " events, final hash " + result.finalHash()));
            return result;
        } catch (IOException | RuntimeException e) {
            out.add(Check.fail("event-log", "the embedded event log cannot be read"));
            return null;
        }
    }

    /** The text of each page, in content order; forms drawn are bounded by the file's {@link ReadingBudget}. */
    static List<String> pageTexts(PDDocument document) throws IOException {
        List<String> pages = new ArrayList<>();
        PDFTextStripper stripper = new BoundedTextStripper(ReadingBudget.current());
        // Duplicate-glyph suppression exists for PDFs that fake bold by printing a glyph twice;
        // a transcript never does, and it costs about a third of the extraction (bench/run).
        // Off, an overprinted glyph would show up twice and fail a check: no weaker.
        stripper.setSuppressDuplicateOverlappingText(false);
        for (int i = 1; i <= document.getNumberOfPages(); i++) {
            stripper.setStartPage(i);
            stripper.setEndPage(i);
            pages.add(stripper.getText(document));
        }
        return pages;
    }

    static void footerHash(List<String> pages, EventLogVerifier.Result log, List<Check> out) {
        if (pages.isEmpty()) {
            out.add(Check.fail("footer-hash", "the document has no pages"));
            return;
        }
        for (int i = 0; i < pages.size(); i++) {
            Matcher m = FOOTER_HASH.matcher(pages.get(i));
            if (!m.find()) {
                out.add(Check.fail("footer-hash", "page " + (i + 1) + " shows no event-log final hash"));
                return;
            }
            String shown = m.group(1);
            if (log == null) {
                continue;
            }
            if (!shown.equals(log.finalHash())) {
                out.add(Check.fail("footer-hash", "page " + (i + 1) + " shows the final hash " + shown
                        + ", but the embedded event log ends with " + log.finalHash()));
                return;
            }
        }
        if (log == null) {
            out.add(Check.fail("footer-hash", "not compared: the embedded event log did not verify"));
            return;
        }
        out.add(Check.pass("footer-hash", "every page (" + pages.size() + ") shows the log's final hash "
                + log.finalHash()));
    }

    static void printedFacts(List<String> pages, EventLogVerifier.Result log, List<Check> out) {
        if (log == null) {
            out.add(Check.fail("printed-facts", "not compared: the embedded event log did not verify"));
            return;
        }
        String text = normalise(String.join("\n", pages));
        TranscriptFacts.Derived derived = TranscriptFacts.derive(log.events(), "");
        if (!derived.unreadableFacts().isEmpty()) {
            // a fact the log does not hold as its action's record would print wrong or not at all
            out.add(Check.fail("step-facts", String.join("; ", derived.unreadableFacts())));
        }
        List<PrintedFact> facts = TranscriptFacts.printedFacts(derived.content());
        int at = 0;
        for (PrintedFact f : facts) {
            String want = normalise(f.text());
            if (want.isEmpty()) {
                continue;
            }
            int found = text.indexOf(want, at);
            if (found < 0) {
                out.add(Check.fail("printed-facts", "the pages do not show the " + f.what() + " recorded in the log ("
                        + f.text() + ")" + (text.contains(want) ? " where it belongs" : "")));
                return;
            }
            at = found + want.length();
        }
        out.add(Check.pass("printed-facts", "the " + facts.size() + " key facts printed (ids, outcomes, "
                + "fingerprints, share table, check value, backup hashes) agree with the embedded log"));
    }

    /** Letters and digits only (ASCII): line breaks, wrapping and spacing differ between renderers. */
    static String normalise(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
