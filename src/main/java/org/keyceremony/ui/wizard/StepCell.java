package org.keyceremony.ui.wizard;

import javafx.scene.control.ListCell;

import org.keyceremony.ui.common.Messages;

/** A step in the list: its state as a symbol and a word (not colour alone), number and title. */
final class StepCell extends ListCell<StepItem> {
    private StepItem watched;
    private final javafx.beans.value.ChangeListener<StepState> restyler = (o, a, b) -> restyle(watched);

    @Override
    protected void updateItem(StepItem item, boolean empty) {
        super.updateItem(item, empty);
        getStyleClass().removeAll("step-pending", "step-current", "step-done", "step-failed", "act-start");
        textProperty().unbind();
        if (empty || item == null) {
            setText(null);
            return;
        }
        setWrapText(true);
        setPrefWidth(0);
        textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> symbol(item.state()) + "  "
                + item.step().id() + "  " + item.step().title(), item.stateProperty()));
        if (watched != null) {
            watched.stateProperty().removeListener(restyler);
        }
        watched = item;
        item.stateProperty().addListener(restyler);
        restyle(item);
        setAccessibleText(item.step().id() + " " + item.step().title() + ", "
                + Messages.get("wizard.state." + item.state().name().toLowerCase(java.util.Locale.ROOT)));
    }

    private void restyle(StepItem item) {
        if (getItem() != item) {
            return;
        }
        getStyleClass().removeAll("step-pending", "step-current", "step-done", "step-failed");
        getStyleClass().add("step-" + item.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String symbol(StepState s) {
        return switch (s) {
            case PENDING -> "\u25CB";
            case CURRENT -> "\u25B6";
            case DONE -> "\u2714";
            case FAILED -> "\u2716";
        };
    }
}
