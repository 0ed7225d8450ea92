package org.keyceremony.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * The hostile files of issue 19 (part 3), made here from raw PDF syntax so that none is
 * committed: each is small (the largest, the compression bombs, about 4 MB) and costs a reader
 * without bounds minutes, gigabytes or both. {@link #main} writes them to a folder for measuring
 * {@code ceremony verify} and {@code pdfsig} by hand (docs/reliability.md).
 */
final class HostilePdfs {
    /** What a compression bomb inflates to: 4 GiB. */
    static final long BOMB_DECODED_BYTES = 4L << 30;

    private HostilePdfs() {
    }

    /** A page tree whose {@code /Count} claims 2,147,483,647 pages over one real page. */
    static byte[] pageCountOfTwoBillion() {
        return onePage("/Count 2147483647", "/Kids [3 0 R]", plainContent());
    }

    /** A page tree of 50,000 {@code /Kids} entries, every one the same page (its count says 50,000). */
    static byte[] fiftyThousandEntriesToOnePage() {
        return onePage("/Count 50000", "/Kids [" + "3 0 R ".repeat(50_000) + "]", plainContent());
    }

    /** An embedded-files name tree whose only node lists itself, 16 times. */
    static byte[] nameTreeListingItself() {
        Pdf pdf = basePdf("/Names << /EmbeddedFiles 5 0 R >>", plainContent());
        pdf.object(5, "<< /Kids [" + "5 0 R ".repeat(16) + "] >>");
        return pdf.bytes();
    }

    /** An embedded-files name tree of two nodes, each listing the other 16 times. */
    static byte[] nameTreeOfTwoNodesInACycle() {
        Pdf pdf = basePdf("/Names << /EmbeddedFiles 5 0 R >>", plainContent());
        pdf.object(5, "<< /Kids [" + "6 0 R ".repeat(16) + "] >>");
        pdf.object(6, "<< /Kids [" + "5 0 R ".repeat(16) + "] >>");
        return pdf.bytes();
    }

    /** Levels of Form XObjects in {@link #formFanOut()}. */
    static final int FAN_OUT_LEVELS = 8;
    /** How often each form draws the next level in {@link #formFanOut()}. */
    static final int FAN_OUT = 10;

    /** A page drawing a form that draws the next level ten times, eight levels deep: 10^8 form runs. */
    static byte[] formFanOut() {
        return formFanOut(FAN_OUT_LEVELS, FAN_OUT);
    }

    /** A page drawing a form that draws the next level {@code fanOut} times, {@code levels} levels of forms. */
    static byte[] formFanOut(int levels, int fanOut) {
        Pdf pdf = new Pdf();
        int firstForm = 10;
        pdf.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        pdf.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                + "/Resources << /XObject << /X " + firstForm + " 0 R >> >> >>");
        pdf.stream(4, "", "/X Do\n".getBytes(StandardCharsets.US_ASCII));
        for (int level = 0; level < levels; level++) {
            int id = firstForm + level;
            boolean last = level == levels - 1;
            String resources = last ? "" : "/Resources << /XObject << /X " + (id + 1) + " 0 R >> >> ";
            String content = last ? "0 0 m 1 1 l S\n" : "/X Do\n".repeat(fanOut);
            pdf.stream(id, "/Type /XObject /Subtype /Form /BBox [0 0 612 792] " + resources,
                    content.getBytes(StandardCharsets.US_ASCII));
        }
        return pdf.bytes();
    }

    /** A page whose content stream is a 4 MB Deflate stream inflating to 4 GiB of zeros. */
    static byte[] bombInAPage() {
        Pdf pdf = new Pdf();
        pdf.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        pdf.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>");
        pdf.stream(4, "/Filter /FlateDecode ", deflateBomb());
        return pdf.bytes();
    }

    /** A file whose embedded event log is a 4 MB Deflate stream inflating to 4 GiB. */
    static byte[] bombAsTheEventLog() {
        Pdf pdf = basePdf("/Names << /EmbeddedFiles 5 0 R >>", plainContent());
        pdf.object(5, "<< /Names [(" + Attachment.EVENT_LOG + ") 6 0 R] >>");
        pdf.object(6, "<< /Type /Filespec /F (" + Attachment.EVENT_LOG + ") /UF (" + Attachment.EVENT_LOG
                + ") /EF << /F 7 0 R /UF 7 0 R >> >>");
        pdf.stream(7, "/Type /EmbeddedFile /Subtype /application#2Fjsonl /Filter /FlateDecode ", deflateBomb());
        return pdf.bytes();
    }

    /**
     * A zlib stream of {@link #BOMB_DECODED_BYTES} zeros, made without deflating them: one MiB of
     * zeros deflated and flushed in full (byte-aligned, no reference into earlier data) is
     * repeated 4,096 times, then a final empty block and the Adler-32 of the whole.
     */
    static byte[] deflateBomb() {
        int chunk = 1 << 20;
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[chunk]);
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        byte[] buf = new byte[64 << 10];
        while (!deflater.needsInput()) {
            one.write(buf, 0, deflater.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH));
        }
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH)) > 0) {
            one.write(buf, 0, n);
        }
        deflater.end();
        byte[] block = one.toByteArray();
        int repeats = (int) (BOMB_DECODED_BYTES / chunk);
        ByteArrayOutputStream out = new ByteArrayOutputStream(block.length * repeats + 16);
        out.write(0x78);
        out.write(0xDA);
        for (int i = 0; i < repeats; i++) {
            out.write(block, 0, block.length);
        }
        out.write(0x03); // final block, fixed Huffman codes, end of block at once
        out.write(0x00);
        long adler = ((BOMB_DECODED_BYTES % 65521) << 16) | 1; // Adler-32 of n zeros: a = 1, b = n mod 65521
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (adler >>> shift) & 0xFF);
        }
        return out.toByteArray();
    }

    /** Every hostile file by the name {@link #main} writes it under. */
    static List<Named> all() {
        return List.of(new Named("page-count-2147483647.pdf", pageCountOfTwoBillion()),
                new Named("name-tree-lists-itself.pdf", nameTreeListingItself()),
                new Named("name-tree-two-node-cycle.pdf", nameTreeOfTwoNodesInACycle()),
                new Named("50000-entries-one-page.pdf", fiftyThousandEntriesToOnePage()),
                new Named("form-fan-out.pdf", formFanOut()),
                new Named("bomb-in-a-page.pdf", bombInAPage()),
                new Named("bomb-as-event-log.pdf", bombAsTheEventLog()));
    }

    /** A file and its name. */
    record Named(String name, byte[] bytes) {
    }

    /** Writes every hostile file into the folder {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Named f : all()) {
            Files.write(dir.resolve(f.name()), f.bytes());
            System.out.println(dir.resolve(f.name()) + " " + f.bytes().length + " bytes");
        }
    }

    private static byte[] plainContent() {
        return "0 0 m 100 100 l S\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] onePage(String count, String kids, byte[] content) {
        Pdf pdf = new Pdf();
        pdf.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        pdf.object(2, "<< /Type /Pages " + kids + " " + count + " >>");
        pdf.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>");
        pdf.stream(4, "", content);
        return pdf.bytes();
    }

    private static Pdf basePdf(String catalogExtra, byte[] content) {
        Pdf pdf = new Pdf();
        pdf.object(1, "<< /Type /Catalog /Pages 2 0 R " + catalogExtra + " >>");
        pdf.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>");
        pdf.stream(4, "", content);
        return pdf;
    }

    /** A PDF written object by object, with a correct cross-reference table. */
    private static final class Pdf {
        private final List<byte[]> objects = new ArrayList<>();
        private final List<Integer> numbers = new ArrayList<>();

        void object(int number, String body) {
            numbers.add(number);
            objects.add((number + " 0 obj\n" + body + "\nendobj\n").getBytes(StandardCharsets.ISO_8859_1));
        }

        void stream(int number, String dictionary, byte[] data) {
            ByteArrayOutputStream b = new ByteArrayOutputStream(data.length + 100);
            b.writeBytes((number + " 0 obj\n<< " + dictionary + "/Length " + data.length + " >>\nstream\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            b.writeBytes(data);
            b.writeBytes("\nendstream\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
            numbers.add(number);
            objects.add(b.toByteArray());
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
            int size = numbers.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            long[] offsets = new long[size];
            for (int i = 0; i < objects.size(); i++) {
                offsets[numbers.get(i)] = out.size();
                out.writeBytes(objects.get(i));
            }
            long xref = out.size();
            StringBuilder t = new StringBuilder("xref\n0 " + size + "\n0000000000 65535 f \n");
            for (int i = 1; i < size; i++) {
                t.append(offsets[i] == 0 ? "0000000000 00000 f \n" : String.format("%010d 00000 n \n", offsets[i]));
            }
            t.append("trailer\n<< /Size ").append(size).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
                    .append("\n%%EOF\n");
            out.writeBytes(t.toString().getBytes(StandardCharsets.ISO_8859_1));
            return out.toByteArray();
        }
    }
}
