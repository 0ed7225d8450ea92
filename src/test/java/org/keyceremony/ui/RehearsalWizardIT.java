package org.keyceremony.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ui.common.FileDialogs;
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
 * HSM PIN: the failure panel says why, and Retry goes on. Then the people press Stop while
 * the shares are written; the ceremony is found again from the home screen under its
 * workspace, its recovery panel read, and resumed to the end, each custodian whose share is
 * taken back called by name. Nothing is clicked: the whole rehearsal is driven by keyboard
 * alone (Tab to move, Space and Enter to act, typing).
 */
@ExtendWith(ApplicationExtension.class)
class RehearsalWizardIT {
    private static Path world;
    private static Path script;
    private final List<String> foldersAsked = new java.util.ArrayList<>();

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
        shell.fileDialogs(new FileDialogs() {
            @Override
            public Optional<Path> folder(String title, Path initial) {
                foldersAsked.add(title + " @ " + initial);
                return Optional.of(world); // the workspace, as a user remembers it: not the ceremony's own folder
            }

            @Override
            public Optional<Path> open(String title, Path initial, String filterName, String pattern) {
                throw new AssertionError("no file is opened here");
            }

            @Override
            public Optional<Path> save(String title, Path folder, String initialName, String filterName, String pattern) {
                throw new AssertionError("nothing is saved here");
            }
        });
        shell.home();
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
    }

    @Test
    void rehearsesTheRootCeremonyFromHomeToSignedTranscript(FxRobot robot) throws Exception {
        // By keyboard alone, from the home screen to the verified transcript: Tab, Space, Enter and typing.
        RehearsalDriver driver = new RehearsalDriver(robot, name -> { }).wrongHsmPinFirst()
                .stoppingAt("panel-card-back@3.4", 2);
        driver.tabTo("rehearse");
        robot.type(KeyCode.SPACE);

        // Stopped while the shares are written, with two custodians' shares on their cards.
        driver.runToEnd(120);
        assertThat(driver.text("#stoppedReason")).isNotBlank();
        assertThat(driver.cardsBack()).as("the first custodian's moment; Stop was pressed on the second's").hasSize(1);
        String outcome = resumeFromHome(robot, driver);

        assertThat(outcome).isEqualTo("The ceremony is complete.");
        assertThat(driver.cardsInserted()).containsExactly("card-1", "card-2", "card-1", "card-2", "card-3", "card-4",
                "card-5");
        // each custodian had their moment: share verified, card back, before the next was called
        List<String> back = driver.cardsBack().subList(1, driver.cardsBack().size());
        assertThat(back).hasSize(5).allSatisfy(t -> assertThat(t).contains("read back and checked"));
        assertThat(back.get(1)).startsWith("Share #2 is written to card 'card-2'");
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
                () -> driver.exists("#preview .image-view"));

        driver.tabTo("verifyTranscript");
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS,
                () -> driver.text("#verdict").startsWith("VALID"));
        assertThat(robot.lookup("#shareTable").tryQuery()).isPresent();
    }

    /**
     * From the stopped panel, by keyboard: home, "Resume an interrupted ceremony", the workspace
     * chosen (not the nested ceremony folder), the one interrupted ceremony listed with where it
     * stopped, its recovery panel in plain lines, Resume, and on to the end.
     */
    private String resumeFromHome(FxRobot robot, RehearsalDriver driver) throws Exception {
        driver.tabTo("home");
        robot.type(KeyCode.SPACE);
        driver.tabTo("resume");
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> driver.exists("#found1"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(foldersAsked).singleElement().asString().startsWith("Choose the folder");
        assertThat(robot.lookup("#found2").tryQuery()).as("only one ceremony is interrupted").isEmpty();
        String row = texts(robot.lookup("#found1").queryAs(Parent.class));
        assertThat(row).contains("root-key-generation 1.0").contains("REHEARSAL")
                .contains("during step 3.4 \u2014 Write the shares")
                .contains("last step completed: 3.3 \u2014 Split the key-wrapping key")
                .contains(world.resolve("transcripts").toString());
        assertThat(driver.text("#homeStatus")).startsWith("1 interrupted ceremony(ies) under " + world);

        driver.tabTo("resumeFound1");
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> driver.exists("#resumeCeremony"));
        WaitForAsyncUtils.waitForFxEvents();
        String facts = texts(robot.lookup("#recoveryFacts").queryAs(Parent.class));
        assertThat(facts).contains("Interrupted during").contains("3.4 \u2014 Write the shares")
                .contains("Last step completed").contains("3.3 \u2014 Split the key-wrapping key");
        String ifResume = texts(robot.lookup("#recoveryIfResume").queryAs(Parent.class));
        assertThat(ifResume).contains("The ceremony continues at step 3.")
                .containsPattern("Removed first, to be made again: erase share #1 of set [0-9a-f]+ from card-1 \\(step 3.4\\)")
                .containsPattern("erase share #2 of set [0-9a-f]+ from card-2");
        String ifAbort = texts(robot.lookup("#recoveryIfAbort").queryAs(Parent.class));
        assertThat(ifAbort).startsWith("If you abort, these are removed, newest first").contains("Erase share #2")
                .contains("Erase share #1");
        assertThat(ifResume).contains("Made again, because it was held only in memory and died with the program: ")
                .contains("the key-wrapping key").doesNotContain("kwk");
        // the plan's full text is there for whoever wants it, folded away
        assertThat(robot.lookup("#recoveryDetails").queryAs(javafx.scene.control.TitledPane.class).isExpanded()).isFalse();
        Node recovery = robot.lookup("#resumeCeremony").query().getParent().getParent();
        // the step list shows where it stopped before anyone chooses: done up to 3.3, 3.4 failed, the rest to do
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<org.keyceremony.ui.wizard.StepItem> steps = robot.lookup("#steps").queryAs(
                javafx.scene.control.ListView.class);
        List<String> states = WaitForAsyncUtils.asyncFx(() -> steps.getItems().stream()
                .map(i -> i.step().id() + "=" + i.state()).toList()).get(10, TimeUnit.SECONDS);
        assertThat(states).contains("1.1=DONE", "3.3=DONE", "3.4=FAILED", "3.5=PENDING");

        driver.tabTo("resumeCeremony");
        robot.type(KeyCode.SPACE);
        String outcome = driver.resumeToEnd(120, recovery);
        // the shares written before the stop are taken back first, each custodian called by name and told why
        assertThat(driver.pinPrompts()).anySatisfy(p -> assertThat(p).matches(
                "Carla Custodian: insert your card \\(card-1\\) and type your PIN\\. Share #1 of set [0-9a-f]+, "
                        + "which this ceremony wrote, is taken back: it is erased from the card and nothing else on it "
                        + "is touched\\."))
                .anySatisfy(p -> assertThat(p).startsWith("Chris Custodian: insert your card (card-2)"));
        assertThat(driver.pinPrompts()).noneMatch(p -> p.startsWith("PIN of"));
        return outcome;

    }

    /** Every label's text under {@code node}, one per line. */
    private static String texts(Parent node) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            StringBuilder b = new StringBuilder();
            collect(node, b);
            return b.toString();
        }).get(10, TimeUnit.SECONDS);
    }

    private static void collect(Node n, StringBuilder b) {
        if (n instanceof Label l) {
            b.append(l.getText()).append('\n');
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, b);
            }
        }
    }
}
