package org.keyceremony.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import org.keyceremony.ui.common.AnswerBridge;
import org.keyceremony.ui.common.FileDialogs;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.common.Question;
import org.keyceremony.ui.common.TaskRunner;
import org.keyceremony.ui.home.HomeView;
import org.keyceremony.ui.home.HomeViewModel;
import org.keyceremony.ui.home.RehearsalStart;
import org.keyceremony.ui.home.Rehearsals;
import org.keyceremony.ui.review.ReviewView;
import org.keyceremony.ui.review.ReviewViewModel;
import org.keyceremony.ui.wizard.WizardLaunch;
import org.keyceremony.ui.wizard.WizardView;
import org.keyceremony.ui.wizard.WizardViewModel;

/**
 * The one window: swaps the home, wizard, review and ledger screens, and zooms everything for a
 * projector (Ctrl + / Ctrl − / Ctrl 0; all sizes in the style sheet are relative to the root
 * font size). Builds each screen's view-model with the shared services.
 */
public final class Shell implements HomeViewModel.Navigation {
    private static final double BASE_FONT = 15;
    private final Stage stage;
    private final TaskRunner tasks;
    private final Rehearsals rehearsals;
    private final Clock clock;
    private final StackPane root = new StackPane();
    private double zoom = 1.0;
    private WizardViewModel running;
    private FileDialogs fileDialogs;
    private final java.util.function.UnaryOperator<org.keyceremony.hsm.Pkcs11Api> pkcs11Layer;

    public Shell(Stage stage, TaskRunner tasks, Rehearsals rehearsals, Clock clock) {
        this(stage, tasks, rehearsals, clock, java.util.function.UnaryOperator.identity());
    }

    /** @param pkcs11Layer in front of every PKCS#11 call of a real ceremony: identity, or a test's fault layer */
    public Shell(Stage stage, TaskRunner tasks, Rehearsals rehearsals, Clock clock,
                 java.util.function.UnaryOperator<org.keyceremony.hsm.Pkcs11Api> pkcs11Layer) {
        this.pkcs11Layer = pkcs11Layer;
        this.stage = stage;
        this.tasks = tasks;
        this.rehearsals = rehearsals;
        this.clock = clock;
        // Never larger than the screen: a small laptop (or a headless test screen) gets a window that fits.
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1440, screen.getWidth()), Math.min(900, screen.getHeight()));
        scene.getStylesheets().add(Objects.requireNonNull(Shell.class.getResource("keyceremony.css")).toExternalForm());
        // SHIFT_ANY: Ctrl+Shift+= is how '+' is typed on a US keyboard (and Ctrl+Shift+- its pair);
        // without it the combination requires Shift up and the key press did nothing.
        for (KeyCode in : new KeyCode[] {KeyCode.PLUS, KeyCode.ADD, KeyCode.EQUALS}) {
            scene.getAccelerators().put(new KeyCodeCombination(in, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_ANY),
                    () -> zoom(1.15));
        }
        for (KeyCode out : new KeyCode[] {KeyCode.MINUS, KeyCode.SUBTRACT}) {
            scene.getAccelerators().put(new KeyCodeCombination(out, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_ANY),
                    () -> zoom(1 / 1.15));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN), () -> zoom(0));
        stage.setScene(scene);
        fileDialogs = FileDialogs.of(stage);
        stage.setTitle(Messages.get("app.title"));
        stage.setOnCloseRequest(e -> {
            if (!mayClose()) {
                e.consume();
            }
        });
        applyZoom();
    }

    private void zoom(double factor) {
        zoom = factor == 0 ? 1.0 : Math.max(0.6, Math.min(3.0, zoom * factor));
        applyZoom();
    }

    private void applyZoom() {
        root.setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.1fpx;", BASE_FONT * zoom));
    }

    /**
     * Closing the window in the middle of a ceremony stops it (every event so far is on disk and
     * it can be resumed): ask first, because in a tense room a window is closed by mistake.
     */
    private boolean mayClose() {
        if (running == null || !running.runningProperty().get()) {
            return true;
        }
        return closeQuestion(stage, running.launch().outputDirectory()).askAndWait();
    }

    /** The question before the window closes on a running ceremony; "Keep going" is the default. */
    static Question closeQuestion(Stage owner, Path outputDirectory) {
        return new Question(owner, Messages.get("app.closeRunning.title"),
                Messages.get("app.closeRunning", outputDirectory),
                Messages.get("app.closeRunning.stop"), Messages.get("app.closeRunning.keepGoing"));
    }

    /** The current zoom factor (1 = normal). */
    public double zoom() {
        return zoom;
    }

    private void show(Parent screen) {
        root.getChildren().setAll(screen);
    }

    /** Shows the home screen; returns its view-model (the launcher uses it to go straight to a rehearsal). */
    public HomeViewModel home() {
        HomeViewModel vm = new HomeViewModel(rehearsals, tasks, this);
        show(new HomeView(vm, stage, () -> fileDialogs).root());
        return vm;
    }

    @Override
    public void wizard(WizardLaunch launch) {
        WizardViewModel vm = new WizardViewModel(launch, tasks, clock);
        running = vm;
        WizardView view = new WizardView(vm, clock, () -> home(), this::review);
        show(view.root());
        vm.start(new AnswerBridge(Platform::runLater, Platform::isFxApplicationThread));
    }

    @Override
    public void realCeremony(org.keyceremony.script.CeremonyScript script, java.util.Optional<Path> resumeDirectory) {
        org.keyceremony.ui.hsm.HsmSelectionViewModel vm = new org.keyceremony.ui.hsm.HsmSelectionViewModel(script,
                resumeDirectory, tasks, clock, this::wizard, pkcs11Layer);
        show(new org.keyceremony.ui.hsm.HsmSelectionView(vm, stage, () -> home()).root());
    }

    @Override
    public void ledger() {
        org.keyceremony.ui.ledger.LedgerViewModel vm = new org.keyceremony.ui.ledger.LedgerViewModel(tasks, clock,
                script -> realCeremony(script, java.util.Optional.empty()));
        Path start = org.keyceremony.ui.ledger.LedgerViewModel.initialFolder(Path.of("rehearsals"),
                Path.of(System.getProperty("user.home")));
        show(new org.keyceremony.ui.ledger.LedgerView(vm, fileDialogs, start, () -> home()).root());
    }

    /** The folder and file dialogs screens open: the system's, or a test's answers. */
    public void fileDialogs(FileDialogs dialogs) {
        this.fileDialogs = Objects.requireNonNull(dialogs);
    }

    @Override
    public void review(Path transcript) {
        ReviewViewModel vm = new ReviewViewModel(tasks);
        show(new ReviewView(vm, stage, () -> home()).root());
        if (transcript != null) {
            vm.open(transcript);
        }
    }

    /**
     * The rehearsal runs in a child JVM that has the world's {@code SOFTHSM2_CONF}: this window
     * closes, and a non-daemon thread keeps this process (and the terminal that started it)
     * until the child ends.
     */
    @Override
    public void handedOver(RehearsalStart.HandedOver handover) {
        Thread waiter = new Thread(() -> {
            try {
                handover.child().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rehearsal-child");
        waiter.setDaemon(false);
        waiter.start();
        stage.hide();
        Platform.exit();
    }
}
