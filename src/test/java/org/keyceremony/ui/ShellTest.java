package org.keyceremony.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window: the home screen's choices, zoom for a projector, and a refused rehearsal explained on screen. */
@ExtendWith(ApplicationExtension.class)
class ShellTest {
    private Shell shell;
    private Path occupied;
    private Stage stage;

    @Start
    void start(Stage stage) throws IOException {
        occupied = Files.createTempDirectory("occupied-workspace");
        Files.writeString(occupied.resolve("notes.txt"), "not a rehearsal");
        Clock clock = Clock.systemUTC();
        shell = new Shell(stage, new FxTaskRunner(), new Rehearsals(clock, () -> occupied,
                Path.of("ceremony-scripts/root-key-generation.yaml")), clock);
        shell.home();
        stage.show();
        this.stage = stage;
    }

    @Test
    void controlShiftEqualsZoomsLikeControlEquals(FxRobot robot) {
        // On a US keyboard '+' is Shift and '=': Ctrl+Shift+= must zoom too, and Ctrl+Shift+- zoom out.
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.EQUALS).release(KeyCode.SHIFT, KeyCode.CONTROL);
        assertThat(shell.zoom()).isCloseTo(1.15, org.assertj.core.data.Offset.offset(0.001));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.MINUS).release(KeyCode.SHIFT, KeyCode.CONTROL);
        assertThat(shell.zoom()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void closingOnARunningCeremonyAsksWithButtonsThatSayWhatTheyDoCentredOnTheWindow(FxRobot robot) {
        java.util.concurrent.atomic.AtomicReference<org.keyceremony.ui.common.Question> asked =
                new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> {
            asked.set(Shell.closeQuestion(stage, Path.of("/media/out/ceremony-1")));
            asked.get().dialog().show();
        });
        org.keyceremony.ui.common.Question q = asked.get();
        WaitForAsyncUtils.waitForFxEvents();
        javafx.stage.Window dialog = q.dialog().getDialogPane().getScene().getWindow();

        java.util.List<String> buttons = q.dialog().getDialogPane().getButtonTypes().stream()
                .map(t -> ((Button) q.dialog().getDialogPane().lookupButton(t)).getText()).toList();
        assertThat(buttons).containsExactlyInAnyOrder("Keep going", "Stop the ceremony and close");
        assertThat(((Button) q.dialog().getDialogPane().lookupButton(q.dialog().getButtonTypes().get(0))).isDefaultButton())
                .as("the harmless answer is the default").isTrue();
        assertThat(q.dialog().getContentText()).contains("/media/out/ceremony-1").doesNotEndWith("?");
        assertThat(q.dialog().getOwner()).isSameAs(stage);
        assertThat(q.dialog().getModality()).isEqualTo(javafx.stage.Modality.WINDOW_MODAL);
        assertThat(dialog.getX() + dialog.getWidth() / 2)
                .isCloseTo(stage.getX() + stage.getWidth() / 2, org.assertj.core.data.Offset.offset(2.0));
        assertThat(dialog.getY() + dialog.getHeight() / 2)
                .isCloseTo(stage.getY() + stage.getHeight() / 2, org.assertj.core.data.Offset.offset(2.0));

        robot.clickOn("Keep going");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialog.isShowing()).isFalse();
        assertThat(q.dialog().getResult().getButtonData()).isEqualTo(javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        assertThat(stage.isShowing()).isTrue();
    }

    @Test
    void homeOffersTheFourChoices(FxRobot robot) {
        for (String id : new String[] {"#rehearse", "#openScript", "#review", "#resume"}) {
            assertThat(robot.lookup(id).queryAs(Button.class).isDisabled()).as(id).isFalse();
        }
    }

    @Test
    void controlPlusAndMinusZoomControlZeroResets(FxRobot robot) {
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        assertThat(shell.zoom()).isCloseTo(1.15 * 1.15, org.assertj.core.data.Offset.offset(0.001));
        assertThat(robot.lookup(".home").query().getScene().getRoot().getStyle()).isEqualTo("-fx-font-size: 19.8px;");
        robot.press(KeyCode.CONTROL).type(KeyCode.MINUS).release(KeyCode.CONTROL);
        assertThat(shell.zoom()).isCloseTo(1.15, org.assertj.core.data.Offset.offset(0.001));
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
        assertThat(shell.zoom()).isEqualTo(1.0);
    }

    @Test
    void aRehearsalThatCannotStartSaysWhyAndLeavesTheChoicesUsable(FxRobot robot) throws Exception {
        robot.clickOn("#rehearse");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> !robot.lookup("#homeProblem").queryAs(Label.class).getText().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#homeProblem").queryAs(Label.class).getText())
                .startsWith("The workspace '" + occupied.toAbsolutePath() + "' exists and is not empty.");
        assertThat(robot.lookup("#rehearse").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(Files.readString(occupied.resolve("notes.txt"))).isEqualTo("not a rehearsal");
    }
}
