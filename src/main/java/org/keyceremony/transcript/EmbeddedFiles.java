package org.keyceremony.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;

/** Reads an attachment back from a transcript, with a size bound (hostile files may lie). */
public final class EmbeddedFiles {
    private static final int MAX_DEPTH = 8;

    private EmbeddedFiles() {
    }

    /** The bytes of the embedded file called {@code name}; empty if absent or larger than {@code maxBytes}. */
    /** The embedded file {@code name} of {@code document}, if present and at most {@code maxBytes} long. */
    public static Optional<byte[]> read(PDDocument document, String name, long maxBytes) throws IOException {
        PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
        if (names == null || names.getEmbeddedFiles() == null) {
            return Optional.empty();
        }
        PDComplexFileSpecification spec = find(names.getEmbeddedFiles(), name, 0);
        if (spec == null) {
            return Optional.empty();
        }
        PDEmbeddedFile file = spec.getEmbeddedFileUnicode() != null ? spec.getEmbeddedFileUnicode() : spec.getEmbeddedFile();
        if (file == null) {
            return Optional.empty();
        }
        try (InputStream in = file.createInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            return bytes.length > maxBytes ? Optional.empty() : Optional.of(bytes);
        }
    }

    private static PDComplexFileSpecification find(PDNameTreeNode<PDComplexFileSpecification> node, String name,
                                                   int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            return null;
        }
        Map<String, PDComplexFileSpecification> here = node.getNames();
        if (here != null && here.containsKey(name)) {
            return here.get(name);
        }
        if (node.getKids() != null) {
            for (PDNameTreeNode<PDComplexFileSpecification> kid : node.getKids()) {
                PDComplexFileSpecification found = find(kid, name, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
