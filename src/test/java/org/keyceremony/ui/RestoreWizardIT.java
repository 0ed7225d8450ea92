package org.keyceremony.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A restore through the GUI: a root rehearsal (the shipped script) makes the backup and the
 * cards, then the shipped backup-restore script runs in the same world, the custodians of
 * cards 5, 2 and 1 presenting them through the simulated card reader, to a signed transcript.
 */
@ExtendWith(ApplicationExtension.class)
class RestoreWizardIT {
    private static Path world;
    private Shell shell;
    private Rehearsals rehearsals;

    @BeforeAll
    static void emptyWorld() throws IOException {
        world = Path.of(System.getProperty("keyceremony.test.softhsm.dir")).toAbsolutePath();
        RehearsalRuns.deleteTree(world);
    }

    @Start
    void start(Stage stage) {
        Clock clock = Clock.systemUTC();
        rehearsals = new Rehearsals(clock, () -> world, RehearsalSetup.script("root-key-generation"));
        shell = new Shell(stage, new FxTaskRunner(), rehearsals, clock);
        shell.home();
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
    }

    @Test
    void restoresTheRootKeyFromThreeCardsAfterARootRehearsal(FxRobot robot) throws Exception {
        robot.clickOn("#rehearse");
        assertThat(new RehearsalDriver(robot, n -> { }).runToEnd(180)).isEqualTo("The ceremony is complete.");

        var restore = CeremonyScripts.parse(RehearsalSetup.script("backup-restore"));
        var launch = rehearsals.launch(RehearsalWorld.open(world), restore);
        robot.interact(() -> shell.wizard(launch));
        RehearsalDriver driver = new RehearsalDriver(robot, n -> { }).presenting("card-5", "card-2", "card-1");

        assertThat(driver.runToEnd(180)).isEqualTo("The ceremony is complete.");

        assertThat(driver.cardsInserted()).containsExactly("card-5", "card-2", "card-1");
        Path pdf = Path.of(robot.lookup("#transcriptPath").queryAs(TextField.class).getText());
        assertThat(pdf.getParent().getFileName().toString()).startsWith("backup-restore-");
        assertThat(TranscriptVerifier.verify(pdf, (String) null).failures()).isEmpty();
    }
}
