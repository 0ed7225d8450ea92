package org.keyceremony.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.journal.Json;
import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.CeremonyEnding;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Ceremonies;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.journal.EventLog;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.RehearsalStart;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The root's first CRL signed through the GUI. A root rehearsal (the shipped RSA-4096 script,
 * answered from its answers file before the window opens) puts the root key in the world's HSM
 * and its certificate in the transcripts folder; then the shipped crl-signing script is rehearsed
 * in the same workspace as the home screen starts it, every step answered on the screen: the
 * participants, the recorder and the time source, the HSM PIN, the root certificate's path typed
 * in, the previous CRL left empty (the first CRL), and each confirmation with the confirmer's
 * initials. The witness's screen at "Prepare and check the CRL" shows the CRL's contents and the
 * SHA-256 the HSM then signs; the CRL written verifies under the root with openssl, and the
 * transcript with the auditor's verifier, tied to the root's fingerprint.
 */
@ExtendWith(ApplicationExtension.class)
class CrlSigningWizardIT {
    private static Path world;
    private static Path rootCertificate;
    private Shell shell;
    private Rehearsals rehearsals;
    private Stage stage;

    @BeforeAll
    static void rootRehearsalPutsTheRootKeyInTheHsm() throws Exception {
        world = Path.of(System.getProperty("keyceremony.test.softhsm.dir")).toAbsolutePath();
        rootCertificate = RehearsalDriver.completedRootWorld(world);
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Clock clock = Clock.systemUTC();
        rehearsals = new Rehearsals(clock, () -> world, RehearsalSetup.script("root-key-generation"));
        shell = new Shell(stage, new FxTaskRunner(), rehearsals, clock);
        shell.home();
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
    }

    @Test
    void signsTheRootsFirstCrlAfterTheWitnessConfirmedItsContents(FxRobot robot) throws Exception {
        // As "Open a ceremony script…" → "Rehearse in an earlier workspace" does: the world is active here.
        RehearsalStart start = rehearsals.prepare(world, RehearsalSetup.script("crl-signing"));
        assertThat(start).isInstanceOf(RehearsalStart.RunHere.class);
        var launch = ((RehearsalStart.RunHere) start).launch();
        robot.interact(() -> shell.wizard(launch));
        robot.targetWindow(stage);
        Map<String, String> tbsScreen = new LinkedHashMap<>();
        String[] tbsNotice = new String[1];
        boolean[] tbsInView = new boolean[1];
        RehearsalDriver driver = new RehearsalDriver(robot, screen -> {
            if (screen.equals("panel-confirm@3.1")) {
                tbsNotice[0] = robot.lookup("#notice").queryAs(Label.class).getText();
                tbsScreen.putAll(facts(robot));
                tbsInView[0] = inView(robot, robot.lookup(".fact-key").match((Label l) -> l.getText().equals("TBS SHA-256"))
                        .query());
            }
        }).typing("1.2", "REHEARSAL-CAMERA-01").typing("1.6", "the laptop clock, read aloud by the witness")
                .typing("2.2", rootCertificate.toString()).typing("3.1", "")
                .typing("3.3", "REHEARSAL-PUBLICATION-MEDIUM").typing("4.1", "REHEARSAL-BAG-HSM-0007");

        assertThat(driver.runToEnd(180)).isEqualTo("The ceremony is complete.");

        Path out = launch.outputDirectory();
        Map<String, Object> prepared = factsOf(out.resolve(EventLog.FILE_NAME), "prepare-crl");
        String tbs = (String) prepared.get("tbsSha256");
        assertThat(tbs).matches("[0-9a-f]{64}");
        String grouped = tbs.replaceAll("(.{4})(?!$)", "$1 ");
        // What the witness saw before confirming: the CRL's contents and, in view, the SHA-256 the HSM then signed.
        assertThat(tbsNotice[0]).startsWith("The CRL the HSM will sign in the next step:").contains(
                "Issuer: CN=Example Root CA,O=Example Organisation,C=NL", "CRL number: 1",
                "This update: 2027-01-15T00:00:00Z", "Next update: 2028-01-10T00:00:00Z", "Revoked certificates: none",
                "To be signed, SHA-256: " + grouped);
        assertThat(tbsNotice[0].split(grouped, -1)).as("the TBS SHA-256 said once").hasSize(2);
        // The number and the dates once, as the summary says them; the TBS SHA-256 also in the two lines read aloud.
        assertThat(tbsScreen.get("Summary")).contains("CRL number: 1", "This update: 2027-01-15T00:00:00Z",
                "Next update: 2028-01-10T00:00:00Z", "Revoked certificates: none", "To be signed, SHA-256: " + grouped);
        assertThat(tbsScreen).containsEntry("TBS SHA-256", grouped.substring(0, 39) + "\n" + grouped.substring(40))
                .doesNotContainKeys("CRL number", "This update", "Next update");
        assertThat(tbsInView[0]).as("the TBS SHA-256 is on the screen, not below it").isTrue();

        Path crl = out.resolve("root-ca-crl-1.crl");
        assertThat(crl).isRegularFile();
        assertThat(openssl("crl", "-inform", "DER", "-in", crl.toString(), "-CAfile", rootCertificate.toString(),
                "-noout", "-verify")).contains("verify OK");

        Path pdf = Path.of(robot.lookup("#transcriptPath").queryAs(TextField.class).getText());
        assertThat(pdf.getParent()).isEqualTo(out);
        String rootFingerprint = org.keyceremony.base.Digests.sha256Hex(java.util.Base64.getMimeDecoder().decode(
                Files.readString(rootCertificate).replaceAll("-----[A-Z ]+-----", "")));
        VerificationReport report = TranscriptVerifier.verify(pdf, rootFingerprint);
        assertThat(report.failures()).isEmpty();
        assertThat(report.valid()).isTrue();
    }

    /** The confirmation panel's facts as the witness reads them: label → value (the summary, across the panel, first). */
    private static Map<String, String> facts(FxRobot robot) {
        return RehearsalDriver.confirmationFacts(robot);
    }

    /** True if {@code node} is inside the visible part of the wizard's scrolled centre. */
    private static boolean inView(FxRobot robot, Node node) {
        ScrollPane scroll = robot.lookup(".center-scroll").queryAs(ScrollPane.class);
        double top = scroll.localToScene(0, 0).getY() + scroll.getInsets().getTop();
        Bounds shown = node.localToScene(node.getBoundsInLocal());
        return shown.getMinY() >= top - 1 && shown.getMaxY() <= top + scroll.getViewportBounds().getHeight() + 1;
    }

    /** The facts of the (last) step-end of the step whose action is {@code kind}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> factsOf(Path log, String kind) throws Exception {
        String step = null;
        Map<String, Object> facts = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Map<String, Object> e = Json.parseObject(line);
            Map<String, Object> data = (Map<String, Object>) e.get("data");
            if ("step-begin".equals(e.get("type")) && kind.equals(data.get("action"))) {
                step = (String) e.get("step");
            } else if ("step-end".equals(e.get("type")) && e.get("step").equals(step)) {
                facts = (Map<String, Object>) data.get("facts");
            }
        }
        assertThat(facts).as("the facts of " + kind).isNotNull();
        return facts;
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
