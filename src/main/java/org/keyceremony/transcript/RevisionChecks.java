package org.keyceremony.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;

/**
 * Shadow-attack defence. A PAdES signature only protects its own revision; a later
 * incremental update can overlay, hide or replace what the signer saw while the signature
 * stays mathematically valid. A transcript therefore must end with its signed revision,
 * and must not contain the means to hide content (optional content, overlaying annotations,
 * actions). When something does follow the signature, this names what it changes.
 */
final class RevisionChecks {
    private RevisionChecks() {
    }

    /** Compares the signed revision with what a viewer shows now. */
    static void changesAfterSigning(byte[] file, long signedEnd, PDDocument current, List<Check> out) {
        if (signedEnd == file.length) {
            out.add(Check.pass("no-changes-after-signing", "nothing follows the signed revision: what a viewer shows "
                    + "is what was signed"));
            return;
        }
        long extra = file.length - signedEnd;
        List<String> changes = new ArrayList<>();
        try (PDDocument signed = Loader.loadPDF(Arrays.copyOf(file, (int) signedEnd))) {
            compare(signed, current, changes);
        } catch (IOException | RuntimeException e) {
            changes.add("the signed revision alone cannot be read");
        }
        String tail = new String(file, (int) signedEnd, (int) Math.min(extra, 1 << 20), java.nio.charset.StandardCharsets.ISO_8859_1);
        String what = tail.contains("startxref") || tail.contains("xref")
                ? "an incremental update (" + extra + " bytes) was added after signing"
                : extra + " bytes were appended after signing";
        out.add(Check.fail("no-changes-after-signing", what + (changes.isEmpty() ? "" : ": " + String.join("; ", changes))));
    }

