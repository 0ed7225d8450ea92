package org.keyceremony.transcript;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.keyceremony.base.Digests;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.journal.EventType;

/**
 * The rule that the pages are exactly what the log says: the file is rendered again from its
 * own embedded log, script and certificates, with the renderer that made it, and compared byte
 * for byte. What an insider holding the signing key could draw, hide, crop, annotate, attach or
 * script into a transcript is then simply not what the log renders.
 *
 * <ul>
 *   <li>{@code attachments}: the embedded script is the one whose SHA-256 the log records, and
 *       the embedded certificates are those in the signature (which {@link CeremonyBinding}
 *       ties to the log). The reproduction uses these sources only.</li>
 *   <li>{@code pages-reproduced}: the first revision (the unsigned PDF: pages, fonts, metadata,
 *       output intent, every embedded file, the name tree) equals what the log renders.</li>
 *   <li>{@code signing-revision}: the update that holds the signature equals what the signer
 *       writes over that revision, but for the signature value in /Contents.</li>
 * </ul>
 */
final class Reproduction {
    private static final Pattern OBJECT = Pattern.compile("(?:^|[\\r\\n])(\\d{1,10}) (\\d{1,5}) obj\\b");

    /** What the file was rendered from, once {@code attachments} has checked each against the log. */
    record Sources(byte[] log, String script, SigningChain chain) {
    }

    private Reproduction() {
    }

    /**
     * Checks the embedded sources against the log; returns them when every one agrees, for {@link #pages}.
     *
     * @param root   the root of the signature's verified chain (null when unsigned or not verified)
     * @param signer the signature's signer (null when unsigned or not verified)
     */
    static Sources attachments(PDDocument document, EventLogVerifier.Result log, boolean signed, SigningChain chain,
                               List<Check> out) {
        if (log == null) {
            out.add(Check.fail("attachments", "not compared: the embedded event log did not verify"));
            return null;
        }
        try {
            byte[] logBytes = EmbeddedFiles.read(document, Attachment.EVENT_LOG, EventLogVerifier.MAX_FILE_BYTES)
                    .orElse(null);
            Optional<byte[]> script = EmbeddedFiles.read(document, Attachment.SCRIPT, EventLogVerifier.MAX_FILE_BYTES);
            String recorded = start(log).map(e -> text(e.data().get("scriptSha256"))).orElse("");
            if (logBytes == null || script.isEmpty()) {
                out.add(Check.fail("attachments", "the embedded ceremony script (" + Attachment.SCRIPT + ") is missing"));
                return null;
            }
            String scriptSha = Digests.sha256Hex(script.get());
            if (!scriptSha.equalsIgnoreCase(recorded)) {
                out.add(Check.fail("attachments", "the embedded script has SHA-256 " + scriptSha + ", but the log records "
                        + "that the ceremony followed the script " + (recorded.isEmpty() ? "(none recorded)" : recorded)));
                return null;
            }
            String scriptText = utf8(script.get());
            if (scriptText == null) {
                out.add(Check.fail("attachments", "the embedded script is not UTF-8 text"));
                return null;
            }
            if (!signed) {
                out.add(Check.pass("attachments", "the embedded script is the one the log records (SHA-256 "
                        + scriptSha + ")"));
                return new Sources(logBytes, scriptText, null);
            }
            if (chain == null) {
                out.add(Check.fail("attachments", "not compared: no verified signature chain to compare the embedded "
                        + "certificates with"));
                return null;
            }
            List<Attachment> expected = Attachment.certificates(chain);
            for (Attachment a : expected) {
                Optional<byte[]> embedded = EmbeddedFiles.read(document, a.name(), 1 << 20);
                if (embedded.isEmpty() || !Arrays.equals(embedded.get(), a.bytes())) {
                    out.add(Check.fail("attachments", "the embedded " + a.name() + " is " + (embedded.isEmpty()
                            ? "missing" : "not the certificate in the signature") + ": the transcript embeds exactly "
                            + "the certificates that signed it"));
                    return null;
                }
            }
            out.add(Check.pass("attachments", "the embedded script is the one the log records (SHA-256 " + scriptSha
                    + "); the embedded root and transcript-signing certificates are those of the signature"));
            if (chain.ceremonyCa().isEmpty() && EmbeddedFiles.read(document, Attachment.CEREMONY_CA, 1 << 20).isPresent()) {
                out.add(Check.fail("attachments", "the transcript embeds a ceremony CA certificate that did not sign it: "
                        + "the transcript embeds exactly the certificates that signed it"));
                return null;
            }
            return new Sources(logBytes, scriptText, chain);
        } catch (IOException | CertificateEncodingException | RuntimeException e) {
            out.add(Check.fail("attachments", "the embedded files cannot be read (" + e.getClass().getSimpleName() + ")"));
            return null;
        }
    }

