package org.keyceremony.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;

/** Reads an attachment back from a transcript, with a size bound (hostile files may lie). */
public final class EmbeddedFiles {
    private EmbeddedFiles() {
    }

    /**
     * The embedded file {@code name} of {@code document}, if present and at most {@code maxBytes} long. The
     * name tree is walked with the bounds of {@link ReadingBudget} (nodes, depth, each node
     * once): a tree that lists itself is not searched forever, and the file counts as having none.
     */
    public static Optional<byte[]> read(PDDocument document, String name, long maxBytes) throws IOException {
        PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
        if (names == null || names.getEmbeddedFiles() == null) {
            return Optional.empty();
        }
        Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        PDComplexFileSpecification spec = find(names.getEmbeddedFiles(), name, 0, seen);
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
                                                   int depth, Set<COSDictionary> seen)
            throws IOException {
        if (depth > ReadingBudget.MAX_NAME_TREE_DEPTH || seen.size() >= ReadingBudget.MAX_NAME_TREE_NODES
                || !seen.add(node.getCOSObject())) {
            return null;
        }
        Map<String, PDComplexFileSpecification> here = node.getNames();
        if (here != null && here.containsKey(name)) {
            return here.get(name);
        }
        if (node.getKids() != null) {
            for (PDNameTreeNode<PDComplexFileSpecification> kid : node.getKids()) {
                PDComplexFileSpecification found = find(kid, name, depth + 1, seen);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
