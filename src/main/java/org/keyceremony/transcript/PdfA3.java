package org.keyceremony.transcript;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.keyceremony.base.Digests;

/**
 * The PDF/A-3b parts of a transcript: XMP identification (written by hand; XmpBox is not a
 * dependency), the sRGB output intent, and the associated files (event log, script,
 * certificates) with their relationship to the document.
 */
final class PdfA3 {
    private static final DateTimeFormatter XMP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private PdfA3() {
    }

    /** Document information and the matching XMP packet (PDF/A requires the two to agree). */
    static void identify(PDDocument document, String title, String subject, Instant created) throws IOException {
        // Not the software version: the pages and the log name it, and a verifier of another
        // version must render the same bytes from the same log.
        identify(document, title, subject, created, "KeyCeremony (transcript layout " + TranscriptRenderer.LAYOUT + ")");
    }

    /** As above, naming another producer (a document that is not a transcript says what it is). */
    static void identify(PDDocument document, String title, String subject, Instant created, String producer)
            throws IOException {
        Calendar when = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        when.setTimeInMillis(created.toEpochMilli() / 1000 * 1000);
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(title);
        info.setSubject(subject);
        info.setCreator(producer);
        info.setProducer(producer);
        info.setCreationDate(when);
        info.setModificationDate(when);

        String date = XMP_DATE.format(created);
        String xmp = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + "  <rdf:Description rdf:about=\"\"\n"
                + "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                + "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                + "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                + "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                + "   <pdfaid:part>3</pdfaid:part>\n"
                + "   <pdfaid:conformance>B</pdfaid:conformance>\n"
                + "   <dc:format>application/pdf</dc:format>\n"
                + "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml(title) + "</rdf:li></rdf:Alt></dc:title>\n"
                + "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml(subject)
                + "</rdf:li></rdf:Alt></dc:description>\n"
                + "   <dc:creator><rdf:Seq><rdf:li>" + xml(producer) + "</rdf:li></rdf:Seq></dc:creator>\n"
                + "   <xmp:CreatorTool>" + xml(producer) + "</xmp:CreatorTool>\n"
                + "   <xmp:CreateDate>" + date + "</xmp:CreateDate>\n"
                + "   <xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n"
                + "   <xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n"
                + "   <pdf:Producer>" + xml(producer) + "</pdf:Producer>\n"
                + "  </rdf:Description>\n"
                + " </rdf:RDF>\n"
                + "</x:xmpmeta>\n"
                + "<?xpacket end=\"w\"?>";
        PDMetadata metadata = new PDMetadata(document);
        metadata.importXMPMetadata(xmp.getBytes(StandardCharsets.UTF_8));
        document.getDocumentCatalog().setMetadata(metadata);
    }

    /**
     * SHA-256 of the sRGB profile layout 2 embeds as the output intent (icc/sRGB.icc, shipped
     * with the program, not the Java runtime's, which differs between runtimes). Pinned: a
     * profile is not drawn, but it maps every colour on the pages, so another could turn text white.
     */
    static final String SRGB_SHA256 = "2a92d4bae450b76d8b0aa42193df974d75f62738ecebf74f01c5e75b12a95796";

    static void outputIntent(PDDocument document) throws IOException {
        byte[] icc;
        try (InputStream in = PdfA3.class.getResourceAsStream("icc/sRGB.icc")) {
            icc = in == null ? new byte[0] : in.readAllBytes();
        }
        if (!Digests.sha256Hex(icc).equals(SRGB_SHA256)) {
            throw new IOException("the program's sRGB profile (icc/sRGB.icc) is missing or not the one transcript "
                    + "layout " + TranscriptRenderer.LAYOUT + " embeds");
        }
        PDOutputIntent intent = new PDOutputIntent(document, new ByteArrayInputStream(icc));
        intent.setInfo("sRGB IEC61966-2.1");
        intent.setOutputCondition("sRGB IEC61966-2.1");
        intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
        intent.setRegistryName("http://www.color.org");
        document.getDocumentCatalog().addOutputIntent(intent);
    }

    /** Embeds the files and lists them in the catalog's /AF array (PDF/A-3 associated files). */
    static void attach(PDDocument document, List<Attachment> attachments, Instant when) throws IOException {
        Calendar modified = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        modified.setTimeInMillis(when.toEpochMilli() / 1000 * 1000);
        Map<String, PDComplexFileSpecification> names = new HashMap<>();
        COSArray af = new COSArray();
        List<String> order = new ArrayList<>();
        for (Attachment a : attachments) {
            PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(a.bytes()));
            file.setSubtype(a.mimeType());
            file.setSize(a.bytes().length);
            file.setModDate(modified);
            file.setCreationDate(modified);
            PDComplexFileSpecification spec = new PDComplexFileSpecification();
            spec.setFile(a.name());
            spec.setFileUnicode(a.name());
            spec.setFileDescription(a.description());
            spec.setEmbeddedFile(file);
            spec.setEmbeddedFileUnicode(file);
            spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), a.relationship().pdfName());
            names.put(a.name(), spec);
            order.add(a.name());
            af.add(spec);
        }
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(names);
        PDDocumentCatalog catalog = document.getDocumentCatalog();
        PDDocumentNameDictionary dictionary = new PDDocumentNameDictionary(catalog);
        dictionary.setEmbeddedFiles(tree);
        catalog.setNames(dictionary);
        catalog.getCOSObject().setItem(COSName.getPDFName("AF"), af);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
