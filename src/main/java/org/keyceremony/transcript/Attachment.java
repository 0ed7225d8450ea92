package org.keyceremony.transcript;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
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
    public static final String ROOT_CERTIFICATE = "root-certificate.pem";
    public static final String TRANSCRIPT_SIGNER = "transcript-signer.pem";

    /**
     * The two certificates a signed transcript embeds after its log and script, as PEM: the
     * root, then the transcript-signing certificate. The verifier makes them again from the
     * certificates in the signature and compares.
     */
    public static List<Attachment> certificates(X509Certificate root, X509Certificate signer)
            throws CertificateEncodingException {
        return List.of(
                new Attachment(ROOT_CERTIFICATE, "application/x-pem-file", "The root certificate", Relationship.DATA,
                        pem(root)),
                new Attachment(TRANSCRIPT_SIGNER, "application/x-pem-file", "The transcript-signing certificate",
                        Relationship.DATA, pem(signer)));
    }

    private static byte[] pem(X509Certificate c) throws CertificateEncodingException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded());
        return ("-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

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
        /** Data the document presents (the certificates). */
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
