package org.keyceremony.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.fontbox.ttf.HeaderTable;
import org.apache.fontbox.ttf.OS2WindowsMetricsTable;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.keyceremony.base.TranscriptGlyphs;
import org.keyceremony.base.TranscriptGlyphs.Fallback;

/**
 * A fallback font embedded as a Type 0 / CIDFontType2 font whose codes are ours: each distinct pair
 * (glyph, the text it stands for) gets its own CID. The glyphs come shaped from the JDK's layout
 * engine (Arabic contextual forms, marks, mirrored brackets), which PDFBox's own text path does not
 * do; the ToUnicode map gives each CID back its text, so that copying or extracting the text yields
 * what was written even where one glyph stands for two letters or one letter's form appears in
 * several words. Only the glyphs used are embedded ({@link #embed}, once, after the last page).
 */
final class ShapedFont {
    /** The tables a CIDFontType2 program needs; as PDFBox subsets its own Type 0 fonts. */
    private static final List<String> TABLES = List.of("head", "hhea", "loca", "maxp", "cvt ", "prep", "glyf",
            "hmtx", "fpgm", "gasp");

    private record Code(int gid, String text) {
    }

    final Fallback fallback;
    final COSName resourceName;
    final COSDictionary dictionary = new COSDictionary();
    private final PDDocument document;
    private final TrueTypeFont ttf;
    private final Map<Code, Integer> cids = new HashMap<>();
    private final List<Code> byCid = new ArrayList<>();
    private final float scale;
    private boolean embedded;

    private ShapedFont(PDDocument document, Fallback fallback, COSName resourceName, TrueTypeFont ttf)
            throws IOException {
        this.document = document;
        this.fallback = fallback;
        this.resourceName = resourceName;
        this.ttf = ttf;
        this.scale = 1000f / ttf.getUnitsPerEm();
        byCid.add(new Code(0, ""));
        dictionary.setItem(COSName.TYPE, COSName.FONT);
        dictionary.setItem(COSName.SUBTYPE, COSName.TYPE0);
        dictionary.setItem(COSName.ENCODING, COSName.IDENTITY_H);
    }