    private static void compare(PDDocument signed, PDDocument current, List<String> changes) throws IOException {
        ReadingBudget budget = ReadingBudget.current();
        if (budget != null) {
            // the pages below are compared by index: the signed revision's tree gets the same bounds
            TranscriptBounds.pages(signed, budget);
        }
        Optional<byte[]> logBefore = EmbeddedFiles.read(signed, Attachment.EVENT_LOG, 1L << 28);
        Optional<byte[]> logNow = EmbeddedFiles.read(current, Attachment.EVENT_LOG, 1L << 28);
        if (logBefore.isPresent() != logNow.isPresent()
                || (logBefore.isPresent() && !Arrays.equals(logBefore.get(), logNow.get()))) {
            changes.add("the embedded event log was replaced after signing");
        }
        List<String> catalog = changedEntries(signed.getDocumentCatalog().getCOSObject(),
                current.getDocumentCatalog().getCOSObject());
        if (!catalog.isEmpty()) {
            // Named, so that an update that touches only the catalog (an open action, a page
            // mode, replaced metadata or names) is not reported as an unexplained update.
            changes.add("the document catalog changed after signing (" + String.join(", ", catalog) + ")");
        }
        if (signed.getNumberOfPages() != current.getNumberOfPages()) {
            changes.add("pages were added or removed after signing (" + signed.getNumberOfPages() + " signed, "
                    + current.getNumberOfPages() + " now)");
            return;
        }
        if (!same(signed.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.OCPROPERTIES),
                current.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.OCPROPERTIES))) {
            changes.add("optional content (layers) changed after signing: content can be hidden or revealed "
                    + "(shadow attack)");
        }
        for (int i = 0; i < signed.getNumberOfPages(); i++) {
            PDPage before = signed.getPage(i);
            PDPage now = current.getPage(i);
            List<byte[]> streamsBefore = contentStreams(before);
            List<byte[]> streamsNow = contentStreams(now);
            if (isPrefix(streamsBefore, streamsNow) && streamsNow.size() > streamsBefore.size()) {
                changes.add("content was drawn over page " + (i + 1) + " after signing (shadow attack: overlay)");
            } else if (!isPrefix(streamsBefore, streamsNow) || streamsNow.size() != streamsBefore.size()) {
                changes.add("the content of page " + (i + 1) + " was rewritten after signing");
            }
            if (now.getAnnotations().size() > before.getAnnotations().size()) {
                changes.add("annotations were added on page " + (i + 1) + " after signing (overlay)");
            }
            if (!same(before.getCOSObject().getDictionaryObject(COSName.RESOURCES),
                    now.getCOSObject().getDictionaryObject(COSName.RESOURCES))) {
                changes.add("the resources (fonts, images) of page " + (i + 1) + " changed after signing");
            }
        }
    }

    /** The signed revision may not carry means to hide or overlay content, nor actions. */
    static void hiddenContent(PDDocument document, List<Check> out) {
        List<String> found = new ArrayList<>();
        try {
            COSDictionary catalog = document.getDocumentCatalog().getCOSObject();
            if (catalog.containsKey(COSName.OCPROPERTIES)) {
                found.add("optional content (layers that can hide text)");
            }
            if (catalog.containsKey(COSName.OPEN_ACTION) || catalog.containsKey(COSName.AA)) {
                found.add("document actions");
            }
            if (document.getDocumentCatalog().getNames() != null
                    && document.getDocumentCatalog().getNames().getJavaScript() != null) {
                found.add("JavaScript");
            }
            int n = 0;
            for (PDPage page : document.getPages()) {
                n++;
                for (PDAnnotation a : page.getAnnotations()) {
                    boolean signatureWidget = "Widget".equals(a.getSubtype())
                            && COSName.SIG.equals(a.getCOSObject().getCOSName(COSName.FT,
                            parentFieldType(a.getCOSObject())));
                    if (!signatureWidget) {
                        found.add("a " + a.getSubtype() + " annotation on page " + n);
                    }
                }
                if (n > ReadingBudget.MAX_PAGES) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            found.add("a structure that cannot be read");
        }
        out.add(found.isEmpty()
                ? Check.pass("no-hidden-content", "no optional content, overlaying annotations, actions or JavaScript")
                : Check.fail("no-hidden-content", "the document contains " + String.join(", ", found)
                        + ", which can hide or overlay content (shadow attack)"));
    }

    private static COSName parentFieldType(COSDictionary widget) {
        COSBase parent = widget.getDictionaryObject(COSName.PARENT);
        return parent instanceof COSDictionary d ? d.getCOSName(COSName.FT) : null;
    }

    private static List<byte[]> contentStreams(PDPage page) throws IOException {
        List<byte[]> out = new ArrayList<>();
        COSBase contents = page.getCOSObject().getDictionaryObject(COSName.CONTENTS);
        if (contents instanceof COSStream s) {
            out.add(bytes(s));
        } else if (contents instanceof COSArray a) {
            for (int i = 0; i < a.size() && i < 1000; i++) {
                if (a.getObject(i) instanceof COSStream s) {
                    out.add(bytes(s));
                }
            }
        }
        return out;
    }

    private static byte[] bytes(COSStream s) throws IOException {
        try (InputStream in = s.createRawInputStream()) {
            return in.readNBytes(64 << 20);
        }
    }

    private static boolean isPrefix(List<byte[]> a, List<byte[]> b) {
        if (a.size() > b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The entries of a dictionary that were added, removed or changed, by name ("/OpenAction added"). */
    private static List<String> changedEntries(COSDictionary before, COSDictionary now) throws IOException {
        List<String> changed = new ArrayList<>();
        java.util.Set<COSName> keys = new java.util.TreeSet<>(java.util.Comparator.comparing(COSName::getName));
        keys.addAll(before.keySet());
        keys.addAll(now.keySet());
        for (COSName k : keys) {
            if (!before.containsKey(k)) {
                changed.add("/" + k.getName() + " added");
            } else if (!now.containsKey(k)) {
                changed.add("/" + k.getName() + " removed");
            } else if (!summary(before.getItem(k), 2).equals(summary(now.getItem(k), 2))) {
                changed.add("/" + k.getName() + " changed");
            }
            if (changed.size() > 20) {
                break;
            }
        }
        return changed;
    }

    /**
     * A bounded description of a value: references by object number and, {@code depth} levels
     * down, what they point to (streams by a hash of their bytes). Equal for an untouched
     * entry in both revisions; different when an update replaced the entry or rewrote its object.
     */
    private static String summary(COSBase value, int depth) throws IOException {
        if (value instanceof COSObject o) {
            // The key, as COSObject's deprecated getObjectNumber()/getGenerationNumber() read it (0 0 if none).
            COSObjectKey key = o.getKey();
            String ref = "ref " + (key == null ? 0 : key.getNumber()) + " " + (key == null ? 0 : key.getGeneration());
            return depth == 0 ? ref : ref + " -> " + summary(o.getObject(), depth - 1);
        }
        if (value instanceof COSStream s) {
            return "stream " + Arrays.hashCode(bytes(s)) + " " + summary(dictionaryOf(s), depth);
        }
        if (value instanceof COSDictionary d) {
            if (depth == 0) {
                return "dict " + d.keySet();
            }
            StringBuilder b = new StringBuilder("dict{");
            for (COSName k : d.keySet()) {
                b.append(k.getName()).append('=').append(summary(d.getItem(k), depth - 1)).append(';');
            }
            return b.append('}').toString();
        }
        if (value instanceof COSArray a) {
            if (depth == 0) {
                return "array " + a.size();
            }
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < a.size() && i < 1000; i++) {
                b.append(summary(a.get(i), depth - 1)).append(',');
            }
            return b.append(']').toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    private static COSDictionary dictionaryOf(COSStream s) {
        COSDictionary d = new COSDictionary();
        for (COSName k : s.keySet()) {
            d.setItem(k, s.getItem(k));
        }
        return d;
    }

    /** Shallow structural equality, enough to notice an added or replaced dictionary. */
    private static boolean same(COSBase a, COSBase b) {
        COSBase x = a instanceof COSObject o ? o.getObject() : a;
        COSBase y = b instanceof COSObject o ? o.getObject() : b;
        if (x == null || y == null) {
            return x == y;
        }
        if (x instanceof COSDictionary dx && y instanceof COSDictionary dy) {
            return dx.keySet().equals(dy.keySet());
        }
        return x.getClass() == y.getClass();
    }
}
