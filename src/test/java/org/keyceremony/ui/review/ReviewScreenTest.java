package org.keyceremony.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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

/**
 * The review screen on tampered transcripts: the failed check, marked, with its reason; the verdict says not valid.
 * And on the genuine one, the final hash and ceremony id written at the ceremony, typed in, change the verdict.
 */
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

    @Test
    void theFinalHashAndCeremonyIdWrittenAtTheCeremonyChangeTheVerdict(FxRobot robot) throws Exception {
        String hash = ReviewViewModelTest.finalHashWrittenAtTheCeremony();
        String id = ReviewViewModelTest.ceremonyIdWrittenAtTheCeremony();
        open(robot, "genuine.pdf");
        assertThat(verdict(robot)).startsWith("VALID").contains("The file alone cannot show it is the transcript signed "
                + "in the room");

        // Half a hash is refused beside its field, and the verdict is left as it was: nothing was verified.
        robot.clickOn("#finalHash").write(hash.substring(0, 32)).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Label refused = robot.lookup("#finalHashProblem").queryAs(Label.class);
        assertThat(refused.isVisible()).isTrue();
        assertThat(refused.getText()).isEqualTo("32 hex digits typed; the final hash has 64 (it is printed in every page "
                + "footer).");
        assertThat(robot.lookup("#finalHash").queryAs(TextField.class).getStyleClass()).contains("refused");
        assertThat(robot.lookup("#check-expected-final-hash").tryQuery()).isEmpty();

        robot.write(hash.substring(32));
        assertThat(refused.isVisible()).as("editing answers the reason").isFalse();
        robot.clickOn("#ceremonyId").write(id).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> verdict(robot).contains("It is the transcript signed in the room"));
        assertThat(verdict(robot)).startsWith("VALID").doesNotContain("cannot show");
        assertThat(robot.lookup("#check-expected-final-hash").queryAs(HBox.class).getStyleClass()).contains("check-pass");
        assertThat(robot.lookup("#check-expected-ceremony").queryAs(HBox.class).getStyleClass()).contains("check-pass");

        // One digit off: the transcript signed in the room is not this one.
        String other = hash.substring(0, 63) + (hash.endsWith("0") ? "1" : "0");
        TextField field = robot.lookup("#finalHash").queryAs(TextField.class);
        robot.interact(field::clear);
        robot.clickOn(field).write(other).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> verdict(robot).startsWith("NOT VALID"));
        assertThat(verdict(robot)).startsWith("NOT VALID: 1 check");
        HBox row = robot.lookup("#check-expected-final-hash").queryAs(HBox.class);
        assertThat(row.getStyleClass()).contains("check-fail");
        assertThat(reasonOf(row)).contains("not the final hash written at the ceremony (" + other + ")");
    }

    private static String verdict(FxRobot robot) {
        return robot.lookup("#verdict").queryAs(Label.class).getText();
    }
}
