package org.keyceremony.ceremony.rehearsal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Test variants of the shipped root script and answers file, written into a directory. */
final class RehearsalScripts {
    private RehearsalScripts() {
    }

    /**
     * The shipped root-key-generation.yaml with the documented EC alternative
     * (ceremony-scripts/README.md): {@code algorithm: EC, curve: P-384} and digest SHA-384.
     */
    static Path ecScript(Path dir) throws IOException {
        return new RehearsalRuns(dir).ecScript("root-key-generation");
    }

    /** The shipped answers file with {@code from} replaced by {@code to} (each must occur). */
    static Path answers(Path dir, String name, String... fromTo) throws IOException {
        String text = Files.readString(RehearsalRuns.SHIPPED_ANSWERS);
        for (int i = 0; i < fromTo.length; i += 2) {
            text = replaceOnce(text, fromTo[i], fromTo[i + 1]);
        }
        return Files.writeString(dir.resolve(name), text);
    }

    static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException("expected exactly one \"" + from.strip() + "\" in the shipped file");
        }
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
