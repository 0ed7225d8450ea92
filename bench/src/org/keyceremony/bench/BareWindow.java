package org.keyceremony.bench;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The baseline of the GUI start: the smallest JavaFX window, the size of the application's. */
public final class BareWindow {
    private BareWindow() {
    }

    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    /** The application class (JavaFX from the class path needs a launcher class apart from it). */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            stage.setTitle("bare JavaFX window");
            stage.setScene(new Scene(new Label("bare JavaFX window"), 800, 600));
            stage.show();
        }
    }
}
