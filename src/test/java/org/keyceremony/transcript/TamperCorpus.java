package org.keyceremony.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;

/**
 * Makes tampered transcripts from a genuine one, each the way an attacker would: the
 * fixtures of the verifier's tests and of {@code transcripts/fixtures/}. Every method takes
 * the genuine file's bytes and returns the tampered file's bytes.
 */
final class TamperCorpus {
    private TamperCorpus() {
    }

    /** All fixtures by file name; {@code otherPki} signs the "another key" one. */
    static Map<String, byte[]> all(byte[] genuine, TestPki otherPki) throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("flipped-content-byte.pdf", flippedContentByte(genuine));
        m.put("incremental-text-change.pdf", incrementalTextChange(genuine));
        m.put("replaced-event-log.pdf", replacedEventLog(genuine));
        m.put("signature-removed.pdf", signatureRemoved(genuine));
        m.put("signed-by-another-key.pdf", signedByAnotherKey(genuine, otherPki));
        m.put("truncated.pdf", truncated(genuine));
        m.put("shadow-overlay.pdf", shadowOverlay(genuine));
        return m;
    }

    /** One byte of page 2's content stream inverted, inside the signed range. */
    static byte[] flippedContentByte(byte[] genuine) throws IOException {
        byte[] out = genuine.clone();
        try (PDDocument doc = Loader.loadPDF(genuine)) {
            COSBase contents = doc.getPage(1).getCOSObject().getItem(COSName.CONTENTS);
            if (contents instanceof org.apache.pdfbox.cos.COSArray array) {
                contents = array.get(array.size() > 1 ? 1 : 0); // the page body, not the watermark
            }
            COSObjectKey key = ((COSObject) contents).getKey();
            long offset = doc.getDocument().getXrefTable().get(key);
            int stream = indexOf(genuine, "stream".getBytes(StandardCharsets.US_ASCII), (int) offset);
            int at = stream + "stream".length() + 20;
            out[at] = (byte) ~out[at];
        }
        return out;
    }

    /** An incremental update after signing that rewrites the cover page: two printed values swapped. */
    static byte[] incrementalTextChange(byte[] genuine) throws IOException {
        try (PDDocument doc = Loader.loadPDF(genuine)) {
            PDPage page = doc.getPage(0);
            String content;
            try (InputStream in = page.getContents()) {
                content = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            List<String> strings = new ArrayList<>();
            Matcher m = Pattern.compile("<([0-9A-Fa-f]{8,})> Tj").matcher(content);
            while (m.find()) {
                strings.add(m.group(1));
            }
            // Swap two printed values: "completed" and the approval reference, say.
            String a = strings.get(strings.size() / 3);
            String b = strings.get(strings.size() / 3 + 1);
            String changed = content.replace("<" + a + "> Tj", "<TMP> Tj").replace("<" + b + "> Tj", "<" + a + "> Tj")
                    .replace("<TMP> Tj", "<" + b + "> Tj");
            COSStream stream = doc.getDocument().createCOSStream();
            try (var os = stream.createOutputStream(COSName.FLATE_DECODE)) {
                os.write(changed.getBytes(StandardCharsets.ISO_8859_1));
            }
            page.getCOSObject().setItem(COSName.CONTENTS, stream);
            page.getCOSObject().setNeedToBeUpdated(true);
            return incremental(doc);
        }
    }

    /** An incremental update that swaps the embedded event log for an edited one whose chain is recomputed. */
    static byte[] replacedEventLog(byte[] genuine) throws Exception {
        try (PDDocument doc = Loader.loadPDF(genuine)) {
            PDComplexFileSpecification spec = doc.getDocumentCatalog().getNames().getEmbeddedFiles().getNames()
                    .get(Attachment.EVENT_LOG);
            byte[] log;
            try (InputStream in = spec.getEmbeddedFile().createInputStream()) {
                log = in.readAllBytes();
            }
            byte[] forged = rechained(log);
            PDEmbeddedFile file = new PDEmbeddedFile(doc, new java.io.ByteArrayInputStream(forged));
            file.setSubtype("application/jsonl");
            file.setSize(forged.length);
            spec.setEmbeddedFile(file);
            spec.setEmbeddedFileUnicode(file);
            spec.getCOSObject().setNeedToBeUpdated(true);
            COSBase ef = spec.getCOSObject().getDictionaryObject(COSName.EF);
            if (ef instanceof COSDictionary d) {
                d.setNeedToBeUpdated(true);
            }
            return incremental(doc);
        }
    }

    /** The log with share 2's commitment replaced and every hash recomputed: a consistent forgery. */
    private static byte[] rechained(byte[] log) throws Exception {
        EventLogVerifier.Result parsed = EventLogVerifier.verify(log);
        StringBuilder sb = new StringBuilder();
        String prev = Event.GENESIS;
        for (Event e : parsed.events()) {
            Map<String, Object> data = e.data();
            if ("step-end".equals(e.type()) && Facts.of(data.get("facts")).has("commitment")) {
                Map<String, Object> facts = new LinkedHashMap<>(Facts.of(data.get("facts")).map());
                if (isShareTwo(facts)) {
                    facts.put("commitment", "f".repeat(64));
                    data = new LinkedHashMap<>(data);
                    data.put("facts", facts);
                }
            } else if ("step-end".equals(e.type()) && Facts.of(data.get("facts")).has("shares")
                    && Facts.of(data.get("facts")).map().get("shares") instanceof List<?> rows) {
                // A write-share step for every custodian at once (the shipped root script): one row per share.
                List<Object> forgedRows = new ArrayList<>();
                for (Object row : rows) {
                    Map<String, Object> r = new LinkedHashMap<>(Facts.of(row).map());
                    if (isShareTwo(r)) {
                        r.put("commitment", "f".repeat(64));
                    }
                    forgedRows.add(r);
                }
                Map<String, Object> facts = new LinkedHashMap<>(Facts.of(data.get("facts")).map());
                facts.put("shares", forgedRows);
                data = new LinkedHashMap<>(data);
                data.put("facts", facts);
            }
            Event forged = Event.next(e.seq(), e.time(), e.type(), e.step(), e.actor(), data, prev);
            sb.append(forged.toJsonLine()).append('\n');
            prev = forged.hash();
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Share number 2, written as a number (synthetic log) or as text (the engine's share table). */
    private static boolean isShareTwo(Map<String, Object> facts) {
        Object n = facts.get("shareNumber");
        return Long.valueOf(2).equals(n) || "2".equals(n);
    }

    /** The signature field and its widget removed, the file saved anew (no trace of the signature). */
    static byte[] signatureRemoved(byte[] genuine) throws IOException {
        try (PDDocument doc = Loader.loadPDF(genuine)) {
            PDAcroForm form = doc.getDocumentCatalog().getAcroForm(null);
            form.getFields().clear();
            form.getCOSObject().removeItem(COSName.SIG_FLAGS);
            for (PDPage page : doc.getPages()) {
                page.setAnnotations(new ArrayList<>(page.getAnnotations().stream()
                        .filter(a -> !"Widget".equals(a.getSubtype())).toList()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** The unsigned revision signed again by another transcript key under another root. */
    static byte[] signedByAnotherKey(byte[] genuine, TestPki other) throws Exception {
        byte[] unsigned = Arrays.copyOf(genuine, firstRevisionEnd(genuine));
        TranscriptSigner signer = TranscriptSigner.withKey(other.signerKey().getPrivate(), null, other.signer(),
                other.root());
        // Signed at the genuine signature's time: only the key differs.
        Instant genuineTime;
        try (PDDocument doc = Loader.loadPDF(genuine)) {
            genuineTime = doc.getLastSignatureDictionary().getSignDate().toInstant();
        }
        return signer.sign(unsigned, genuineTime, "Someone else", "forged");
    }

    /** The last third of the file cut off (an interrupted copy). */
    static byte[] truncated(byte[] genuine) {
        return Arrays.copyOf(genuine, genuine.length * 2 / 3);
    }

    /**
     * Shadow attack (overlay): an incremental update that adds a content stream drawing a
     * white box over the cover's outcome and another word on top.
     */
    static byte[] shadowOverlay(byte[] genuine) throws IOException {
        try (PDDocument doc = Loader.loadPDF(genuine)) {
            PDPage page = doc.getPage(0);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true)) {
                cs.setNonStrokingColor(1f, 1f, 1f);
                cs.addRect(180, 420, 300, 200);
                cs.fill();
                cs.beginText();
                cs.setNonStrokingColor(0.1f, 0.1f, 0.1f);
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                cs.newLineAtOffset(190, 500);
                cs.showText("aborted");
                cs.endText();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            return incremental(doc);
        }
    }

    private static byte[] incremental(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.saveIncremental(out);
        return out.toByteArray();
    }

    /** End of the first revision: just after its first %%EOF and its one end of line (CR LF, LF or CR). */
    static int firstRevisionEnd(byte[] pdf) {
        int at = indexOf(pdf, "%%EOF".getBytes(StandardCharsets.US_ASCII), 0) + 5;
        if (at < pdf.length && pdf[at] == '\r') {
            at++;
        }
        if (at < pdf.length && pdf[at] == '\n') {
            at++;
        }
        return at;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found");
    }

    /**
     * Writes the genuine transcript, every fixture and the root fingerprint into the directory
     * given as the first argument (see transcripts/fixtures/README.md). With two more
     * arguments, {@code GENUINE.pdf FINGERPRINT}, the genuine transcript is that file (a real
     * rehearsal's) and its root has that SHA-256 fingerprint; without them a synthetic one is made.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Path genuine = dir.resolve("genuine.pdf");
        String fingerprint;
        if (args.length == 3) {
            Files.copy(Path.of(args[1]), genuine);
            fingerprint = args[2].strip();
        } else {
            GenuineTranscript.write(genuine, GenuineTranscript.PKI);
            fingerprint = GenuineTranscript.rootFingerprint();
        }
        for (Map.Entry<String, byte[]> e : all(Files.readAllBytes(genuine), TestPki.create("Mallory Root")).entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue(), java.nio.file.StandardOpenOption.CREATE_NEW);
        }
        Files.writeString(dir.resolve("root-fingerprint.txt"), fingerprint + "\n", java.nio.file.StandardOpenOption.CREATE_NEW);
    }
}
