package org.keyceremony.ui.wizard;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import org.keyceremony.script.Step;

/** One step in the wizard's list, with the title of its act and its live state. */
public final class StepItem {
    private final Step step;
    private final String actTitle;
    private final ObjectProperty<StepState> state = new SimpleObjectProperty<>(StepState.PENDING);

    public StepItem(Step step, String actTitle) {
        this.step = step;
        this.actTitle = actTitle;
    }

    public Step step() {
        return step;
    }

    public String actTitle() {
        return actTitle;
    }

    public ObjectProperty<StepState> stateProperty() {
        return state;
    }

    public StepState state() {
        return state.get();
    }
}
