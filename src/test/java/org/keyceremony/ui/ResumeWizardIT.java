package org.keyceremony.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.ui.common.FileDialogs;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A rehearsal stopped in the middle of writing the shares, found again from the home screen and
 * resumed, by keyboard alone: the folder chosen is the workspace (not the nested ceremony folder),
 * the home screen lists the interrupted ceremony with the step it stopped in, the recovery panel
 * says in plain lines what Resume and Abort would do, and every PIN asked on the way says who
 * types it and why (the shares already written are taken back from named custodians).
 */
@ExtendWith(ApplicationExtension.class)
class ResumeWizardIT {
    private static Path world;
    private static Path script;
    private final List<String> foldersAsked = new java.util.ArrayList<>();

    @BeforeAll
    static void emptyWorldAndScript() throws IOException {
        world = Path.of(System.getProperty("keyceremony.test.softhsm.dir")).toAbsolutePath();
        RehearsalRuns.deleteTree(world);
        script = new RehearsalRuns(Files.createTempDirectory("gui-resume-script")).ecScript("root-key-generation");
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
    void aCeremonyStoppedWhileWritingSharesIsFoundUnderItsWorkspaceAndResumedWithEachCustodianCalledByName(FxRobot robot)
            throws Exception {
        RehearsalDriver driver = new RehearsalDriver(robot, name -> { }).stoppingAt("panel-card-back@3.4", 2);
        driver.tabTo("rehearse");
        robot.type(KeyCode.SPACE);
        driver.runToEnd(120);
        assertThat(driver.text("#stoppedReason")).isNotBlank();

        driver.tabTo("home");
        robot.type(KeyCode.SPACE);
        driver.tabTo("resume");
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#found1").tryQuery().isPresent());
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
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#resumeCeremony").tryQuery().isPresent());
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

        assertThat(outcome).isEqualTo("The ceremony is complete.");
        // the shares written before the stop are taken back first, each custodian called by name and told why
        assertThat(driver.pinPrompts()).anySatisfy(p -> assertThat(p).matches(
                "Carla Custodian: insert your card \\(card-1\\) and type your PIN\\. Share #1 of set [0-9a-f]+, "
                        + "which this ceremony wrote, is taken back: it is erased from the card and nothing else on it "
                        + "is touched\\."))
                .anySatisfy(p -> assertThat(p).startsWith("Chris Custodian: insert your card (card-2)"));
        assertThat(driver.pinPrompts()).noneMatch(p -> p.startsWith("PIN of"));
        Path pdf = Files.list(world.resolve("transcripts")).flatMap(d -> {
            try {
                return Files.list(d);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(p -> p.getFileName().toString().startsWith("transcript-")).findFirst().orElseThrow();
        assertThat(TranscriptVerifier.verify(pdf, (String) null).failures()).isEmpty();
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
