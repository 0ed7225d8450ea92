package org.keyceremony.ui.wizard;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.keyceremony.script.Role;

/** One editable line of the participants screen. */
public final class ParticipantRow {
    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<Role> role = new SimpleObjectProperty<>(Role.CUSTODIAN);
    private final StringProperty initials = new SimpleStringProperty("");

    public ParticipantRow(String name, Role role, String initials) {
        this.name.set(name);
        this.role.set(role);
        this.initials.set(initials);
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<Role> roleProperty() {
        return role;
    }

    public StringProperty initialsProperty() {
        return initials;
    }
}
