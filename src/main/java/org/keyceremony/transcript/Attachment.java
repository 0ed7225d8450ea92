package org.keyceremony.transcript;

import java.util.Objects;

/**
 * A file embedded in the transcript as a PDF/A-3 associated file.
 *
 * @param name         file name shown by PDF readers, e.g. {@code event-log.jsonl}
 * @param mimeType     e.g. {@code application/jsonl}
 * @param relationship how the file relates to the document ({@code /AFRelationship})
 */
public record Attachment(String name, String mimeType, String description, Relationship relationship, byte[] bytes) {

    /** The standard names of the attachments the verifier reads. */
    public static final String EVENT_LOG = "event-log.jsonl";
    public static final String SCRIPT = "ceremony-script.yaml";

    public Attachment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(relationship, "relationship");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The PDF/A-3 relationships this application uses. */
    public enum Relationship {
        /** The document was rendered from this file (the event log, the script). */
        SOURCE("Source"),
        /** Data the document presents (certificate, backup metadata). */
        DATA("Data"),
        SUPPLEMENT("Supplement");

        private final String pdfName;

        Relationship(String pdfName) {
            this.pdfName = pdfName;
        }

        String pdfName() {
            return pdfName;
        }
    }
}
