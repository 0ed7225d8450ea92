package org.keyceremony.ui.common;

import java.util.Optional;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * A question the window asks before something that cannot be taken back, as the app's one kind of
 * dialog: modal to the window that asks it and centred on it (not on a corner of another screen),
 * with two buttons that say what they do ("Stop the ceremony", "Keep going") instead of OK and
 * Cancel, the harmless one the default, so that a reflexive Enter changes nothing.
 */
public final class Question {
    private final Alert alert;
    private final ButtonType act;
    private final ButtonType keep;

    /**
     * @param owner  the window asking; the dialog is modal to it and centred on it
     * @param title  the dialog's headline
     * @param text   what happens, in full sentences
     * @param doIt   the button that does it, e.g. "Stop the ceremony"
     * @param dontDoIt the button that leaves everything as it is (the default), e.g. "Keep going"
     */
    public Question(Window owner, String title, String text, String doIt, String dontDoIt) {
        act = new ButtonType(doIt, ButtonBar.ButtonData.OK_DONE);
        keep = new ButtonType(dontDoIt, ButtonBar.ButtonData.CANCEL_CLOSE);
        alert = new Alert(Alert.AlertType.CONFIRMATION, text, keep, act);
        alert.initOwner(owner);
        alert.initModality(Modality.WINDOW_MODAL);
        alert.setTitle(title);
        alert.setHeaderText(title);
        ((Button) alert.getDialogPane().lookupButton(keep)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(act)).setDefaultButton(false);
        // JavaFX places a dialog by its size before layout; centre it on the owner once it is shown.
        alert.setOnShown(e -> centreOnOwner());
    }

    /** Shows the question and waits: true only if the person chose the button that does it. */
    public boolean askAndWait() {
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.filter(act::equals).isPresent();
    }

    /** The dialog itself (tests look at its buttons and position). */
    public Alert dialog() {
        return alert;
    }

    private void centreOnOwner() {
        Window owner = alert.getOwner();
        Window dialog = alert.getDialogPane().getScene().getWindow();
        if (owner == null || dialog == null) {
            return;
        }
        dialog.setX(owner.getX() + (owner.getWidth() - dialog.getWidth()) / 2);
        dialog.setY(owner.getY() + (owner.getHeight() - dialog.getHeight()) / 2);
    }
}
