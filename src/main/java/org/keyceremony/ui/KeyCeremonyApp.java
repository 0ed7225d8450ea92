package org.keyceremony.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import javafx.application.Application;
import javafx.stage.Stage;

import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.home.HomeViewModel;
import org.keyceremony.ui.home.Rehearsals;

/**
 * The JavaFX application: the home screen, or, with {@code rehearse [--workspace WS]
 * [--script NAME|FILE] [--resume DIR]}, straight into a rehearsal: the world is built if new,
 * and if this process lacks its {@code SOFTHSM2_CONF} the GUI restarts itself in a child JVM
 * with these same arguments (see {@link org.keyceremony.ui.home.Rehearsals}).
 */
public final class KeyCeremonyApp extends Application {
    @Override
    public void start(Stage stage) {
        Clock clock = Clock.systemUTC();
        Rehearsals rehearsals = new Rehearsals(clock);
        Shell shell = new Shell(stage, new FxTaskRunner(), rehearsals, clock);
        GuiArguments args = GuiArguments.parse(getParameters().getRaw());
        HomeViewModel home = shell.home();
        if (args.resume() != null) {
            home.resume(args.resume());
        } else if (args.workspace() != null) {
            home.rehearse(args.workspace(), args.script());
        }
        stage.setTitle(Messages.get("app.title"));
        // Fill the screen (a projector): explicit bounds too, for desktops without a window manager.
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setX(screen.getMinX());
        stage.setY(screen.getMinY());
        stage.setWidth(screen.getWidth());
        stage.setHeight(screen.getHeight());
        stage.setMaximized(true);
        stage.show();
    }

    /** The arguments the GUI understands (see {@link Launcher#opensGui(String[])}). */
    record GuiArguments(Path workspace, Path script, Path resume) {
        static GuiArguments parse(List<String> raw) {
            Path ws = raw.isEmpty() ? null : new Rehearsals(Clock.systemUTC()).newWorkspace();
            Path script = org.keyceremony.ceremony.rehearsal.RehearsalSetup.script("root-key-generation");
            Path resume = null;
            for (int i = 0; i + 1 < raw.size(); i++) {
                switch (raw.get(i)) {
                    case "--workspace" -> ws = Path.of(raw.get(++i));
                    case "--script" -> script = org.keyceremony.ceremony.rehearsal.RehearsalSetup.script(raw.get(++i));
                    case "--resume" -> resume = Path.of(raw.get(++i));
                    default -> { }
                }
            }
            return new GuiArguments(ws, script, resume);
        }
    }
}
