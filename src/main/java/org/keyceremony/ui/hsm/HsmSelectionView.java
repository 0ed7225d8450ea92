package org.keyceremony.ui.hsm;

import java.io.File;
import java.nio.file.Path;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import javafx.util.StringConverter;

import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.script.TokenRef;
import org.keyceremony.ui.common.Messages;

/**
 * The HSM selection screen of a real ceremony: library, tokens (refreshed every few seconds
 * while the screen is open, so a token plugged in appears by itself), the token for each role,
 * the card library, the backup media and the output folder, with what is still missing in
 * words. "Start the ceremony" is enabled only when nothing is.
 */
public final class HsmSelectionView {
    private final HsmSelectionViewModel vm;
    private final Window owner;
    private final Runnable home;
    private final VBox root = new VBox(14);
    private final Timeline poll = new Timeline(new KeyFrame(Duration.seconds(3), e -> refreshQuietly()));

    public HsmSelectionView(HsmSelectionViewModel vm, Window owner, Runnable home) {
        this.vm = vm;
        this.owner = owner;
        this.home = home;
        build();
        poll.setCycleCount(Timeline.INDEFINITE);
        root.sceneProperty().addListener((o, a, b) -> {
            if (b == null) {
                poll.stop();
            } else {
                vm.refresh();
                poll.play();
            }
        });
    }

    public Parent root() {
        return root;
    }

    private void refreshQuietly() {
        if (!vm.refreshingProperty().get()) {
            vm.refresh();
        }
    }

