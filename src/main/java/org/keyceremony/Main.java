package org.keyceremony;

import org.keyceremony.ceremony.preflight.SoftwareIdentity;
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
        if (args.length > 0 && (args[0].equals("rehearse") || args[0].equals("run"))) {
            // A ceremony on the command line: its record-software step hashes the runtime image
            // (over 100 MB). Started before the command line is even parsed, the hashing overlaps
            // the start-up on the other processor instead of waiting for the actions' assembly.
            SoftwareIdentity.hashInBackground();
        }
        System.exit(CeremonyCommand.execute(args));
    }
}
