package org.keyceremony.transcript;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.keyceremony.base.Digests;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.DurableFile;

/**
 * Produces the signed transcript file: renders the content, signs it, checks the result
 * with the auditor's own {@link TranscriptVerifier}, then writes it {@code CREATE_NEW},
 * fsyncs it and reads it back. Writing is the last act; nothing touches the file after.
 */
public final class TranscriptWriter {

    private TranscriptWriter() {
    }

    /**
     * The name of a ceremony's transcript in its output folder, {@code transcript-<ceremony id>.pdf}:
     * the signing step writes it, and recovery, the wizard and the command line look for it.
     */
    public static String fileName(java.util.UUID ceremonyId) {
        return "transcript-" + ceremonyId + ".pdf";
    }

    /**
     * Writes the signed transcript to {@code target}, which must not exist.
     *
     * @param attachments the event log ({@link Attachment#EVENT_LOG}) and the other files to embed
     * @param root        the root certificate the signer's chain ends in (its fingerprint is checked)
     * @return the report of the verification run on the written file
     */
    public static VerificationReport write(Path target, TranscriptContent content, List<Attachment> attachments,
                                           TranscriptSigner signer, X509Certificate root, Instant now)
            throws KeyCeremonyException {
        if (Files.exists(target)) {
            throw new KeyCeremonyException("The transcript " + target + " already exists; a transcript is never "
                    + "overwritten. Choose another output directory.");
        }
        byte[] unsigned = TranscriptRenderer.render(content, attachments, now);
        byte[] signed = signer.sign(unsigned, now, signerName(content.cover()), reason(content.cover()));
        String fingerprint;
        try {
            fingerprint = Digests.sha256Hex(root.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new KeyCeremonyException("The root certificate cannot be encoded; the transcript was not written.", e);
        }
        VerificationReport check = TranscriptVerifier.verify(target.getFileName().toString(), signed, fingerprint);
        if (!check.valid()) {
            throw new KeyCeremonyException("The freshly signed transcript does not verify, so it was not written: "
                    + check.failures().stream().map(c -> c.name() + ": " + c.reason())
                    .collect(Collectors.joining("; ")) + ". Please report this with the event log.");
        }
        writeNew(target, signed);
        return check;
    }

    /** The signature's /Name: which kind of ceremony signed, never a person. */
    static String signerName(TranscriptContent.Cover cover) {
        return cover.rehearsal() ? "KeyCeremony rehearsal transcript signer" : "KeyCeremony transcript signer";
    }

    /** The signature's /Reason. */
    static String reason(TranscriptContent.Cover cover) {
        return "Transcript of ceremony " + cover.ceremonyId();
    }

    /**
     * The signed transcript of an event log, in one call: {@link LogTranscript#of} then
     * {@link LogTranscript#writeSigned}.
     *
     * @param eventLog   the bytes of the event log file, ending with its {@code ceremony-end}
     * @param scriptText the script as it was hashed at the start
     */
    public static VerificationReport writeFromLog(Path target, byte[] eventLog, String scriptText,
                                                  X509Certificate signerCertificate, TranscriptSigner signer,
                                                  X509Certificate root) throws KeyCeremonyException {
        return LogTranscript.signed(eventLog, scriptText, root, signerCertificate).writeSigned(target, signer, root);
    }

    /**
     * The unsigned transcript of a closed event log (a ceremony without an HSM), in one call:
     * {@link LogTranscript#of} then {@link LogTranscript#writeUnsigned}.
     */
    public static void writeUnsignedFromLog(Path target, byte[] eventLog, String scriptText)
            throws KeyCeremonyException {
        LogTranscript.of(eventLog, scriptText, List.of()).writeUnsigned(target);
    }

    /** Published whole or not at all ({@link DurableFile}), never over an existing file; read back and compared. */
    static void writeNew(Path target, byte[] bytes) throws KeyCeremonyException {
        try {
            DurableFile.writeNew(target, bytes);
        } catch (FileAlreadyExistsException e) {
            throw new KeyCeremonyException("The transcript " + target + " already exists; a transcript is never "
                    + "overwritten. Choose another output directory.", e);
        } catch (IOException e) {
            throw new KeyCeremonyException("The transcript could not be written to " + target + " ("
                    + e.getClass().getSimpleName() + "). Check the medium and free space; the event log is intact "
                    + "and the transcript can be produced again from it.", e);
        }
        try {
            if (!Arrays.equals(Files.readAllBytes(target), bytes)) {
                throw new KeyCeremonyException("The transcript written to " + target + " reads back differently; "
                        + "the medium is unreliable. Write it to another medium.");
            }
        } catch (IOException e) {
            throw new KeyCeremonyException("The transcript written to " + target + " cannot be read back ("
                    + e.getClass().getSimpleName() + "). Write it to another medium.", e);
        }
    }
}