    private void build() {
        root.getStyleClass().add("hsm-selection");
        Label title = new Label(Messages.get(vm.resumeDirectory().isPresent() ? "hsm.title.resume" : "hsm.title"));
        title.getStyleClass().add("home-title");
        Label script = new Label(Messages.get("hsm.script", vm.script().metadata().name(),
                vm.script().metadata().version(), vm.script().sha256Hex()));
        script.setId("hsmScript");
        script.setWrapText(true);
        Label real = new Label(Messages.get("hsm.real"));
        real.getStyleClass().add("real-banner");
        real.setMaxWidth(Double.MAX_VALUE);
        real.setWrapText(true);

        GridPane form = new GridPane();
        form.getStyleClass().add("participant-grid");
        int row = 0;
        TextField module = pathField("modulePath", vm.moduleProperty());
        Button find = new Button(Messages.get("hsm.detect"));
        find.setId("detectModule");
        find.setOnAction(e -> {
            if (vm.detect()) {
                vm.refresh();
            }
        });
        Button browse = new Button(Messages.get("hsm.browse"));
        browse.setOnAction(e -> chooseFile(vm.moduleProperty()));
        Button refresh = new Button(Messages.get("hsm.refresh"));
        refresh.setId("refreshTokens");
        refresh.setOnAction(e -> vm.refresh());
        module.setOnAction(e -> {
            vm.refresh();
            e.consume(); // Enter in the library field reads its tokens; it does not also start the ceremony
        });
        form.addRow(row++, label("hsm.module", module), module, new HBox(8, find, browse, refresh));
        GridPane.setHgrow(module, Priority.ALWAYS);

        ListView<TokenInfo> tokens = new ListView<>(vm.tokens());
        tokens.setId("tokenList");
        tokens.setPrefHeight(230);
        tokens.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(TokenInfo t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null : HsmSelectionViewModel.describe(t));
                setWrapText(true);
                setPrefWidth(0); // wrap at the list's width instead of scrolling sideways
            }
        });
        tokens.setPlaceholder(new Label(Messages.get("hsm.tokens.none")));
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(22, 22);
        spinner.visibleProperty().bind(vm.refreshingProperty());
        Label listed = new Label();
        listed.getStyleClass().add("hint");
        listed.textProperty().bind(vm.listedFromProperty());
        form.add(new Label(Messages.get("hsm.tokens")), 0, row);
        form.add(new VBox(4, tokens, new HBox(8, spinner, listed)), 1, row++, 2, 1);

        for (TokenRef ref : TokenRef.values()) {
            if (vm.needs().tokens().contains(ref)) {
                ComboBox<TokenInfo> box = tokenChoice(ref);
                form.addRow(row++, label(ref == TokenRef.HSM ? "hsm.role.hsm" : "hsm.role.target", box), box);
            }
        }
        if (vm.needs().cards()) {
            TextField cards = pathField("cardModulePath", vm.cardModuleProperty());
            Button b = new Button(Messages.get("hsm.browse"));
            b.setOnAction(e -> chooseFile(vm.cardModuleProperty()));
            form.addRow(row++, label("hsm.cardModule", cards), cards, b);
        }
        for (int i = 0; i < vm.media().size(); i++) {
            StringProperty p = vm.media().get(i);
            TextField f = pathField("medium-" + (i + 1), p);
            Button b = new Button(Messages.get("hsm.browse"));
            b.setOnAction(e -> chooseDirectory(p));
            Label l = new Label(Messages.get(vm.needs().writesBackup() ? "hsm.medium" : "hsm.mediumRead", i + 1));
            l.setLabelFor(f);
            form.addRow(row++, l, f, b);
        }
        if (vm.resumeDirectory().isEmpty()) {
            TextField out = pathField("outputDir", vm.outputProperty());
            Button b = new Button(Messages.get("hsm.browse"));
            b.setOnAction(e -> chooseDirectory(vm.outputProperty()));
            form.addRow(row++, label("hsm.output", out), out, b);
        }

        Label missing = new Label();
        missing.setId("hsmMissing");
        missing.setWrapText(true);
        Runnable showMissing = () -> {
            missing.setText(vm.missingProperty().isEmpty() ? Messages.get("hsm.ready")
                    : Messages.get("hsm.stillMissing") + "\n\u2022 " + String.join("\n\u2022 ", vm.missingProperty()));
            missing.getStyleClass().removeAll("ready", "missing");
            missing.getStyleClass().add(vm.missingProperty().isEmpty() ? "ready" : "missing");
        };
        vm.missingProperty().addListener((ListChangeListener<String>) c -> showMissing.run());
        showMissing.run();
        Label problem = new Label();
        problem.setId("hsmProblem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problemProperty());
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());

        Button back = new Button(Messages.get("hsm.back"));
        back.setId("hsmBack");
        back.setOnAction(e -> home.run());
        Button start = new Button(Messages.get(vm.resumeDirectory().isPresent() ? "hsm.startResume" : "hsm.start"));
        start.setId("startReal");
        start.getStyleClass().add("primary");
        start.setDefaultButton(true);
        start.disableProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.missingProperty()));
        start.setOnAction(e -> vm.start());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox buttons = new HBox(12, back, spring, start);

        VBox content = new VBox(14, title, real, script, form, missing, problem);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.getChildren().addAll(scroll, buttons);
    }

    private ComboBox<TokenInfo> tokenChoice(TokenRef ref) {
        ComboBox<TokenInfo> box = new ComboBox<>();
        box.setId("token-" + ref.yamlName());
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPromptText(Messages.get("hsm.choose", ref.yamlName()));
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(TokenInfo t) {
                return t == null ? "" : Messages.get("hsm.tokenChoice", t.label(), t.serial(), t.manufacturer(), t.model());
            }

            @Override
            public TokenInfo fromString(String s) {
                return null;
            }
        });
        boolean[] filling = {false};
        Runnable fill = () -> {
            if (box.isShowing()) {
                return; // never change a drop-down under the pointer; the next change refills it
            }
            filling[0] = true;
            try {
                TokenInfo keep = vm.chosen(ref).get();
                box.getItems().setAll(vm.candidates());
                box.setValue(keep);
            } finally {
                filling[0] = false;
            }
        };
        vm.tokens().addListener((ListChangeListener<TokenInfo>) c -> fill.run());
        box.showingProperty().addListener((o, a, b) -> {
            if (!b && !box.getItems().equals(vm.candidates())) {
                fill.run();
            }
        });
        fill.run();
        box.valueProperty().addListener((o, a, b) -> {
            if (!filling[0] && b != vm.chosen(ref).get()) {
                vm.chosen(ref).set(b);
            }
        });
        vm.chosen(ref).addListener((o, a, b) -> box.setValue(b));
        return box;
    }

    private static TextField pathField(String id, StringProperty property) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(property);
        f.setPrefColumnCount(40);
        return f;
    }

    private static Label label(String key, javafx.scene.Node field) {
        Label l = new Label(Messages.get(key));
        l.setLabelFor(field);
        return l;
    }

    private void chooseFile(StringProperty into) {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("hsm.chooser.module"));
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(Messages.get("hsm.chooser.libraries"),
                "*.so", "*.so.*", "*.dylib", "*.dll"), new FileChooser.ExtensionFilter("*", "*"));
        File start = into.get().isBlank() ? null : Path.of(into.get()).toAbsolutePath().getParent().toFile();
        if (start != null && start.isDirectory()) {
            fc.setInitialDirectory(start);
        }
        File f = fc.showOpenDialog(owner);
        if (f != null) {
            into.set(f.getAbsolutePath());
            vm.refresh();
        }
    }

    private void chooseDirectory(StringProperty into) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(Messages.get("hsm.chooser.directory"));
        File f = dc.showDialog(owner);
        if (f != null) {
            into.set(f.getAbsolutePath());
        }
    }
}
