package org.keyceremony.ui.controls;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.secret.Pin;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The PIN field keeps what is typed in a char[] only, shows dots, and forgets it when hidden. */
@ExtendWith(ApplicationExtension.class)
class PinFieldTest {
    private PinField field;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        field = new PinField();
        field.setId("pin");
        stage.setScene(new Scene(new VBox(field), 400, 200));
        stage.show();
    }

    private String dots() {
        return ((Label) field.getChildren().get(0)).getText();
    }

    @Test
    void typedCharactersShowAsDotsAndComeOutAsThePin(FxRobot robot) {
        robot.clickOn("#pin").write("1234").type(KeyCode.BACK_SPACE).write("9");
        assertThat(dots()).isEqualTo("\u25CF\u25CF\u25CF\u25CF");
        assertThat(field.toString()).doesNotContain("1").doesNotContain("9");
        Pin[] taken = new Pin[1];
        robot.interact(() -> taken[0] = field.takePin());
        try (Pin pin = taken[0]) {
            assertThat(pin.reveal()).containsExactly('1', '2', '3', '9');
        }
        assertThat(field.length()).isZero();
        assertThat(dots()).isEmpty();
    }

    @Test
    void escapeClearsWhatWasTyped(FxRobot robot) {
        robot.clickOn("#pin").write("55").type(KeyCode.ESCAPE);
        assertThat(field.length()).isZero();
    }

    @Test
    void hidingTheWindowWipesTheField(FxRobot robot) {
        robot.clickOn("#pin").write("246810");
        assertThat(field.length()).isEqualTo(6);
        robot.interact(stage::hide);
        assertThat(field.length()).isZero();
        assertThat(dots()).isEmpty();
    }

    @Test
    void leavingTheSceneWipesTheField(FxRobot robot) {
        robot.clickOn("#pin").write("777");
        robot.interact(() -> ((VBox) stage.getScene().getRoot()).getChildren().clear());
        assertThat(field.length()).isZero();
    }
}
