package org.keyceremony.ui.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keyceremony.journal.Json;
import org.keyceremony.ui.Shell;
import org.keyceremony.ui.common.FileDialogs;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Keys and custodians screen on the committed sample archive, in the smallest window it is made for
 * (1024 × 700), from the home screen's button: the folder picked, the date typed, the archive read on a
 * worker; the key, its custodians (stale two years on), the warnings each with its resolving ceremony,
 * whose script opens read-only; the JSON saved as a new file; and nothing cut short.
 */
@ExtendWith(ApplicationExtension.class)
class LedgerScreenTest {
    static final Path SAMPLES = Path.of("transcripts", "samples").toAbsolutePath();
    static final String ROOT = "3f7b1c268010de162302274dca68c01f67c7d6078548b29dc4c99831d3916f96";
    @TempDir
    static Path out;
    private Scene scene;
    private final List<String> asked = new ArrayList<>();

    @Start
    void start(Stage stage) {
        Clock clock = Clock.systemUTC();
        Shell shell = new Shell(stage, new FxTaskRunner(), new Rehearsals(clock), clock);
        shell.fileDialogs(new FileDialogs() {
            @Override
            public Optional<Path> folder(String title, Path initial) {
                asked.add("folder " + title);
                return Optional.of(SAMPLES);
            }

            @Override
            public Optional<Path> open(String title, Path initial, String filterName, String pattern) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> save(String title, Path folder, String initialName, String filterName, String pattern) {
                asked.add("save " + initialName + " in " + folder);
                return Optional.of(out.resolve(initialName));
            }
        });
        shell.home();
        stage.setWidth(1024);
        stage.setHeight(700);
        stage.show();
        scene = stage.getScene();
    }

    private void readSampleAsOf(FxRobot robot, String day) throws Exception {
        assertThat(truncated()).as("the home screen with its fifth choice").isEmpty();
        robot.clickOn("#ledger");
        robot.clickOn("#archiveChoose");
        assertThat(robot.lookup("#archive").queryAs(TextField.class).getText()).isEqualTo(SAMPLES.toString());
        robot.clickOn("#asOf").push(new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN)).write(day)
                .type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#key-0").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void twoYearsOnTheSampleKeysCardsAreStaleAndEachWarningOpensTheCeremonyThatResolvesIt(FxRobot robot) throws Exception {
        readSampleAsOf(robot, "2028-12-05");
        assertThat(asked).containsExactly("folder Choose the archive folder");
        assertThat(robot.lookup("#ledgerProblem").queryAs(Label.class).isVisible()).isFalse();
        assertThat(robot.lookup("#ledgerStatus").queryAs(Label.class).getText()).startsWith("Read. 7 warning(s)");
        assertThat(robot.lookup("#fingerprint-0").queryAs(Label.class).getText())
                .isEqualTo("3f7b 1c26 8010 de16 2302 274d ca68 c01f\n67c7 d607 8548 b29d c4c9 9831 d391 6f96");

        GridPane custodians = robot.lookup("#custodians-0").queryAs(GridPane.class);
        List<Label> statuses = robot.lookup(n -> n.getId() != null && n.getId().startsWith("status-0-")).queryAllAs(Label.class)
                .stream().toList();
        assertThat(statuses).hasSize(5).allSatisfy(l -> {
            assertThat(l.getText()).startsWith("\u26A0 STALE: not proven in the last 12 months");
            assertThat(l.getStyleClass()).contains("stale");
        });
        assertThat(texts(custodians)).anySatisfy(t -> assertThat(t).startsWith("2026-12-04\nby root-key-generation 9f0ee5c3"));

        List<String> warnings = robot.lookup(n -> n.getId() != null && n.getId().startsWith("warning-"))
                .queryAll().stream().map(Node::getAccessibleText).toList();
        assertThat(warnings).hasSize(7).anySatisfy(w -> assertThat(w).startsWith("card-not-proven: card "))
                .anySatisfy(w -> assertThat(w).startsWith("quorum-at-risk: "))
                .anySatisfy(w -> assertThat(w).startsWith("backup-not-proven: "));
        assertThat(robot.lookup("#history-0").queryAs(Parent.class).getChildrenUnmodifiable())
                .extracting(Node::getAccessibleText).singleElement().asString()
                .contains("root-key-generation 9f0ee5c3-8668-477d-9ba3-c3c8ca1991b9 verified");
        assertThat(truncated()).isEmpty();

        // the first warning is a card not proven: its button opens the card check's script, read-only
        Button resolve = robot.lookup("#resolve-0").queryButton();
        assertThat(resolve.getText()).isEqualTo("Open the card-check script");
        robot.clickOn(resolve);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#scriptPane").query().isVisible());
        TextArea script = robot.lookup("#scriptText").queryAs(TextArea.class);
        assertThat(script.getText()).contains("kind: card-check");
        assertThat(script.isEditable()).isFalse();
        assertThat(script.isFocused()).as("the script has the keyboard").isTrue();
        assertThat(truncated()).isEmpty();
        robot.type(KeyCode.ENTER); // Enter in the script does not read the archive again under it
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#ledgerBusy").query().isVisible()).isFalse();
        robot.type(KeyCode.ESCAPE); // Back to the ledger, not read again
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#scriptPane").query().isVisible()).isFalse();
        assertThat(robot.lookup("#key-0").tryQuery()).isPresent();

        robot.clickOn("#saveJson");
        Path json = out.resolve("ledger-status-2028-12-05.json");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(json)
                && robot.lookup("#ledgerStatus").queryAs(Label.class).getText().startsWith("Saved "));
        assertThat(asked).contains("save ledger-status-2028-12-05.json in " + SAMPLES);
        Map<String, Object> parsed = Json.parseObject(Files.readString(json).strip());
        assertThat(parsed).containsEntry("format", "keyceremony-ledger").containsEntry("version", 1L)
                .containsEntry("exitStatus", 1L);
        robot.clickOn("#saveJson"); // the same name again: refused, the file kept
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#ledgerProblem").queryAs(Label.class).getText()).isEqualTo(json
                + " exists already; choose another name (reports are never written over a file).");
    }

    @Test
    void aFolderThatIsNotThereIsOneSentence(FxRobot robot) throws Exception {
        robot.clickOn("#ledger");
        robot.clickOn("#archive").write(out.resolve("missing").toString()).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#ledgerProblem").queryAs(Label.class).isVisible());
        assertThat(robot.lookup("#ledgerProblem").queryAs(Label.class).getText()).startsWith("the archive folder "
                + out.resolve("missing") + " does not exist or is not a folder").doesNotContain("Exception");
        assertThat(robot.lookup("#saveJson").queryButton().isDisabled()).isTrue();
        assertThat(truncated()).isEmpty();
    }

    private static List<String> texts(Parent p) {
        return p.getChildrenUnmodifiable().stream().filter(Labeled.class::isInstance).map(n -> ((Labeled) n).getText()).toList();
    }

    /** Labels and buttons whose text is shown cut short (as WizardLayoutTest checks the wizard). */
    private List<String> truncated() {
        List<String> cut = new ArrayList<>();
        collect(scene.getRoot(), cut);
        return cut;
    }

    private static void collect(Node n, List<String> cut) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()
                && l.lookup(".text") instanceof Text t && !t.getText().equals(l.getText())) {
            cut.add(l.getText() + " \u2192 " + t.getText());
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, cut));
        }
    }
}