    static ShapedFont load(PDDocument document, Fallback fallback) throws IOException {
        byte[] bytes = TranscriptGlyphs.fontFile(fallback.resource());
        TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(bytes));
        return new ShapedFont(document, fallback, COSName.getPDFName("KcF" + fallback.ordinal()), ttf);
    }

    /** The two-byte code under which glyph {@code gid} standing for {@code text} is shown. */
    byte[] code(int gid, String text) {
        if (embedded) {
            throw new IllegalStateException("the font " + fallback + " was embedded already");
        }
        int cid = cids.computeIfAbsent(new Code(gid, text), c -> {
            byCid.add(c);
            return byCid.size() - 1;
        });
        if (cid > 0xFFFF) {
            throw new IllegalStateException("more than 65535 distinct glyphs of " + fallback);
        }
        return new byte[] {(byte) (cid >> 8), (byte) cid};
    }

    /** The advance of {@code gid} in thousandths of the font size, as the PDF's widths say. */
    int advance(int gid) throws IOException {
        return Math.round(ttf.getAdvanceWidth(gid) * scale);
    }

    /**
     * Writes the subset font program, widths, CID-to-glyph map and ToUnicode map into the font's
     * dictionary. Deterministic: the same codes in the same order give the same bytes.
     */
    void embed() throws IOException {
        if (embedded) {
            return;
        }
        embedded = true;
        TreeSet<Integer> gids = new TreeSet<>();
        byCid.forEach(c -> gids.add(c.gid()));
        TTFSubsetter subsetter = new TTFSubsetter(ttf, TABLES);
        subsetter.addGlyphIds(gids);
        Map<Integer, Integer> newToOld = subsetter.getGIDMap();
        Map<Integer, Integer> oldToNew = new HashMap<>();
        newToOld.forEach((n, o) -> oldToNew.put(o, n));
        String tag = tag(gids);
        subsetter.setPrefix(tag);
        ByteArrayOutputStream program = new ByteArrayOutputStream();
        subsetter.writeToStream(program);
        String baseName = tag + ttf.getName();

        COSDictionary cidFont = new COSDictionary();
        cidFont.setItem(COSName.TYPE, COSName.FONT);
        cidFont.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE2);
        cidFont.setName(COSName.BASE_FONT, baseName);
        COSDictionary info = new COSDictionary();
        info.setString(COSName.REGISTRY, "Adobe");
        info.setString(COSName.ORDERING, "Identity");
        info.setInt(COSName.SUPPLEMENT, 0);
        cidFont.setItem(COSName.CIDSYSTEMINFO, info);
        cidFont.setItem(COSName.FONT_DESC, descriptor(baseName, program.toByteArray()));
        cidFont.setItem(COSName.W, widths());
        cidFont.setItem(COSName.CID_TO_GID_MAP, stream(cidToGid(oldToNew)));
        dictionary.setName(COSName.BASE_FONT, baseName);
        dictionary.setItem(COSName.DESCENDANT_FONTS, new COSArray(List.of(cidFont)));
        dictionary.setItem(COSName.TO_UNICODE, stream(toUnicode().getBytes(StandardCharsets.US_ASCII)));
        ttf.close();
    }

    private COSDictionary descriptor(String baseName, byte[] program) throws IOException {
        HeaderTable head = ttf.getHeader();
        OS2WindowsMetricsTable os2 = ttf.getOS2Windows();
        COSDictionary d = new COSDictionary();
        d.setItem(COSName.TYPE, COSName.FONT_DESC);
        d.setName(COSName.FONT_NAME, baseName);
        d.setInt(COSName.FLAGS, 4); // symbolic: the glyphs are addressed by CID, not by a standard encoding
        d.setItem(COSName.FONT_BBOX, new COSArray(List.of(num(head.getXMin()), num(head.getYMin()),
                num(head.getXMax()), num(head.getYMax()))));
        d.setInt(COSName.ITALIC_ANGLE, 0);
        d.setItem(COSName.ASCENT, num(ttf.getHorizontalHeader().getAscender()));
        d.setItem(COSName.DESCENT, num(ttf.getHorizontalHeader().getDescender()));
        d.setItem(COSName.CAP_HEIGHT, num(os2 != null && os2.getCapHeight() != 0 ? os2.getCapHeight()
                : ttf.getHorizontalHeader().getAscender()));
        d.setInt(COSName.STEM_V, 80);
        PDStream file = new PDStream(document);
        try (OutputStream out = file.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(program);
        }
        file.getCOSObject().setInt(COSName.LENGTH1, program.length);
        d.setItem(COSName.FONT_FILE2, file);
        return d;
    }

    private COSFloat num(float fontUnits) {
        return new COSFloat(Math.round(fontUnits * scale));
    }

    /** [1 [w1 w2 …]]: the CIDs are allocated consecutively from 1. */
    private COSArray widths() throws IOException {
        COSArray ws = new COSArray();
        for (int cid = 1; cid < byCid.size(); cid++) {
            ws.add(COSInteger.get(advance(byCid.get(cid).gid())));
        }
        COSArray w = new COSArray();
        if (ws.size() > 0) {
            w.add(COSInteger.ONE);
            w.add(ws);
        }
        return w;
    }

    private byte[] cidToGid(Map<Integer, Integer> oldToNew) {
        byte[] map = new byte[byCid.size() * 2];
        for (int cid = 0; cid < byCid.size(); cid++) {
            int gid = oldToNew.getOrDefault(byCid.get(cid).gid(), 0);
            map[2 * cid] = (byte) (gid >> 8);
            map[2 * cid + 1] = (byte) gid;
        }
        return map;
    }

    private String toUnicode() {
        StringBuilder entries = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (int cid = 1; cid < byCid.size(); cid++) {
            String text = byCid.get(cid).text();
            if (!text.isEmpty()) {
                lines.add(String.format("<%04X> <%s>", cid, utf16Hex(text)));
            }
        }
        for (int i = 0; i < lines.size(); i += 100) {
            List<String> chunk = lines.subList(i, Math.min(lines.size(), i + 100));
            entries.append(chunk.size()).append(" beginbfchar\n");
            chunk.forEach(l -> entries.append(l).append('\n'));
            entries.append("endbfchar\n");
        }
        return "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                + "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                + "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                + "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + entries
                + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    }

    private static String utf16Hex(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_16BE)) {
            sb.append(String.format("%02X", b & 0xFF));
        }
        return sb.toString();
    }

    private PDStream stream(byte[] bytes) throws IOException {
        PDStream s = new PDStream(document);
        try (OutputStream out = s.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(bytes);
        }
        return s;
    }

    /** Six capital letters from the glyphs used, as PDF subset names have, the same for the same subset. */
    private static String tag(TreeSet<Integer> gids) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int g : gids) {
                sha.update(new byte[] {(byte) (g >> 8), (byte) g});
            }
            byte[] d = sha.digest();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                sb.append((char) ('A' + (d[i] & 0xFF) % 26));
            }
            return sb.append('+').toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
