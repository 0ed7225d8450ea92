package org.keyceremony.ceremony.rehearsal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Looks for secrets where they must never be: every file and every captured output is
 * searched for each secret raw, as lower- and upper-case hex and as Base64 (at each of the
 * three byte alignments a secret can have inside a longer Base64 text). A PDF is also
 * searched inside its decompressed streams, where an embedded file or page text would hide
 * a secret from a byte search.
 */
final class SecretCanaries {
    /** A secret with a name to report instead of its value. */
    record Secret(String name, byte[] value) {
        @Override
        public String toString() {
            return name;
        }
    }

    private record Needle(String description, byte[] bytes) {
    }

    private final List<Needle> needles = new ArrayList<>();

    SecretCanaries(List<Secret> secrets) {
        for (Secret s : secrets) {
            byte[] v = s.value();
            needles.add(new Needle(s.name() + " (raw)", v));
            needles.add(new Needle(s.name() + " (hex)", ascii(HexFormat.of().formatHex(v))));
            needles.add(new Needle(s.name() + " (HEX)", ascii(HexFormat.of().withUpperCase().formatHex(v))));
            for (int k = 0; k < 3; k++) {
                byte[] shifted = new byte[k + v.length];
                System.arraycopy(v, 0, shifted, k, v.length);
                for (Base64.Encoder enc : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                    String b64 = enc.encodeToString(shifted);
                    // Drop the groups that hold bytes from before or after the secret.
                    String core = b64.substring(k == 0 ? 0 : 4, b64.length() - 4);
                    needles.add(new Needle(s.name() + " (Base64, offset " + k + ")", ascii(core)));
                }
            }
        }
    }

    int needleCount() {
        return needles.size();
    }

    /** What was found where, one line each; empty if nothing. Never the secret itself. */
    List<String> scan(List<Path> files) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            byte[] data = Files.readAllBytes(f);
            search(data, f.toString(), found);
            if (f.toString().endsWith(".pdf")) {
                for (byte[] stream : decodedStreams(data)) {
                    search(stream, f + " (a decompressed stream)", found);
                }
            }
        }
        return found;
    }

    private void search(byte[] data, String where, List<String> found) {
        for (Needle n : needles) {
            if (indexOf(data, n.bytes()) >= 0) {
                found.add(n.description() + " found in " + where);
            }
        }
    }

    private static List<byte[]> decodedStreams(byte[] pdf) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (var key : doc.getDocument().getXrefTable().keySet()) {
                COSObject o = doc.getDocument().getObjectFromPool(key);
                COSBase b = o.getObject();
                if (b instanceof COSStream s) {
                    try (InputStream in = s.createInputStream()) {
                        out.add(in.readAllBytes());
                    } catch (IOException e) {
                        // An undecodable stream (e.g. an image filter PDFBox cannot undo) is searched raw above.
                    }
                }
            }
        }
        return out;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
