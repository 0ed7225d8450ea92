package org.keyceremony.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The JavaFX application (the wizard arrives with its own issue). */
public final class KeyCeremonyApp extends Application {
    @Override
    public void start(Stage stage) {
        stage.setTitle("KeyCeremony");
        stage.setScene(new Scene(new Label("KeyCeremony"), 800, 600));
        stage.show();
    }
}
