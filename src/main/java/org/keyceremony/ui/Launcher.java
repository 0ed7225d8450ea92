package org.keyceremony.ui;

import java.util.Arrays;

/**
 * Starts the JavaFX application. JavaFX from the class path needs a launcher class that
 * does not itself extend {@code Application}.
 */
public final class Launcher {
    private Launcher() {
    }

    /**
     * True for the arguments the GUI handles rather than the command line: none (the home
     * screen), or {@code rehearse} without {@code --headless} (the rehearsal wizard; a
     * rehearsal restarts the GUI this way in a child JVM that has the world's
     * {@code SOFTHSM2_CONF}). {@code --help} stays with the command line.
     */
    public static boolean opensGui(String[] args) {
        if (args.length == 0) {
            return true;
        }
        return args[0].equals("rehearse") && Arrays.stream(args).noneMatch(a -> a.equals("--headless")
                || a.equals("--answers") || a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version"));
    }

    public static void main(String[] args) {
        javafx.application.Application.launch(KeyCeremonyApp.class, args);
    }
}
