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
    public static final String CEREMONY_CA = "ceremony-ca.pem";

    /**
     * The two certificates a signed transcript embeds after its log and script, as PEM: the
     * root, then the transcript-signing certificate (and the ceremony CA's between them, see
     * {@link #certificates(SigningChain)}). The verifier makes them again from the certificates
     * in the signature and compares.
     */
    public static List<Attachment> certificates(X509Certificate root, X509Certificate signer)
            throws CertificateEncodingException {
        return certificates(SigningChain.of(signer, root));
    }

    /**
     * The certificates of {@code chain} as PEM attachments: the root, the ceremony CA when the
     * chain has one, then the transcript-signing certificate.
     */
    public static List<Attachment> certificates(SigningChain chain) throws CertificateEncodingException {
        List<Attachment> all = new java.util.ArrayList<>();
        all.add(new Attachment(ROOT_CERTIFICATE, "application/x-pem-file", "The root certificate", Relationship.DATA,
                pem(chain.root())));
        if (chain.ceremonyCa().isPresent()) {
            all.add(new Attachment(CEREMONY_CA, "application/x-pem-file", "The ceremony CA certificate (issued by the "
                    + "root; it issued the transcript-signing certificate)", Relationship.DATA, pem(chain.ceremonyCa().get())));
        }
        all.add(new Attachment(TRANSCRIPT_SIGNER, "application/x-pem-file", "The transcript-signing certificate",
                Relationship.DATA, pem(chain.signer())));
        return List.copyOf(all);
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
