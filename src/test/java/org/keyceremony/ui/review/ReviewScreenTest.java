package org.keyceremony.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.ui.Shell;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The review screen on tampered transcripts: the failed check, marked, with its reason; the verdict says not valid. */
@ExtendWith(ApplicationExtension.class)
class ReviewScreenTest {
    private Shell shell;

    @Start
    void start(Stage stage) {
        Clock clock = Clock.systemUTC();
        shell = new Shell(stage, new FxTaskRunner(), new Rehearsals(clock), clock);
        shell.home();
        stage.show();
    }

    private void open(FxRobot robot, String fixture) throws Exception {
        robot.interact(() -> shell.review(Path.of("transcripts/fixtures", fixture)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#verdict").queryAs(Label.class).getText().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String reasonOf(HBox row) {
        return ((Label) ((javafx.scene.layout.VBox) row.getChildren().get(1)).getChildren().get(1)).getText();
    }

    @Test
    void anOverlaidTranscriptShowsTheFailedCheckAndWhy(FxRobot robot) throws Exception {
        open(robot, "shadow-overlay.pdf");
        assertThat(robot.lookup("#verdict").queryAs(Label.class).getText()).startsWith("NOT VALID");
        HBox row = robot.lookup("#check-no-changes-after-signing").queryAs(HBox.class);
        assertThat(row.getStyleClass()).contains("check-fail");
        assertThat(((Label) row.getChildren().get(0)).getText()).isEqualTo("\u2716");
        assertThat(reasonOf(row)).contains("shadow attack");
        assertThat(robot.lookup("#check-parses").queryAs(HBox.class).getStyleClass()).contains("check-pass");
    }

    @Test
    void aReplacedEventLogIsCaughtAndItsForgedFactsAreNotShownAsTrusted(FxRobot robot) throws Exception {
        open(robot, "replaced-event-log.pdf");
        HBox row = robot.lookup("#check-no-changes-after-signing").queryAs(HBox.class);
        assertThat(row.getStyleClass()).contains("check-fail");
        assertThat(reasonOf(row)).contains("event log was replaced after signing");
        assertThat(robot.lookup("#verdict").queryAs(Label.class).getStyleClass()).contains("verdict-invalid");
    }

    @Test
    void theGenuineTranscriptPassesEveryCheckAndTheFingerprintFieldVerifiesAgain(FxRobot robot) throws Exception {
        open(robot, "genuine.pdf");
        assertThat(robot.lookup(".check-fail").tryQuery()).isEmpty();
        assertThat(robot.lookup("#shareTable").tryQuery()).isPresent();
        robot.clickOn("#fingerprint").write("ab12").type(javafx.scene.input.KeyCode.ENTER);
        // The checks and the verdict are updated by the same background verification; wait for both.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#check-root-fingerprint").tryQuery().isPresent()
                && robot.lookup("#verdict").queryAs(Label.class).getText().startsWith("NOT VALID"));
        assertThat(robot.lookup("#check-root-fingerprint").queryAs(HBox.class).getStyleClass()).contains("check-fail");
        assertThat(robot.lookup("#verdict").queryAs(Label.class).getText()).startsWith("NOT VALID: 1 check");
    }
}
