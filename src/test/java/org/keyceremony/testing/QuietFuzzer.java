package org.keyceremony.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.code_intelligence.jazzer.utils.Log;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps Jazzer's progress lines out of {@code mvn test}, where the fuzz tests only replay their
 * corpora: Jazzer announces "INFO: Creating merged dictionary…" before every input of a target
 * with a dictionary. Its warnings and errors still come through, and a failing input fails its
 * test like any other. Registered with the JUnit launcher in {@code META-INF/services}; Jazzer's
 * own command line, which {@code bench/fuzz} uses, does not load such listeners, so fuzzing
 * prints everything.
 */
public final class QuietFuzzer implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Log.fixOutErr(withoutInfo(System.out), withoutInfo(System.err));
    }

    private static PrintStream withoutInfo(PrintStream target) {
        return new PrintStream(new LineFilter(target), true, StandardCharsets.UTF_8);
    }

    /** Passes whole lines through, except those that start with "INFO: ". */
    private static final class LineFilter extends OutputStream {
        private static final byte[] INFO = "INFO: ".getBytes(StandardCharsets.UTF_8);
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                line.reset();
                boolean info = bytes.length >= INFO.length && Arrays.equals(bytes, 0, INFO.length, INFO, 0, INFO.length);
                if (!info) {
                    target.write(bytes, 0, bytes.length);
                    target.flush();
                }
            }
        }
    }
}
