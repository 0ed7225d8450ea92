package org.keyceremony.ui.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.common.SystemDocuments;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The review screen's own actions, driven on the committed fixtures: the failed checks named in the
 * banner, a failed transcript's facts greyed, a new file starting at the top with nothing typed for
 * the previous one, SHA-256 values in groups of four with a copy button, and the PDF opened and
 * printed through the desktop (here a fake desktop, so that what is run can be checked).
 */
@ExtendWith(ApplicationExtension.class)
class ReviewScreenActionsTest {
    private ReviewViewModel vm;
    private final List<List<String>> ran = new ArrayList<>();
    private volatile boolean printerPresent;

    @Start
    void start(Stage stage) {
        SystemDocuments.Commands desktop = new SystemDocuments.Commands() {
            @Override
            public Optional<Path> find(String name) {
                return name.equals("lpstat") && !printerPresent ? Optional.empty()
                        : Optional.of(Path.of("/usr/bin", name));
            }

            @Override
            public SystemDocuments.Result run(List<String> command) {
                synchronized (ran) {
                    ran.add(command);
                }
                if (command.get(0).endsWith("lpstat")) {
                    return command.get(1).equals("-d") ? new SystemDocuments.Result(0, "no system default destination")
                            : new SystemDocuments.Result(1, "lpstat: No destinations added.");
                }
                return new SystemDocuments.Result(0, command.get(0).endsWith("/lp") ? "request id is Laser-7 (1 file(s))" : "");
            }
        };
        vm = new ReviewViewModel(new FxTaskRunner(), new SystemDocuments(desktop));
        ReviewView view = new ReviewView(vm, stage, () -> { });
        Scene scene = new Scene(view.root(), 1280, 720);
        scene.getStylesheets().add(org.keyceremony.ui.Shell.class.getResource("keyceremony.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private void open(FxRobot robot, String fixture) throws Exception {
        String before = WaitForAsyncUtils.asyncFx(() -> verdict(robot)).get();
        robot.interact(() -> vm.open(Path.of("transcripts/fixtures", fixture)));
        // Judged on the FX thread: a lookup from the test thread raced with the screen being rebuilt.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> !vm.busyProperty().get()
                && !verdict(robot).isEmpty() && vm.fileProperty().get().endsWith(fixture)
                && (before.isEmpty() || !verdict(robot).equals(before)
                || vm.reportProperty().get().source().equals(fixture))).get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String verdict(FxRobot robot) {
        return robot.lookup("#verdict").queryAs(Label.class).getText();
    }

    @Test
    void theBannerNamesTheFailedChecksAndTheClaimedFactsAreGreyedOut(FxRobot robot) throws Exception {
        open(robot, "replaced-event-log.pdf");

        List<String> failed = vm.reportProperty().get().failures().stream().map(c -> c.name()).toList();
        assertThat(failed).contains("no-changes-after-signing");
        assertThat(verdict(robot)).startsWith("NOT VALID: " + failed.size() + " check(s) failed: "
                + String.join(", ", failed) + ". Do not rely on this transcript");
        VBox facts = robot.lookup("#facts").queryAs(VBox.class);
        assertThat(facts.getStyleClass()).contains("facts-untrusted");
        assertThat(robot.lookup("#factsCaveat").queryAs(Label.class).getText())
                .startsWith("NOT VALID: the facts below are greyed out because a check failed.");
        Label someFact = robot.lookup("#facts .fact-value").queryAs(Label.class);
        assertThat(someFact.getTextFill().toString()).as("greyed text").isEqualTo("0x8a8a8aff");

        open(robot, "genuine.pdf");
        assertThat(verdict(robot)).startsWith("VALID");
        assertThat(facts.getStyleClass()).doesNotContain("facts-untrusted");
        assertThat(robot.lookup("#factsCaveat").queryAs(Label.class).getText()).startsWith("These facts come from");
    }

    @Test
    void anotherFileStartsAtTheTopWithNothingTypedForThePreviousOne(FxRobot robot) throws Exception {
        open(robot, "genuine.pdf");
        robot.clickOn("#fingerprint").write("ab12");
        robot.clickOn("#ceremonyId").write("some-ceremony");
        ScrollPane scroll = robot.lookup("#reviewScroll").queryAs(ScrollPane.class);
        robot.interact(() -> scroll.setVvalue(scroll.getVmax()));
        assertThat(scroll.getVvalue()).isEqualTo(scroll.getVmax());

        open(robot, "shadow-overlay.pdf");

        assertThat(scroll.getVvalue()).isEqualTo(scroll.getVmin());
        assertThat(robot.lookup("#fingerprint").queryAs(TextField.class).getText()).isEmpty();
        assertThat(robot.lookup("#ceremonyId").queryAs(TextField.class).getText()).isEmpty();
        assertThat(vm.reportProperty().get().check("root-fingerprint")).as("no root checked for the new file").isEmpty();
    }

    @Test
    void sha256ValuesAreGroupedInFoursAndCopiedWhole(FxRobot robot) throws Exception {
        open(robot, "genuine.pdf");
        String hash = vm.contentProperty().get().finalLogHash();
        assertThat(hash).matches("[0-9a-f]{64}");
        String grouped = hash.replaceAll("(.{4})(?!$)", "$1 ").replaceFirst("^((?:\\S{4} ){7}\\S{4}) ", "$1\n");

        Label shown = robot.lookup("#facts .fact-value").match((Label l) -> l.getText().equals(grouped)).queryAs(Label.class);
        assertThat(shown.getText()).startsWith(hash.substring(0, 4) + " " + hash.substring(4, 8) + " ");
        Button copy = (Button) shown.getParent().getChildrenUnmodifiable().get(1);
        assertThat(copy.getText()).isEqualTo("Copy");
        robot.clickOn(copy);
        AtomicReference<String> clip = new AtomicReference<>();
        robot.interact(() -> clip.set(Clipboard.getSystemClipboard().getString()));
        assertThat(clip.get()).isEqualTo(hash);
        assertThat(robot.lookup("#reviewProblem").queryAs(Label.class).getText()).startsWith("Copied the SHA-256");
        // The Copy buttons take their room from the values, not from the names of the facts ("ceremony id", not "ce...").
        for (javafx.scene.Node n : robot.lookup("#facts .fact-key").queryAll()) {
            Label key = (Label) n;
            assertThat(key.getWidth()).as("width of fact name '" + key.getText() + "'").isGreaterThanOrEqualTo(key.prefWidth(-1) - 0.5);
        }
    }

    @Test
    void openThePdfAndPrintGoThroughTheDesktopAndANoPrinterComputerSaysSo(FxRobot robot) throws Exception {
        open(robot, "genuine.pdf");
        Path pdf = Path.of("transcripts/fixtures/genuine.pdf").toAbsolutePath();

        robot.clickOn("#openPdf");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> ranCommand("/usr/bin/xdg-open"));
        synchronized (ran) {
            assertThat(ran).contains(List.of("/usr/bin/xdg-open", pdf.toString()));
        }

        printerPresent = true; // lpstat exists and lists no printer
        robot.clickOn("#printPdf");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> !robot.lookup("#reviewProblem").queryAs(Label.class).getText().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#reviewProblem").queryAs(Label.class).getText()).contains("No printer is set up")
                .contains("was not printed");
        assertThat(ranCommand("/usr/bin/lp")).as("nothing sent to a printer").isFalse();

        printerPresent = false; // no lpstat: lp prints on its default
        robot.clickOn("#printPdf");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#reviewProblem").queryAs(Label.class).getText().contains("sent to the printer"));
        assertThat(robot.lookup("#reviewProblem").queryAs(Label.class).getText())
                .isEqualTo("genuine.pdf was sent to the printer (request id is Laser-7 (1 file(s))). Collect the pages "
                        + "from the printer.");
    }

    private boolean ranCommand(String program) {
        synchronized (ran) {
            return ran.stream().anyMatch(c -> c.get(0).equals(program));
        }
    }
}
