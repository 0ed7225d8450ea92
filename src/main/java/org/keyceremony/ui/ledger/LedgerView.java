package org.keyceremony.ui.ledger;

import java.nio.file.Path;

import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import org.keyceremony.ledger.LedgerReport;
import org.keyceremony.ui.common.FileDialogs;
import org.keyceremony.ui.common.Messages;

/**
 * The "Keys and custodians" screen: which archive (with an optional roster, policy and date), the
 * report of each key ({@link LedgerSections}), saving it, and the script of a resolving ceremony in a
 * read-only view over the report (Back returns to it without reading the archive again).
 */
public final class LedgerView {
    private final LedgerViewModel vm;
    private final FileDialogs dialogs;
    private final Path initialFolder;
    private final VBox root = new VBox(10);
    private final VBox content = new VBox(14);

    /**
     * @param initialFolder where the archive folder dialog starts
     */
    public LedgerView(LedgerViewModel vm, FileDialogs dialogs, Path initialFolder, Runnable home) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.initialFolder = initialFolder;
        root.getStyleClass().add("ledger");

        Label title = new Label(Messages.get("ledger.title"));
        title.getStyleClass().add("home-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Button h = new Button(Messages.get("review.home"));
        h.setId("home");
        h.setOnAction(e -> home.run());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox top = new HBox(12, title, spring, h);
        top.setAlignment(Pos.CENTER_LEFT);

        Label status = new Label();
        status.setId("ledgerStatus");
        status.getStyleClass().add("status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(vm.statusProperty());
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("ledgerBusy");
        spinner.setMaxSize(28, 28);
        spinner.visibleProperty().bind(vm.busyProperty());
        spinner.managedProperty().bind(vm.busyProperty());
        HBox statusLine = new HBox(10, spinner, status);
        statusLine.setAlignment(Pos.CENTER_LEFT);
        Label problem = new Label();
        problem.setId("ledgerProblem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.textProperty().bind(vm.problemProperty());
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        VBox ledgerPane = ledgerPane();
        VBox scriptPane = scriptPane();
        ledgerPane.visibleProperty().bind(vm.scriptProperty().isNull());
        scriptPane.visibleProperty().bind(vm.scriptProperty().isNotNull());
        StackPane body = new StackPane(ledgerPane, scriptPane);
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().addAll(top, statusLine, problem, body);
        vm.reportProperty().addListener((o, a, b) -> show(b));
    }

    public Parent root() {
        return root;
    }

    private VBox ledgerPane() {
        GridPane form = new GridPane();
        form.getStyleClass().add("expectations");
        TextField archive = field(form, 0, "archive", "ledger.archiveFolder", vm.archiveProperty(), () -> dialogs.folder(
                Messages.get("ledger.chooser.archive"), initialFolder).ifPresent(p -> vm.archiveProperty().set(p.toString())));
        archive.setPromptText(Messages.get("ledger.archiveFolder.prompt"));
        field(form, 1, "roster", "ledger.roster", vm.rosterProperty(), () -> dialogs.open(Messages.get("ledger.chooser.roster"),
                folderOrHome(), "YAML", "*.yaml").ifPresent(p -> vm.rosterProperty().set(p.toString())));
        field(form, 2, "policy", "ledger.policy", vm.policyProperty(), () -> dialogs.open(Messages.get("ledger.chooser.policy"),
                folderOrHome(), "YAML", "*.yaml").ifPresent(p -> vm.policyProperty().set(p.toString())));
        TextField asOf = field(form, 3, "asOf", "ledger.asOf", vm.asOfProperty(), null);
        asOf.setPrefColumnCount(10);
        asOf.setMaxWidth(Region.USE_PREF_SIZE);

        Button read = new Button(Messages.get("ledger.read"));
        read.setId("readArchive");
        read.getStyleClass().add("primary");
        // Enter reads only while the report is shown, not from the script over it
        read.defaultButtonProperty().bind(vm.scriptProperty().isNull());
        read.setOnAction(e -> vm.read());
        Button pdf = new Button(Messages.get("ledger.savePdf"));
        pdf.setId("savePdf");
        pdf.setOnAction(e -> dialogs.save(Messages.get("ledger.savePdf"), vm.archiveFolder(), vm.proposedName("pdf"),
                "PDF", "*.pdf").ifPresent(vm::savePdf));
        Button json = new Button(Messages.get("ledger.saveJson"));
        json.setId("saveJson");
        json.setOnAction(e -> dialogs.save(Messages.get("ledger.saveJson"), vm.archiveFolder(), vm.proposedName("json"),
                "JSON", "*.json").ifPresent(vm::saveJson));
        read.disableProperty().bind(vm.busyProperty());
        for (Button b : new Button[] {pdf, json}) {
            b.disableProperty().bind(vm.busyProperty().or(vm.reportProperty().isNull()));
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        read.setMinWidth(Region.USE_PREF_SIZE);
        // the date and the actions share a row: at 1024 × 700 the report keeps the room
        form.getChildren().remove(asOf);
        HBox actions = new HBox(12, asOf, read, pdf, json);
        actions.setAlignment(Pos.CENTER_LEFT);
        form.add(actions, 1, 3, 2, 1);

        content.setId("ledgerContent");
        content.getStyleClass().add("ledger-content");
        content.getChildren().add(LedgerSections.text(Messages.get("ledger.intro"), "hint"));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId("ledgerScroll");
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("center-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        return new VBox(10, form, scroll);
    }

    private Path folderOrHome() {
        Path folder = vm.archiveFolder();
        return folder != null ? folder : initialFolder;
    }

    /** A labelled field in row {@code row}, with a "Choose…" button when {@code choose} is given; Enter reads. */
    private TextField field(GridPane grid, int row, String id, String key, StringProperty value, Runnable choose) {
        Label label = new Label(Messages.get(key));
        label.setMinWidth(Region.USE_PREF_SIZE);
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(value);
        f.setOnAction(e -> vm.read());
        f.setAccessibleText(Messages.get(key));
        label.setLabelFor(f);
        GridPane.setHgrow(f, Priority.ALWAYS);
        grid.addRow(row, label, f);
        if (choose != null) {
            Button b = new Button(Messages.get("ledger.choose"));
            b.setId(id + "Choose");
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setAccessibleText(Messages.get("ledger.choose") + " " + Messages.get(key));
            b.setOnAction(e -> choose.run());
            b.disableProperty().bind(vm.busyProperty());
            grid.add(b, 2, row);
        }
        return f;
    }

    /** The resolving ceremony's script, read-only, with Back and "Run this ceremony for real…". */
    private VBox scriptPane() {
        Label name = new Label();
        name.setId("scriptName");
        name.getStyleClass().add("section-title");
        name.setWrapText(true);
        name.setMinHeight(Region.USE_PREF_SIZE);
        TextArea text = new TextArea();
        text.setId("scriptText");
        text.setEditable(false);
        text.getStyleClass().add("mono");
        VBox.setVgrow(text, Priority.ALWAYS);
        vm.scriptProperty().addListener((o, a, b) -> {
            name.setText(b == null ? "" : Messages.get("ledger.script.title", b.name(), b.file()));
            text.setText(b == null ? "" : b.text());
            text.positionCaret(0);
            text.setScrollTop(0);
            if (b != null) {
                javafx.application.Platform.runLater(text::requestFocus); // once the pane is shown
            }
        });
        Label hint = LedgerSections.text(Messages.get("ledger.script.hint"), "hint");
        Button back = new Button(Messages.get("ledger.script.back"));
        back.setId("scriptBack");
        back.setCancelButton(true);
        back.setOnAction(e -> vm.closeScript());
        Button run = new Button(Messages.get("home.script.runReal"));
        run.setId("scriptRunReal");
        run.getStyleClass().add("danger");
        run.disableProperty().bind(vm.busyProperty());
        run.setOnAction(e -> vm.runScript());
        back.setMinWidth(Region.USE_PREF_SIZE);
        run.setMinWidth(Region.USE_PREF_SIZE);
        HBox buttons = new HBox(12, back, run);
        VBox pane = new VBox(8, name, hint, text, buttons);
        pane.getStyleClass().add("script-pane");
        pane.setId("scriptPane");
        // Escape is Back, also from inside the text (a text area keeps Escape from the cancel button)
        pane.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE && pane.isVisible()) {
                e.consume();
                vm.closeScript();
            }
        });
        return pane;
    }

    private void show(LedgerReport report) {
        if (report == null) {
            content.getChildren().setAll(LedgerSections.text(Messages.get("ledger.intro"), "hint"));
            return;
        }
        content.getChildren().setAll(new LedgerSections(report, vm::openScript, vm.statusProperty()::set).build());
    }
}
