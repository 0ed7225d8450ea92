package org.keyceremony.ui.wizard;

import java.util.Map;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import org.keyceremony.script.Step;

/** One step in the wizard's list, with the title of its act and its live state. */
public final class StepItem {
    private final Step step;
    private final String actTitle;
    private final ObjectProperty<StepState> state = new SimpleObjectProperty<>(StepState.PENDING);
    private final ObjectProperty<Recorded> recorded = new SimpleObjectProperty<>();

    /** What the step recorded, as its confirmer saw it, and who confirmed it. */
    public record Recorded(Map<String, Object> facts, String confirmedBy) {
    }

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

    /** What the step recorded once confirmed in this window; null before (or after a resume). */
    public ObjectProperty<Recorded> recordedProperty() {
        return recorded;
    }
}
