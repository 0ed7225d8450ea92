package org.keyceremony.transcript;

/** Public access to the genuine test transcript for tests in other packages (the CLI's). */
public final class TranscriptSamples {
    private TranscriptSamples() {
    }

    public static byte[] genuine() throws Exception {
        return GenuineTranscript.bytes();
    }

    public static String rootFingerprint() {
        return GenuineTranscript.rootFingerprint();
    }
}
