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

    /** A small PDF whose embedded event log inflates to 4 GiB ({@link HostilePdfs#bombAsTheEventLog}). */
    public static byte[] eventLogBomb() {
        return HostilePdfs.bombAsTheEventLog();
    }

    public static String ceremonyId() {
        return SyntheticCeremony.CEREMONY_ID;
    }

    /**
     * A forged transcript (another root) whose certificate names carry terminal escape
     * sequences and a bidirectional override, as {@link ControlCharactersTest} makes it.
     */
    public static byte[] forgedWithControlCharactersInNames() throws Exception {
        return ControlCharactersTest.forged();
    }
}
