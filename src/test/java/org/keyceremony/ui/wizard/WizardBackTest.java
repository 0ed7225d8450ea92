package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Step;
import org.keyceremony.ui.Shell;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Back: looking at an earlier step shows its text and what it recorded (confirmed by whom), never
 * the current step's question under it; Next returns to the question, its answer still possible.
 */
@ExtendWith(ApplicationExtension.class)
class WizardBackTest {
    private Shell shell;

    @Start
    void start(Stage stage) {
        Clock clock = Clock.systemUTC();
        shell = new Shell(stage, new FxTaskRunner(), new Rehearsals(clock), clock);
        stage.setWidth(1024);
        stage.setHeight(700);
        stage.show();
    }

    @Test
    void anEarlierStepShowsWhatItRecordedInsteadOfTheCurrentQuestion(FxRobot robot) throws Exception {
        CeremonyScript script = WizardScripts.manualOnly();
        Step bag = script.steps().get(1);
        Step close = script.steps().get(2);
        robot.interact(() -> shell.wizard(WizardScripts.launch(script, Path.of("unused"), (prompter, events) -> {
            prompter.show(bag);
            String serial = prompter.value(bag, "Bag serial");
            prompter.confirm(bag, Map.of("field", "Bag serial", "value", serial));
            prompter.show(close);
            prompter.value(close, "Anything else");
            throw new AssertionError("answered in this test");
        })));
        waitFor(robot, "#valueField");
        robot.clickOn("#valueField").write("BAG-0042").type(KeyCode.ENTER);
        waitFor(robot, "#initials");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#initials").query().isDisabled());
        robot.clickOn("#initials").write("WW").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".panel-title")
                .match((Label l) -> l.getText().startsWith("Anything else")).tryQuery().isPresent());

        robot.clickOn("#back");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#readAloud").queryAs(Label.class).getText()).isEqualTo(WizardView.spoken(bag.text()));
        assertThat(robot.lookup("#valueField").query().isVisible() && visibleUp(robot.lookup("#valueField").query()))
                .as("the current question is hidden while an earlier step is looked at").isFalse();
        Node recorded = robot.lookup("#recorded").query();
        assertThat(visibleUp(recorded)).isTrue();
        assertThat(robot.from(recorded).lookup(".panel-title").queryAs(Label.class).getText())
                .isEqualTo("What step " + bag.id() + " recorded, confirmed by WW:");
        assertThat(robot.from(recorded).lookup(".fact-value").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("BAG-0042");

        robot.clickOn("#next");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(visibleUp(robot.lookup("#valueField").query())).as("Next returns to the question").isTrue();
        assertThat(robot.lookup("#recorded").tryQuery()).isEmpty();
    }

    private static boolean visibleUp(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(query).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }
}
