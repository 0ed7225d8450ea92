package org.keyceremony.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import javafx.application.Application;
import javafx.stage.Stage;

import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.home.Rehearsals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: the home screen, or, with {@code rehearse --workspace WS
 * [--script FILE | --resume DIR]} (how a rehearsal restarts the GUI in a process with the
 * world's {@code SOFTHSM2_CONF}), straight into the wizard.
 */
public final class KeyCeremonyApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(KeyCeremonyApp.class);

    @Override
    public void start(Stage stage) {
        Clock clock = Clock.systemUTC();
        Rehearsals rehearsals = new Rehearsals(clock);
        Shell shell = new Shell(stage, new FxTaskRunner(), rehearsals, clock);
        GuiArguments args = GuiArguments.parse(getParameters().getRaw());
        shell.home();
        if (args.workspace() != null) {
            try {
                RehearsalWorld world = RehearsalWorld.open(args.workspace());
                if (args.resume() != null) {
                    shell.wizard(rehearsals.resumeLaunch(world, args.resume()));
                } else {
                    shell.wizard(rehearsals.launch(world, org.keyceremony.script.CeremonyScripts.parse(args.script())));
                }
            } catch (Exception e) {
                LOG.warn("could not open the rehearsal in {}: {}", args.workspace(), e.getMessage());
                new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                        org.keyceremony.ui.common.Problems.describe(e)).show();
            }
        }
        stage.setTitle(Messages.get("app.title"));
        stage.show();
    }

    /** The arguments the GUI understands (see {@link Launcher#opensGui(String[])}). */
    record GuiArguments(Path workspace, Path script, Path resume) {
        static GuiArguments parse(List<String> raw) {
            Path ws = null;
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
