package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.ceremony.actions.signing.PrepareCertificate;
import org.keyceremony.ceremony.actions.signing.PrepareCrl;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.journal.facts.ActionFacts;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.script.Role;
import org.keyceremony.script.Step;
import org.keyceremony.ui.Shell;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wizard in the smallest window it is made for, 1024 × 700: a question below a long
 * read-aloud text is scrolled into view, a certificate's summary fits in that view whole, and no
 * label or button is cut short.
 */
@ExtendWith(ApplicationExtension.class)
class WizardLayoutTest {
    private static final String TBS = "3a074d30e389dddf1679e600d1bbb8c09fbc8126daa9d3f2c42f1edb7d7bb5db";
    private Shell shell;
    private Scene scene;

    @Start
    void start(Stage stage) {
        Clock clock = Clock.systemUTC();
        shell = new Shell(stage, new FxTaskRunner(), new Rehearsals(clock), clock);
        stage.setWidth(1024);
        stage.setHeight(700);
        stage.show();
        scene = stage.getScene();
    }

    /** The wizard in the window (with its base font), its engine asking what {@code questions} asks, as the engine would. */
    private void wizard(FxRobot robot, CeremonyScript script, CeremonyRunner questions) throws TimeoutException {
        robot.interact(() -> shell.wizard(WizardScripts.launch(script, Path.of("unused"), questions)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".action-panel").tryQuery().isPresent()
                || robot.lookup(".participants").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theParticipantsScreensButtonsAreWhole(FxRobot robot) throws Exception {
        wizard(robot, WizardScripts.manualOnly(), (prompter, events) -> {
            prompter.setup(WizardScripts.manualOnly(), true);
            throw new AssertionError("answered in this test");
        });

        assertThat(truncated()).isEmpty();
    }

    @Test
    void theFactsBelowALongTextAreScrolledIntoViewAndNothingIsCutShort(FxRobot robot) throws Exception {
        Step prepare = new Step("3.1", "Prepare and check the CRL", ("Administrator, insert the medium with the root's "
                + "previous CRL and type its path, or leave it empty if this is the root's first CRL.\n").repeat(6),
                Role.ADMINISTRATOR, Role.WITNESS, false, new Action.Manual(null, false), 0);
        List<String> summary = List.of("Issuer: CN=Example Root CA,O=Example Organisation,C=NL", "CRL number: 1",
                "This update: 2027-01-15T00:00:00Z", "Next update: 2028-01-10T00:00:00Z", "Revoked certificates: none",
                "Signature algorithm: SHA256withRSA", "To be signed, SHA-256: " + TBS);
        Map<String, Object> facts = ActionFacts.write(new PrepareCrl.Facts(TBS, "1", "2027-01-15T00:00:00Z",
                "2028-01-10T00:00:00Z", Optional.empty(), Optional.empty(), summary, TBS, List.of("crl-this-update-time "
                + "(RFC 5280 5.1.2.4): thisUpdate 2027-01-15T00:00:00Z is more than 48 hours from now: check the date")));
        wizard(robot, WizardScripts.then(prepare), (prompter, events) -> {
            prompter.show(prepare);
            prompter.notice("The CRL the HSM will sign in the next step:\n  " + String.join("\n  ", summary));
            prompter.confirm(prepare, facts);
            throw new AssertionError("answered in this test");
        });
        WaitForAsyncUtils.waitForFxEvents();

        Label tbs = valueOf(robot, "TBS SHA-256");
        assertThat(tbs.getText()).isEqualTo("3a07 4d30 e389 dddf 1679 e600 d1bb b8c0\n9fbc 8126 daa9 d3f2 c42f 1edb 7d7b b5db");
        ScrollPane scroll = (ScrollPane) scene.lookup(".center-scroll");
        double top = scroll.localToScene(0, 0).getY() + scroll.getInsets().getTop();
        Bounds shown = tbs.localToScene(tbs.getBoundsInLocal());
        assertThat(scroll.getVvalue()).as("scrolled down to the question").isGreaterThan(0);
        assertThat(shown.getMinY()).as("the TBS SHA-256 is in view").isGreaterThanOrEqualTo(top - 1);
        assertThat(shown.getMaxY()).isLessThanOrEqualTo(top + scroll.getViewportBounds().getHeight() + 1);
        assertThat(robot.lookup("#notice").queryAs(Label.class).getText()).contains("To be signed, SHA-256: 3a07 4d30 ");
        assertThat(truncated()).isEmpty();
    }

    @Test
    void aSubordinatesSummaryIsInViewWholeWithTheSha256ValuesInIt(FxRobot robot) throws Exception {
        String spki = "010edb8ef807487d688ce412fbd454a7b2443250c42a93489fce5cc71ce5079e";
        Label summary = certificateConfirmation(robot, "subordinate-signing", WizardScripts.subordinate(spki, TBS));

        assertThat(summary.getText()).contains("SPKI SHA-256 010e db8e f807 487d", "To be signed, SHA-256: 3a07 4d30 ");
        assertThat(where(summary)).as("the certificate the witness compares with the script, whole, in view").isEmpty();
        assertThat(truncated()).isEmpty();
    }

    @Test
    void aCrossCertificatesLongerSummaryIsInViewWholeToo(FxRobot robot) throws Exception {
        String spki = "2d5145fa1f297fe84fbb695faf7893f6e41f5debee436f8f76fd8d07feb2a8e0";
        Label summary = certificateConfirmation(robot, "cross-signing", WizardScripts.crossCertificate(spki, TBS));

        assertThat(summary.getText()).contains("serial 9C808234B4A2627CF99DF56084160E38", "SPKI SHA-256 2d51 45fa ",
                "To be signed, SHA-256: 3a07 4d30 ");
        assertThat(where(summary)).as("the certificate the witness compares with the script, whole, in view").isEmpty();
        assertThat(truncated()).isEmpty();
    }

    /**
     * The wizard at the shipped {@code script}'s step 3.1 as the engine shows it: its text, the
     * notice prepare-certificate tells, the confirmation of {@code facts}; returns the summary shown.
     */
    private Label certificateConfirmation(FxRobot robot, String script, PrepareCertificate.Facts facts) throws Exception {
        Step prepare = CeremonyScripts.parse(RehearsalSetup.script(script)).steps().stream()
                .filter(s -> s.id().equals("3.1")).findFirst().orElseThrow();
        wizard(robot, WizardScripts.then(prepare), (prompter, events) -> {
            prompter.show(prepare);
            prompter.notice("The certificate the HSM will sign in the next step:\n  " + String.join("\n  ", facts.summary())
                    + "\n  The key: " + facts.subjectKey() + "\n  Subordinate's operator: read the key's SPKI SHA-256 aloud "
                    + "from your own record: " + facts.spkiSha256() + "\n  Warnings: " + facts.warnings().get(0)
                    + "\nWitness: compare these contents with the script before you confirm this step.");
            prompter.confirm(prepare, ActionFacts.write(facts));
            throw new AssertionError("answered in this test");
        });
        WaitForAsyncUtils.waitForFxEvents();
        Label summary = robot.lookup(".fact-across").queryAs(Label.class);
        assertThat(summary.getAccessibleText()).isEqualTo("Summary");
        settled(summary);
        return summary;
    }

    /**
     * Waits (up to 5 s) until {@code node} is in view: wrapped text may settle a pulse or two after
     * the question arrives on a slow machine. The assertion that follows says what was seen.
     */
    private void settled(Node node) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> inView(node)).get());
        } catch (TimeoutException stillOut) {
            // the caller's assertion reports the bounds
        }
    }

    /** True if {@code node} is wholly inside the visible part of the wizard's scrolled centre. */
    private boolean inView(Node node) {
        return where(node).isEmpty();
    }

    /** Empty if {@code node} is wholly in view, or where it is against the view. */
    private String where(Node node) {
        ScrollPane scroll = (ScrollPane) scene.lookup(".center-scroll");
        double top = scroll.localToScene(0, 0).getY() + scroll.getInsets().getTop();
        double bottom = top + scroll.getViewportBounds().getHeight();
        Bounds shown = node.localToScene(node.getBoundsInLocal());
        return shown.getMinY() >= top - 1 && shown.getMaxY() <= bottom + 1 ? ""
                : "y " + shown.getMinY() + " to " + shown.getMaxY() + " in a view from " + top + " to " + bottom
                        + " scrolled to " + scroll.getVvalue();
    }

    @Test
    void anEmptyNameIsSaidAboveTheNumberedRowsAndItsFieldIsMarked(FxRobot robot) throws Exception {
        wizard(robot, WizardScripts.manualOnly(), (prompter, events) -> {
            prompter.setup(WizardScripts.manualOnly(), true);
            throw new AssertionError("answered in this test");
        });
        javafx.scene.control.TextField name = robot.lookup("#participantName1")
                .queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> name.setText(""));
        WaitForAsyncUtils.waitForFxEvents();

        Label problems = robot.lookup("#participantProblems").queryAs(Label.class);
        assertThat(problems.getText()).contains("Row 1: the name is missing.");
        assertThat(problems.localToScene(0, 0).getY()).as("the reason above the rows, never below the fold")
                .isLessThan(name.localToScene(0, 0).getY());
        assertThat(robot.lookup("#participantNumber1").queryAs(Label.class).getText()).isEqualTo("1");
        assertThat(name.getStyleClass()).contains("field-error");
        assertThat(robot.lookup("#next").query().isDisabled()).as("Start waits for the name").isTrue();
        robot.interact(() -> name.setText("Ada Administrator"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(name.getStyleClass()).doesNotContain("field-error");
    }

    @Test
    void aMissingAnswerIsSaidUnderTheFieldAndTheBottomBarStaysWhole(FxRobot robot) throws Exception {
        Step bag = new Step("1.4", "HSM tamper-evident bag", "Administrator, enter the bag's serial number.",
                Role.ADMINISTRATOR, Role.WITNESS, false, new Action.Manual("Serial number of the HSM's bag", true), 0);
        wizard(robot, WizardScripts.then(bag), (prompter, events) -> {
            prompter.show(bag);
            prompter.value(bag, "Serial number of the HSM's bag");
            throw new AssertionError("answered in this test");
        });
        assertThat(robot.lookup(".hint").match((Label l) -> l.getText().contains("needs an answer")).tryQuery())
                .as("the question says before anything is typed that it needs an answer").isPresent();
        robot.clickOn("#valueField").type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();

        Label problem = robot.lookup("#problem").queryAs(Label.class);
        assertThat(problem.getText()).startsWith("This question needs an answer");
        assertThat(robot.lookup("#valueField").tryQuery()).as("the question stays open").isPresent();
        assertThat(isInside(problem, scene.lookup(".center-scroll"))).as("said in the centre, under the field").isTrue();
        settled(problem);
        assertThat(where(problem)).isEmpty();
        assertThat(truncated()).isEmpty();
    }

    @Test
    void missingInitialsAreSaidAboveTheBarWhoseLabelAndButtonsStayWhole(FxRobot robot) throws Exception {
        Step check = new Step("2.2", "Key protection", "The application checks the HSM.", Role.ADMINISTRATOR,
                Role.WITNESS, false, new Action.Manual(null, false), 0);
        wizard(robot, WizardScripts.then(check), (prompter, events) -> {
            prompter.show(check);
            prompter.confirm(check, Map.of("wrapWithTrustedEnforced", true, "tokenSerial", "35ff31b762870054"));
            throw new AssertionError("answered in this test");
        });
        robot.clickOn("#next");
        WaitForAsyncUtils.waitForFxEvents();

        Label problem = robot.lookup("#problem").queryAs(Label.class);
        assertThat(problem.getText()).contains("type your initials");
        assertThat(isInside(problem, scene.lookup(".center-scroll"))).isTrue();
        assertThat(truncated()).as("the initials label and the buttons at 1024 px with a message").isEmpty();
    }

    private static boolean isInside(Node node, Node ancestor) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aQuestionIsShownWholeWithTheTextAboveItThatFitsOrFromItsTop() {
        assertThat(WizardView.scrollToShow(300, 500, 600)).as("everything fits").isEqualTo(0);
        assertThat(WizardView.scrollToShow(900, 1200, 500)).as("panel and table fit: to the end").isEqualTo(1);
        assertThat(WizardView.scrollToShow(300, 1200, 500)).as("taller than the view: its top at the top")
                .isEqualTo(300.0 / 700);
    }

    private static Label valueOf(FxRobot robot, String key) {
        Node k = robot.lookup(".fact-key").match((Label l) -> l.getText().equals(key)).query();
        if (!(k.getParent() instanceof javafx.scene.layout.GridPane)) {
            k = k.getParent(); // a fingerprint's name has its Copy button under it
        }
        var cells = k.getParent().getChildrenUnmodifiable();
        Node v = cells.get(cells.indexOf(k) + 1);
        // a fingerprint is its label beside a Copy button; attributes, their words above a disclosure
        return (Label) (v instanceof javafx.scene.layout.Pane p ? p.getChildren().get(0) : v);
    }

    /** Every shown label or button whose text the skin had to cut short ("…"), as "its text → what is shown". */
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
