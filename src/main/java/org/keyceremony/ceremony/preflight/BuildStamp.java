package org.keyceremony.ceremony.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build recorded about itself: the product version and the git commit it was built
 * from ({@code unknown} when built outside a git checkout; a {@code -dirty} suffix when the
 * checkout had uncommitted changes). Written into {@code org/keyceremony/build-info.properties}
 * by Maven resource filtering, so it travels inside the application jar and is covered by the
 * jar's SHA-256.
 */
public record BuildStamp(String version, String commit) {
    static final String RESOURCE = "/org/keyceremony/build-info.properties";
    static final String UNKNOWN = "unknown";

    /** The stamp of the running build; "development build"/"unknown" when the resource is missing or unfiltered. */
    public static BuildStamp ofThisBuild() {
        Properties p = new Properties();
        try (InputStream in = BuildStamp.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the application jar", e);
        }
        return new BuildStamp(clean(p.getProperty("version"), "development build"), clean(p.getProperty("commit"), UNKNOWN));
    }

    /** An unfiltered placeholder ({@code ${...}}) or a blank value means the build did not know. */
    static String clean(String value, String fallback) {
        if (value == null || value.isBlank() || value.contains("${")) {
            return fallback;
        }
        return value.strip();
    }

    /** One line for people: {@code 0.1.0, commit 1a2b…}. */
    public String describe() {
        return version + ", commit " + commit;
    }
}
