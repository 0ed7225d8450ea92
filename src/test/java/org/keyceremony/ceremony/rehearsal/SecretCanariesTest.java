package org.keyceremony.ceremony.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canary search finds what it looks for, in every spelling, also inside compressed PDF streams. */
class SecretCanariesTest {
    static final byte[] SECRET = HexFormat.of().parseHex("00112233445566778899aabbccddeeff0102030405060708090a0b0c0d0e0f10");

    @TempDir
    Path dir;

    final SecretCanaries canaries = new SecretCanaries(List.of(new SecretCanaries.Secret("the KWK", SECRET)));

    @Test
    void findsEachSpellingAndNamesItWithoutTheValue() throws Exception {
        byte[] shifted = new byte[SECRET.length + 2];
        System.arraycopy(SECRET, 0, shifted, 2, SECRET.length);
        Path hex = Files.writeString(dir.resolve("hex.txt"), "x " + HexFormat.of().withUpperCase().formatHex(SECRET) + " y");
        Path b64 = Files.writeString(dir.resolve("b64.txt"), "{\"v\":\"" + Base64.getEncoder().encodeToString(shifted) + "\"}");
        Path raw = Files.write(dir.resolve("raw.bin"), shifted);
        Path clean = Files.writeString(dir.resolve("clean.txt"), HexFormat.of().formatHex(SECRET).substring(2));
        List<String> found = canaries.scan(List.of(hex, b64, raw, clean));
        assertThat(found).containsExactly("the KWK (HEX) found in " + hex, "the KWK (Base64, offset 2) found in " + b64,
                "the KWK (raw) found in " + raw);
        assertThat(String.join("\n", found)).doesNotContain(HexFormat.of().formatHex(SECRET));
    }

    @Test
    void looksInsideCompressedPdfStreams() throws Exception {
        Path pdf = dir.resolve("t.pdf");
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            COSStream s = doc.getDocument().createCOSStream();
            try (var os = s.createOutputStream(COSName.FLATE_DECODE)) {
                os.write(("% " + HexFormat.of().formatHex(SECRET) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            page.getCOSObject().setItem(COSName.CONTENTS, s);
            doc.save(pdf.toFile());
        }
        assertThat(SecretCanaries.indexOf(Files.readAllBytes(pdf),
                HexFormat.of().formatHex(SECRET).getBytes(StandardCharsets.US_ASCII))).as("compressed on disk").isNegative();
        assertThat(canaries.scan(List.of(pdf))).containsExactly("the KWK (hex) found in " + pdf + " (a decompressed stream)");
    }
}
