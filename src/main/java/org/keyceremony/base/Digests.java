package org.keyceremony.base;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 written as lower-case hexadecimal, the one spelling the event log, the transcript,
 * the backup metadata and the auditor's tools compare: a digest computed in one place must read
 * the same wherever else it is printed or checked. For public data only (files, certificates,
 * keys' public parts); never hash a secret with it.
 */
public final class Digests {
    private Digests() {
    }

    /** SHA-256 of {@code data}, 64 lower-case hex digits. */
    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    /** SHA-256 of the file's bytes, read in 64 KiB blocks (a JDK module image is over 100 MB), lower-case hex. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A fresh SHA-256 digest, for data fed in pieces. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
