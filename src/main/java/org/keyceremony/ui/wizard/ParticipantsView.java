package org.keyceremony.ui.wizard;

import java.util.List;
import java.util.function.Consumer;

import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.script.Role;
import org.keyceremony.ui.common.Messages;

/**
 * The participants screen: one line per person (name, role, initials), place and time zone,
 * and the problems that still stop the ceremony from starting, updated as people type.
 */
final class ParticipantsView {
    private final ParticipantsViewModel vm;
    private final VBox root = new VBox();
    private final GridPane grid = new GridPane();
    private final Label problems = new Label();
    private final Consumer<CeremonySetup> onStart;
    private final javafx.beans.property.BooleanProperty valid = new javafx.beans.property.SimpleBooleanProperty();

    ParticipantsView(ParticipantsViewModel vm, boolean prefilled, Consumer<CeremonySetup> onStart) {
        this.vm = vm;
        this.onStart = onStart;
        root.getStyleClass().add("participants");
        Label intro = new Label(Messages.get("participants.intro", vm.required()));
        intro.setWrapText(true);
        intro.getStyleClass().add("intro");
        root.getChildren().add(intro);
        if (prefilled) {
            Label p = new Label(Messages.get("participants.prefilled"));
            p.getStyleClass().add("hint");
            root.getChildren().add(p);
        }
        grid.getStyleClass().add("participant-grid");
        vm.rows().addListener((ListChangeListener<ParticipantRow>) c -> rebuild());
        rebuild();
        Button add = new Button(Messages.get("participants.add"));
        add.setId("addParticipant");
        add.setOnAction(e -> vm.addRow());

        TextField location = new TextField();
        location.setId("location");
        location.textProperty().bindBidirectional(vm.locationProperty());
        TextField zone = new TextField();
        zone.setId("timeZone");
        zone.textProperty().bindBidirectional(vm.timeZoneProperty());
        GridPane place = new GridPane();
        place.getStyleClass().add("participant-grid");
        place.addRow(0, new Label(Messages.get("participants.location")), location);
        place.addRow(1, new Label(Messages.get("participants.timeZone")), zone);
        GridPane.setHgrow(location, Priority.ALWAYS);

        problems.setId("participantProblems");
        problems.getStyleClass().add("problem");
        problems.setWrapText(true);
        vm.locationProperty().addListener((o, a, b) -> check());
        vm.timeZoneProperty().addListener((o, a, b) -> check());
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        // what still stops the start, above the rows, in view however many rows there are (issue 22: it was below the fold)
        root.getChildren().add(root.getChildren().indexOf(intro) + 1, problems);
        root.getChildren().addAll(scroll, add, place);
        check();
    }

    Parent root() {
        return root;
    }

    /** True when the participants match the script (the wizard's Next then starts the ceremony). */
    javafx.beans.property.ReadOnlyBooleanProperty validProperty() {
        return valid;
    }

    /** Starts the ceremony with these participants, if they are valid. */
    boolean start() {
        if (!vm.problems().isEmpty()) {
            return false;
        }
        onStart.accept(vm.toSetup());
        return true;
    }

    /** A row's text fields, marked while what they hold stops the start. */
    private record Fields(ParticipantRow row, TextField name, TextField initials) {
    }

    private final java.util.List<Fields> fields = new java.util.ArrayList<>();

    private void rebuild() {
        grid.getChildren().clear();
        fields.clear();
        grid.addRow(0, header("participants.number"), header("participants.name"), header("participants.role"),
                header("participants.initials"));
        int line = 1;
        for (ParticipantRow r : vm.rows()) {
            TextField name = new TextField();
            name.setId("participantName" + line);
            name.textProperty().bindBidirectional(r.nameProperty());
            name.textProperty().addListener((o, a, b) -> check());
            ComboBox<Role> role = new ComboBox<>();
            role.getItems().setAll(List.of(Role.ADMINISTRATOR, Role.WITNESS, Role.SECURITY_OFFICER, Role.CUSTODIAN,
                    Role.AUDITOR));
            role.setConverter(new StringConverter<>() {
                @Override
                public String toString(Role x) {
                    return x == null ? "" : WizardViewModel.roleName(x);
                }

                @Override
                public Role fromString(String s) {
                    return null;
                }
            });
            role.valueProperty().bindBidirectional(r.roleProperty());
            role.valueProperty().addListener((o, a, b) -> check());
            TextField initials = new TextField();
            initials.setId("participantInitials" + line);
            initials.setPrefColumnCount(6);
            initials.textProperty().bindBidirectional(r.initialsProperty());
            initials.textProperty().addListener((o, a, b) -> check());
            Button remove = new Button(Messages.get("participants.remove"));
            remove.setOnAction(e -> vm.removeRow(r));
            Label number = new Label(String.valueOf(line)); // the problems above name rows by this number
            number.getStyleClass().add("row-number");
            number.setId("participantNumber" + line);
            name.setAccessibleText(Messages.get("participants.name") + " " + line);
            initials.setAccessibleText(Messages.get("participants.initials") + " " + line);
            grid.addRow(line, number, name, role, initials, remove);
            fields.add(new Fields(r, name, initials));
            GridPane.setHgrow(name, Priority.ALWAYS);
            line++;
        }
        check();
    }

    private static Label header(String key) {
        Label l = new Label(Messages.get(key));
        l.getStyleClass().add("column-header");
        return l;
    }

    private void check() {
        List<String> p = vm.problems();
        problems.setText(String.join("\n", p));
        problems.setVisible(!p.isEmpty());
        problems.setManaged(!p.isEmpty());
        valid.set(p.isEmpty());
        for (Fields f : fields) {
            mark(f.name(), f.row().nameProperty().get().isBlank());
            mark(f.initials(), !org.keyceremony.ceremony.Participant.validInitials(f.row().initialsProperty().get().strip()));
        }
    }

    private static void mark(TextField field, boolean wrong) {
        if (wrong && !field.getStyleClass().contains("field-error")) {
            field.getStyleClass().add("field-error");
        } else if (!wrong) {
            field.getStyleClass().remove("field-error");
        }
    }

}
