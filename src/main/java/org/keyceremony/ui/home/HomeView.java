package org.keyceremony.ui.home;

import java.io.File;
import java.nio.file.Path;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import org.keyceremony.ceremony.InterruptedCeremonies;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ui.common.Messages;

/** The home screen: five large choices, a status line, and the script check result. */
public final class HomeView {
    private final HomeViewModel vm;
    private final Window owner;
    private final VBox root = new VBox();
    /** The home screen scrolls: at 1024 x 700 a list of interrupted ceremonies lies below the five choices. */
    private final javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(root);
    private final VBox scriptResult = new VBox();

    private final java.util.function.Supplier<org.keyceremony.ui.common.FileDialogs> dialogs;
    private final VBox found = new VBox(8);

    public HomeView(HomeViewModel vm, Window owner) {
        this(vm, owner, () -> org.keyceremony.ui.common.FileDialogs.of(owner));
    }

    /** @param dialogs the folder and file dialogs in use when one is opened (a test's, or the system's) */
    public HomeView(HomeViewModel vm, Window owner,
                    java.util.function.Supplier<org.keyceremony.ui.common.FileDialogs> dialogs) {
        this.vm = vm;
        this.owner = owner;
        this.dialogs = dialogs;
        build();
        vm.interruptedProperty().addListener((javafx.collections.ListChangeListener<InterruptedCeremonies.Found>) c ->
                showFound());
    }

    /** The interrupted ceremonies found under the chosen folder, one row each with its way in. */
    private void showFound() {
        found.getChildren().clear();
        int n = 0;
        for (InterruptedCeremonies.Found f : vm.interruptedProperty()) {
            n++;
            Label what = new Label(Messages.get("home.resume.row", f.scriptName(), f.scriptVersion(),
                    f.rehearsal() ? Messages.get("home.resume.rowRehearsal") : ""));
            what.getStyleClass().add("choice-title");
            Label when = new Label(Messages.get("home.resume.stopped",
                    STOPPED.format(f.lastEvent()), f.interrupted().isEmpty() ? ""
                            : Messages.get("home.resume.during", f.interrupted()),
                    f.lastCompleted().isEmpty() ? Messages.get("wizard.recovery.noneDone") : f.lastCompleted()));
            when.setWrapText(true);
            when.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            Label where = new Label(Messages.get("home.resume.ceremonyId", f.ceremonyId(), f.events(), f.directory()));
            where.getStyleClass().add("hint");
            where.setWrapText(true);
            where.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            Button go = new Button(Messages.get("home.resume.choose"));
            go.setId("resumeFound" + n);
            go.getStyleClass().add(n == 1 ? "primary" : "secondary");
            go.disableProperty().bind(vm.busyProperty());
            Path dir = f.directory();
            go.setOnAction(e -> vm.resume(dir));
            go.setAccessibleText(Messages.get("home.resume.choose") + " " + f.scriptName() + " " + f.ceremonyId());
            VBox row = new VBox(4, what, when, where, go);
            row.getStyleClass().add("found-ceremony");
            row.setId("found" + n);
            found.getChildren().add(row);
        }
        if (n > 0) {
            // the list in view, and Space on the first (most recently stopped) one: no mouse needed
            javafx.application.Platform.runLater(() -> {
                scroll.layout();
                scroll.setVvalue(scroll.getVmax());
                found.lookup("#resumeFound1").requestFocus();
            });
        }
    }

