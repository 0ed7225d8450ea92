package org.keyceremony;

import org.keyceremony.cli.CeremonyCommand;
import org.keyceremony.ui.Launcher;

/**
 * Entry point of {@code bin/ceremony}: without arguments the GUI's home screen opens,
 * with arguments the command line runs. The only class that knows both front ends.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            Launcher.main(args);
            return;
        }
        System.exit(CeremonyCommand.execute(args));
    }
}
