package org.keyceremony.ui.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SHA-256 values as people compare them and read them aloud: in groups of four hex digits. A value
 * on its own takes two lines of eight groups, the same shape at every window width; inside a
 * sentence the groups stay on its line. Only the screen groups them: the log, the transcript and
 * what people type keep the 64 digits (the review screen ignores spaces in a typed fingerprint).
 */
public final class Fingerprints {
    /** 64 hex digits standing alone: not part of a longer word, a file name or a path. */
    private static final Pattern SHA256 = Pattern.compile("(?<![0-9A-Za-z_./-])[0-9A-Fa-f]{64}(?![0-9A-Za-z_/-]|\\.[0-9A-Za-z])");

    private Fingerprints() {
    }

    /** True if {@code value} is a SHA-256 and nothing else: 64 hex digits. */
    public static boolean isSha256(String value) {
        return SHA256.matcher(value).matches();
    }

    /** A SHA-256 in two lines of eight groups of four; any other value unchanged. */
    public static String grouped(String value) {
        if (!isSha256(value)) {
            return value;
        }
        return groups(value.substring(0, 32)) + "\n" + groups(value.substring(32));
    }

    /** {@code text} with every SHA-256 in it grouped in fours on its line. */
    public static String inText(String text) {
        Matcher m = SHA256.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(groups(m.group())));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String groups(String hex) {
        StringBuilder b = new StringBuilder(hex.length() + hex.length() / 4);
        for (int i = 0; i < hex.length(); i += 4) {
            b.append(i == 0 ? "" : " ").append(hex, i, i + 4);
        }
        return b.toString();
    }
}
