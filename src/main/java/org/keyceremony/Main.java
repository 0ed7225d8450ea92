package org.keyceremony;

import org.keyceremony.cli.CeremonyCommand;
import org.keyceremony.ui.Launcher;

/**
 * Entry point of {@code bin/ceremony}: without arguments the GUI's home screen opens, and
 * {@code ceremony rehearse} without {@code --headless}/{@code --answers} opens the rehearsal
 * wizard ({@link Launcher#opensGui}); any other arguments run the command line. The only
 * class that knows both front ends.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (Launcher.opensGui(args)) {
            Launcher.main(args);
            return;
        }
        System.exit(CeremonyCommand.execute(args));
    }
}
