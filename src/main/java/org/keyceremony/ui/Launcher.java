package org.keyceremony.ui;

/**
 * Starts the JavaFX application. JavaFX from the class path needs a launcher class that
 * does not itself extend {@code Application}.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        javafx.application.Application.launch(KeyCeremonyApp.class, args);
    }
}