    /**
     * Renders the transcript again from {@code sources} and compares it with {@code pdf}: the
     * first revision, then (signed) the signing revision.
     *
     * @return when the whole file is what the log renders (both checks passed): the text drawn on
     *         each of its pages, which is then the text of the file's pages without extracting it
     */
    static Optional<List<String>> pages(byte[] pdf, EventLogVerifier.Result log, Sources sources,
                                        PDSignature signature, List<Check> out) {
        if (sources == null) {
            out.add(Check.fail("pages-reproduced", "not compared: the embedded sources did not check out"));
            return Optional.empty();
        }
        Optional<String> unknownLayout = layoutProblem(log);
        if (unknownLayout.isPresent()) {
            out.add(Check.fail("pages-reproduced", unknownLayout.get()));
            return Optional.empty();
        }
        boolean signed = signature != null;
        LogTranscript transcript;
        TranscriptRenderer.Rendering rendering;
        try {
            // the log the event-log check verified, read from the same embedded file
            transcript = signed ? LogTranscript.signed(log, sources.log(), sources.script(), sources.chain())
                    : LogTranscript.of(log, sources.log(), sources.script(), List.of());
            rendering = transcript.rendering(!signed);
        } catch (KeyCeremonyException e) {
            out.add(Check.fail("pages-reproduced", "the embedded log cannot be rendered again: " + e.getMessage()));
            return Optional.empty();
        }
        byte[] rendered = rendering.pdf();
        int differs = mismatch(pdf, rendered, rendered.length);
        if (differs >= 0 || (!signed && pdf.length != rendered.length)) {
            out.add(Check.fail("pages-reproduced", "the file is not what its embedded log renders: "
                    + (differs >= 0 ? "it differs at byte " + differs + where(rendered, differs)
                    : "it has " + (pdf.length - rendered.length) + " bytes more")
                    + ". Something was drawn, hidden, cropped, annotated or attached that the log does not say"));
            return Optional.empty();
        }
        out.add(Check.pass("pages-reproduced", "the " + (signed ? "signed revision" : "file") + " (" + rendered.length
                + " bytes: every page, font, embedded file and the metadata) is byte for byte what the embedded log "
                + "renders"));
        if (signed && !signingRevision(pdf, rendered, transcript, signature, out)) {
            return Optional.empty();
        }
        return Optional.of(rendering.pageTexts());
    }

    private static boolean signingRevision(byte[] pdf, byte[] unsigned, LogTranscript transcript, PDSignature signature,
                                        List<Check> out) {
        TranscriptSigner.Template template;
        try {
            TranscriptContent.Cover cover = transcript.content().cover();
            template = TranscriptSigner.withoutSignature(unsigned, transcript.renderedAt(),
                    TranscriptWriter.signerName(cover), TranscriptWriter.reason(cover));
        } catch (IOException | RuntimeException e) {
            out.add(Check.fail("signing-revision", "the signing revision cannot be rendered again ("
                    + e.getClass().getSimpleName() + ")"));
            return false;
        }
        int[] range = signature.getByteRange();
        int[] want = template.byteRange();
        if (range == null || range.length != 4 || !Arrays.equals(range, want) || pdf.length != template.bytes().length) {
            out.add(Check.fail("signing-revision", "the update that holds the signature is not what the signer writes: "
                    + "its signature value sits at " + Arrays.toString(range) + " in " + pdf.length
                    + " bytes, where the signer puts it at " + Arrays.toString(want) + " in " + template.bytes().length));
            return false;
        }
        int gapStart = want[1];
        int gapEnd = want[2];
        int before = mismatch(pdf, template.bytes(), gapStart);
        int after = mismatch(Arrays.copyOfRange(pdf, gapEnd, pdf.length),
                Arrays.copyOfRange(template.bytes(), gapEnd, pdf.length), pdf.length - gapEnd);
        if (before >= 0 || after >= 0) {
            int at = before >= 0 ? before : gapEnd + after;
            out.add(Check.fail("signing-revision", "the update that holds the signature is not what the signer writes "
                    + "(it holds more than the signature, or other names, dates or options): it differs at byte " + at + where(template.bytes(), at)));
            return false;
        }
        out.add(Check.pass("signing-revision", "the update after the pages holds the signature and nothing else: "
                + "byte for byte what the signer writes, but for the signature value"));
        return true;
    }

    /** Empty when this version renders the log's layout; else why the pages cannot be rendered again. */
    private static Optional<String> layoutProblem(EventLogVerifier.Result log) {
        Object layout = start(log).map(e -> e.data().get("transcriptLayout")).orElse(null);
        if (layout == null) {
            return Optional.of("the log names no transcript layout: it was made before KeyCeremony rendered its pages "
                    + "deterministically (layout " + TranscriptRenderer.LAYOUT + "), so they cannot be rendered again "
                    + "and compared; verify it with the version that made it (ceremony-start records it)");
        }
        if (!(layout instanceof Number n) || n.longValue() != TranscriptRenderer.LAYOUT) {
            return Optional.of("the log's transcript layout " + layout + " is not one this version renders (layout "
                    + TranscriptRenderer.LAYOUT + "); verify it with the version that made it");
        }
        return Optional.empty();
    }

    private static Optional<Event> start(EventLogVerifier.Result log) {
        return log.events().stream().filter(e -> e.is(EventType.CEREMONY_START)).findFirst();
    }

    private static String text(Object o) {
        return o instanceof String s ? s : "";
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The first index below {@code length} where the two differ (or where one ends), or -1. */
    private static int mismatch(byte[] file, byte[] expected, int length) {
        int n = Math.min(length, Math.min(file.length, expected.length));
        int at = Arrays.mismatch(Arrays.copyOf(file, n), Arrays.copyOf(expected, n));
        if (at >= 0) {
            return at;
        }
        return file.length < length || expected.length < length ? n : -1;
    }

    /** ", in object N" for the object of the rendered file that holds {@code offset}: a hint, never trusted. */
    private static String where(byte[] rendered, int offset) {
        String head = new String(rendered, 0, Math.min(offset, rendered.length), StandardCharsets.ISO_8859_1);
        Matcher m = OBJECT.matcher(head);
        String object = null;
        while (m.find()) {
            object = m.group(1) + " " + m.group(2);
        }
        return object == null ? "" : " (in object " + object + " of the rendering)";
    }
}
