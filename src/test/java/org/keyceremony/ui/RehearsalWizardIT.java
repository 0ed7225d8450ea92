package org.keyceremony.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A complete rehearsal root ceremony through the GUI, from the home screen's "Rehearse root
 * key ceremony" to the signed transcript, against real SoftHSM2 tokens. The world lives in
 * the directory of this JVM's {@code SOFTHSM2_CONF} (set by failsafe), so it is active in
 * this process and no child JVM is needed. The script is the shipped one with an EC P-384
 * root key (the documented alternative), for speed. The administrator first mistypes the
 * HSM PIN: the failure panel says why, and Retry goes on. Nothing is clicked: the whole
 * rehearsal is driven by keyboard alone (Tab to move, Space and Enter to act, typing).
 */
@ExtendWith(ApplicationExtension.class)
class RehearsalWizardIT {
    private static Path world;
    private static Path script;

    @BeforeAll
    static void emptyWorldAndScript() throws IOException {
        world = Path.of(System.getProperty("keyceremony.test.softhsm.dir")).toAbsolutePath();
        assertThat(Path.of(System.getenv("SOFTHSM2_CONF")).toAbsolutePath()).isEqualTo(world.resolve("softhsm2.conf"));
        RehearsalRuns.deleteTree(world);
        script = new RehearsalRuns(Files.createTempDirectory("gui-it-script")).ecScript("root-key-generation");
        assertThat(Files.readString(script, StandardCharsets.UTF_8)).contains("curve: P-384").contains("digest: SHA-384");
    }

    @Start
    void start(Stage stage) {
        Clock clock = Clock.systemUTC();
        Shell shell = new Shell(stage, new FxTaskRunner(), new Rehearsals(clock, () -> world, script), clock);
        shell.home();
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
    }

    @Test
    void rehearsesTheRootCeremonyFromHomeToSignedTranscript(FxRobot robot) throws Exception {
        // By keyboard alone, from the home screen to the verified transcript: Tab, Space, Enter and typing.
        RehearsalDriver driver = new RehearsalDriver(robot, name -> { }).wrongHsmPinFirst();
        driver.tabTo("rehearse");
        robot.type(KeyCode.SPACE);

        String outcome = driver.runToEnd(120);

        assertThat(outcome).isEqualTo("The ceremony is complete.");
        assertThat(driver.cardsInserted()).containsExactly("card-1", "card-2", "card-3", "card-4", "card-5");
        // each custodian had their moment: share verified, card back, before the next was called
        assertThat(driver.cardsBack()).hasSize(5).allSatisfy(t -> assertThat(t).contains("read back and checked"));
        assertThat(driver.cardsBack().get(1)).startsWith("Share #2 is written to card 'card-2'");
        // step 4.2: each custodian confirms in person, by name, with their own initials
        assertThat(driver.acknowledged()).hasSize(5).first().asString().contains("(1 of 5)");
        // The HSM PIN is the administrator's: the failure panel asks them, not a custodian, and keeps CKR_* out of it.
        assertThat(driver.failures()).singleElement().asString().startsWith("Why: ")
                .contains("the HSM's user PIN was not accepted").contains("Ask the administrator to type it again")
                .doesNotContain("custodian").doesNotContain("CKR_");
        assertThat(robot.lookup("#rehearsalBanner").tryQuery()).isPresent();
        Path pdf = Path.of(robot.lookup("#transcriptPath").queryAs(TextField.class).getText());
        // what the people write in ink: the transcript's final hash, grouped, as every page footer prints it
        String shownHash = robot.lookup("#doneFinalHash").queryAs(javafx.scene.control.Label.class).getText();
        assertThat(shownHash).matches("([0-9a-f]{4} ){7}[0-9a-f]{4}\n([0-9a-f]{4} ){7}[0-9a-f]{4}");
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            var firstPage = new org.apache.pdfbox.text.PDFTextStripper();
            firstPage.setEndPage(1);
            assertThat(firstPage.getText(doc)).contains("Event log final hash: " + shownHash.replaceAll("\\s", ""));
        }
        assertThat(pdf).isRegularFile().startsWith(world.resolve("transcripts"));
        VerificationReport report = TranscriptVerifier.verify(pdf, (String) null);
        assertThat(report.failures()).isEmpty();
        assertThat(report.valid()).isTrue();
        WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                () -> !robot.lookup("#preview").queryAs(HBox.class).getChildren().isEmpty());

        driver.tabTo("verifyTranscript");
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS,
                () -> driver.text("#verdict").startsWith("VALID"));
        assertThat(robot.lookup("#shareTable").tryQuery()).isPresent();
    }
}
