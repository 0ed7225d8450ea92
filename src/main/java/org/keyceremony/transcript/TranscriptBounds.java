package org.keyceremony.transcript;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The shape of a file, checked before any check reads it: a page tree of at most
 * {@link ReadingBudget#MAX_PAGES} distinct pages that says how many it has, an
 * embedded-files name tree of at most {@link ReadingBudget#MAX_NAME_TREE_NODES} nodes, neither
 * with a cycle, and streams that decode within bounds. PDFBox trusts a page tree's {@code /Count} (a loop over the pages it claims
 * would run two billion times) and walks a name tree as deep as it goes; these walks count.
 */
final class TranscriptBounds {
    private TranscriptBounds() {
    }

    /**
     * Refuses {@code document} through {@code budget} if its page tree, its name tree or any of
     * its streams is out of bounds.
     */
    static void check(PDDocument document, ReadingBudget budget) {
        pages(document, budget);
        names(document, budget);
        streams(document, budget);
    }

    /**
     * Decodes every stream of the file once, through PDFBox's bounded filters
     * ({@link BoundedDecoding}), and throws the result away. Not every later decode goes through
     * those filters: PDFBox 3.0.8 inflates a page's single FlateDecode content stream itself,
     * streaming it into the content parser ({@code PDPage.getContentsForStreamParsing}), so a 4 MB
     * bomb there is parsed for minutes without ever being held. Decoded here first, no stream
     * reaches a later reader without having been measured. A transcript's streams decode to one
     * or two megabytes: the price is small.
     */
    static void streams(PDDocument document, ReadingBudget budget) {
        COSDocument cos = document.getDocument();
        for (COSObjectKey key : new ArrayList<>(cos.getXrefTable().keySet())) {
            budget.check();
            if (cos.getObjectFromPool(key).getObject() instanceof COSStream stream && stream.getFilters() != null) {
                try (InputStream in = stream.createInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // a stream that does not decode: what needs it says so (a transcript's all decode)
                }
            }
        }
    }

    /** The page tree: its declared count, its real leaves, each page once, no cycle, bounded depth. */
    static void pages(PDDocument document, ReadingBudget budget) {
        COSDictionary root = dictionary(document.getDocumentCatalog().getCOSObject().getItem(COSName.PAGES));
        if (root == null) {
            budget.refuse("it has no page tree");
        }
        long declared = root.getLong(COSName.COUNT, -1);
        if (declared < 0) {
            budget.refuse("its page tree does not say how many pages it has (/Count)");
        }
        if (declared > ReadingBudget.MAX_PAGES) {
            budget.refuse("its page tree declares " + declared + " pages; a transcript has at most "
                    + ReadingBudget.MAX_PAGES);
        }
        Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSDictionary> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(0);
        seen.add(root);
        int leaves = 0;
        while (!nodes.isEmpty()) {
            COSDictionary node = nodes.pop();
            int depth = depths.pop();
            budget.check();
            COSBase kids = node.getDictionaryObject(COSName.KIDS);
            if (!(kids instanceof COSArray array)) {
                leaves++;
                if (leaves > ReadingBudget.MAX_PAGES) {
                    budget.refuse("its page tree holds more than " + ReadingBudget.MAX_PAGES
                            + " pages; a transcript has at most " + ReadingBudget.MAX_PAGES);
                }
                continue;
            }
            if (depth >= ReadingBudget.MAX_PAGE_TREE_DEPTH) {
                budget.refuse("its page tree is more than " + ReadingBudget.MAX_PAGE_TREE_DEPTH + " levels deep");
            }
            if (array.size() > ReadingBudget.MAX_PAGES) {
                budget.refuse("a node of its page tree lists " + array.size() + " kids; a transcript has at most "
                        + ReadingBudget.MAX_PAGES + " pages");
            }
            for (int i = array.size() - 1; i >= 0; i--) {
                COSBase entry = array.get(i);
                COSDictionary kid = dictionary(entry);
                if (kid == null) {
                    continue; // PDFBox skips what is not a dictionary, and so does every check after this
                }
                if (!seen.add(kid)) {
                    budget.refuse("its page tree lists " + name(entry) + " more than once (a page or a node "
                            + "repeated, or a cycle); each page of a transcript appears once");
                }
                nodes.push(kid);
                depths.push(depth + 1);
            }
        }
        if (declared != leaves) {
            budget.refuse("its page tree declares " + declared + " pages but holds " + leaves);
        }
    }

    /** The embedded-files name tree: bounded in nodes and depth, no node twice. */
    static void names(PDDocument document, ReadingBudget budget) {
        COSDictionary names = dictionary(document.getDocumentCatalog().getCOSObject().getItem(COSName.NAMES));
        COSDictionary tree = names == null ? null : dictionary(names.getItem(COSName.EMBEDDED_FILES));
        if (tree == null) {
            return; // no attachments: the event-log check says so
        }
        Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSDictionary> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(tree);
        depths.push(0);
        seen.add(tree);
        while (!nodes.isEmpty()) {
            COSDictionary node = nodes.pop();
            int depth = depths.pop();
            budget.check();
            if (!(node.getDictionaryObject(COSName.KIDS) instanceof COSArray kids)) {
                continue;
            }
            if (depth >= ReadingBudget.MAX_NAME_TREE_DEPTH) {
                budget.refuse("its embedded-files name tree is more than " + ReadingBudget.MAX_NAME_TREE_DEPTH
                        + " levels deep; a transcript's has one level");
            }
            for (int i = 0; i < kids.size(); i++) {
                COSBase entry = kids.get(i);
                COSDictionary kid = dictionary(entry);
                if (kid == null) {
                    continue;
                }
                if (!seen.add(kid)) {
                    budget.refuse("its embedded-files name tree lists " + name(entry) + " more than once (a node "
                            + "that lists itself or an earlier node: a cycle)");
                }
                if (seen.size() > ReadingBudget.MAX_NAME_TREE_NODES) {
                    budget.refuse("its embedded-files name tree has more than " + ReadingBudget.MAX_NAME_TREE_NODES
                            + " nodes; a transcript's has one");
                }
                nodes.push(kid);
                depths.push(depth + 1);
            }
        }
    }

    private static COSDictionary dictionary(COSBase value) {
        COSBase v = value instanceof COSObject o ? o.getObject() : value;
        return v instanceof COSDictionary d ? d : null;
    }

    /** "object 4 0" for a reference, "a direct dictionary" otherwise. */
    private static String name(COSBase entry) {
        if (entry instanceof COSObject o && o.getKey() != null) {
            COSObjectKey key = o.getKey();
            return "object " + key.getNumber() + " " + key.getGeneration();
        }
        return "a dictionary";
    }
}