    private static final java.time.format.DateTimeFormatter STOPPED =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneOffset.UTC);

    public Parent root() {
        return scroll;
    }

    private void build() {
        root.getStyleClass().add("home");
        Label title = new Label(Messages.get("home.title"));
        title.getStyleClass().add("home-title");
        Label subtitle = new Label(Messages.get("home.subtitle"));
        subtitle.getStyleClass().add("home-subtitle");

        Button rehearse = choice("rehearse", "home.rehearse", "home.rehearse.detail");
        rehearse.setOnAction(e -> vm.rehearseRoot());
        rehearse.setDefaultButton(true);
        Button open = choice("openScript", "home.open", "home.open.detail");
        open.setOnAction(e -> chooseScript());
        Button review = choice("review", "home.review", "home.review.detail");
        review.setOnAction(e -> chooseTranscript());
        Button resume = choice("resume", "home.resume", "home.resume.detail");
        resume.setOnAction(e -> chooseResume());
        Button ledger = choice("ledger", "home.ledger", "home.ledger.detail");
        ledger.setOnAction(e -> vm.ledger());
        for (Button b : new Button[] {rehearse, open, review, resume, ledger}) {
            b.disableProperty().bind(vm.busyProperty());
        }

        Label status = new Label();
        status.setId("homeStatus");
        status.getStyleClass().add("status");
        status.textProperty().bind(vm.statusProperty());
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        Label problem = new Label();
        problem.setId("homeProblem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problemProperty());
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        javafx.scene.control.ProgressIndicator spinner = new javafx.scene.control.ProgressIndicator();
        spinner.visibleProperty().bind(vm.busyProperty());
        spinner.managedProperty().bind(vm.busyProperty());
        spinner.setMaxSize(40, 40);

        Label keys = new Label(Messages.get("home.shortcuts"));
        keys.getStyleClass().add("hint");
        VBox choices = new VBox(rehearse, open, review, resume, ledger);
        choices.getStyleClass().add("choices");
        choices.setMaxWidth(760);
        found.setId("interruptedFound");
        found.setMaxWidth(760);
        root.getChildren().addAll(title, subtitle, choices, new HBox(12, spinner, status), problem, found, scriptResult,
                keys);
        root.setAlignment(Pos.TOP_CENTER);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("home-scroll");
    }

    private static Button choice(String id, String titleKey, String detailKey) {
        Label t = new Label(Messages.get(titleKey));
        t.getStyleClass().add("choice-title");
        Label d = new Label(Messages.get(detailKey));
        d.getStyleClass().add("choice-detail");
        VBox box = new VBox(4, t, d);
        Button b = new Button();
        b.setId(id);
        b.setGraphic(box);
        b.getStyleClass().add("choice");
        b.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(b, Priority.ALWAYS);
        b.setAccessibleText(Messages.get(titleKey));
        return b;
    }

    private void chooseScript() {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("home.chooser.script"));
        File dir = RehearsalSetup.scriptsDirectory().toFile();
        if (dir.isDirectory()) {
            fc.setInitialDirectory(dir);
        }
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"));
        File f = fc.showOpenDialog(owner);
        if (f != null) {
            Path p = f.toPath();
            vm.openScript(p, script -> {
                Label ok = new Label(Messages.get("home.script.checked", script.metadata().name(),
                        script.metadata().version(), script.sha256Hex()));
                ok.setWrapText(true);
                Button rehearseIt = new Button(Messages.get("home.script.rehearseIt"));
                rehearseIt.setId("rehearseScript");
                rehearseIt.disableProperty().bind(vm.busyProperty());
                rehearseIt.setOnAction(e -> vm.rehearseScript(p));
                Button inWorkspace = new Button(Messages.get("home.script.rehearseInWorkspace"));
                inWorkspace.setId("rehearseScriptInWorkspace");
                inWorkspace.disableProperty().bind(vm.busyProperty());
                inWorkspace.setOnAction(e -> chooseWorkspace().ifPresent(ws -> vm.rehearse(ws, p)));
                Button real = new Button(Messages.get("home.script.runReal"));
                real.setId("runForReal");
                real.getStyleClass().add("danger");
                real.disableProperty().bind(vm.busyProperty());
                real.setOnAction(e -> vm.runForReal(p));
                Label realHint = new Label(Messages.get("home.script.real",
                        org.keyceremony.base.ProgramCommand.shellQuoted(p.toString()), org.keyceremony.base.ProgramCommand.current()));
                realHint.getStyleClass().add("hint");
                realHint.setWrapText(true);
                scriptResult.getChildren().setAll(ok, new HBox(12, rehearseIt, inWorkspace), real, realHint);
            });
        }
    }

    /** An earlier rehearsal's workspace (for a follow-up ceremony such as a restore), or a new empty folder. */
    private java.util.Optional<Path> chooseWorkspace() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(Messages.get("home.chooser.workspace"));
        File rehearsalsDir = Path.of("rehearsals").toFile();
        if (rehearsalsDir.isDirectory()) {
            dc.setInitialDirectory(rehearsalsDir);
        }
        return java.util.Optional.ofNullable(dc.showDialog(owner)).map(File::toPath);
    }

    private void chooseTranscript() {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("home.chooser.transcript"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PDF", "*.pdf"));
        File f = fc.showOpenDialog(owner);
        if (f != null) {
            vm.review(f.toPath());
        }
    }

    /** A folder to look under: starts where rehearsals are kept (if here), else in the working folder, never on "Recent". */
    private void chooseResume() {
        Path rehearsals = Path.of("rehearsals");
        Path start = (java.nio.file.Files.isDirectory(rehearsals) ? rehearsals : Path.of("")).toAbsolutePath();
        dialogs.get().folder(Messages.get("home.chooser.resume"), start).ifPresent(vm::findInterrupted);
    }
}
