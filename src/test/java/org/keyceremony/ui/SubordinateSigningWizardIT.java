package org.keyceremony.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
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
import org.keyceremony.base.Digests;
import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.CeremonyEnding;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Ceremonies;
import org.keyceremony.ceremony.rehearsal.RehearsalRuns;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.Json;
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
 * Certificates a living root issues, signed through the GUI in the smallest window the wizard is
 * made for (1024 × 700). One root rehearsal (the shipped RSA-4096 script, answered from its answers
 * file before any window opens) puts the root key in the world's HSM and its certificate in the
 * transcripts folder; in that world the shipped subordinate-signing and cross-signing scripts are
 * each rehearsed as the home screen starts them, every step answered on the screen: the
 * participants, the recorder and the time source, the HSM PIN, the root certificate's path, the
 * path of what the other party brought (the request the rehearsal made, {@code requests/3.1.csr}
 * or the other CA's certificate {@code requests/3.1.pem}, typed relative to the workspace), and
 * each confirmation with the confirmer's initials. At "Prepare and check the certificate" the
 * witness has in view the certificate's whole summary, in which the key's SPKI SHA-256 and the TBS
 * SHA-256 the HSM then signs are what the log records (both follow it in the two lines read aloud),
 * and the linter's warning is marked; the certificate written verifies under the root with
 * {@code openssl verify -x509_strict} and certifies the key confirmed (a cross-certificate: the
 * other CA's name and key), and the transcript verifies with the auditor's verifier, tied to the
 * root's fingerprint. The root rehearsal is made once for both, as chained rehearsals share a world.
 */
@ExtendWith(ApplicationExtension.class)
class SubordinateSigningWizardIT {
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
        stage.setWidth(1024);
        stage.setHeight(700);
        stage.show();
    }

    @Test
    void issuesTheSubordinatesCertificateAfterTheWitnessConfirmedItsContents(FxRobot robot) throws Exception {
        Witnessed seen = rehearse(robot, "subordinate-signing", "requests/3.1.csr", "REHEARSAL-SUBORDINATE-MEDIUM");

        assertThat(seen.notice()).startsWith("The certificate the HSM will sign in the next step:").contains(
                "Profile: cabf-tls-subordinate", "Subject: CN=Example Issuing CA E1,O=Example Organisation,C=NL",
                "Issuer: CN=Example Root CA,O=Example Organisation,C=NL", "Basic constraints: a CA, path length 0 (critical)");
        assertThat(seen.facts().get("Summary")).contains("Subject: CN=Example Issuing CA E1,O=Example Organisation,C=NL",
                "Subject key: PKCS#10 request for CN=Example Issuing CA E1");
        assertThat(seen.facts().get("Proof of the key")).isEqualTo("the certificate request is signed by this key (checked)");
        Path request = world.resolve("requests/3.1.csr");
        assertThat(seen.facts().get("File")).isEqualTo(request.toString());
        assertThat(seen.facts().values()).noneMatch(v -> v.contains("BEGIN"));
    }

    @Test
    void crossCertifiesTheOtherCasKeyAndNameAfterTheWitnessConfirmedThem(FxRobot robot) throws Exception {
        Witnessed seen = rehearse(robot, "cross-signing", "requests/3.1.pem", "REHEARSAL-OTHER-CA-MEDIUM");

        assertThat(seen.facts().get("Summary")).contains("Profile: cabf-cross",
                "Subject: CN=Rehearsal Other CA 3.1,O=Rehearsal Other Organisation,C=NL",
                "Subject key: existing certificate of CN=Rehearsal Other CA 3.1");
        assertThat(seen.facts().get("Proof of the key")).isEqualTo("the existing CA certificate carries this key");
        X509Certificate existing = certificate(world.resolve("requests/3.1.pem"));
        X509Certificate issued = certificate(seen.issued());
        assertThat(issued.getSubjectX500Principal().getEncoded()).as("the other CA's name, byte for byte")
                .isEqualTo(existing.getSubjectX500Principal().getEncoded());
        assertThat(issued.getPublicKey().getEncoded()).as("the other CA's key")
                .isEqualTo(existing.getPublicKey().getEncoded());
        assertThat(issued.getIssuerX500Principal()).isEqualTo(certificate(rootCertificate).getSubjectX500Principal());
    }

    /** What the witness had in front of them at step 3.1, and the certificate issued. */
    private record Witnessed(String notice, Map<String, String> facts, Path issued) {
    }

    /**
     * Rehearses {@code script} in the root's world through the wizard, {@code input} typed at
     * "Prepare and check the certificate"; checks what the witness saw there against the log, and
     * the issued certificate and the transcript as a relying party and an auditor would.
     */
    private Witnessed rehearse(FxRobot robot, String script, String input, String medium) throws Exception {
        // As "Open a ceremony script…" → "Rehearse in an earlier workspace" does: the world is active here.
        RehearsalStart start = rehearsals.prepare(world, RehearsalSetup.script(script));
        assertThat(start).isInstanceOf(RehearsalStart.RunHere.class);
        var launch = ((RehearsalStart.RunHere) start).launch();
        robot.interact(() -> shell.wizard(launch));
        robot.targetWindow(stage);
        Map<String, String> facts = new LinkedHashMap<>();
        String[] notice = new String[1];
        boolean[] summaryInView = new boolean[1];
        boolean[] warningMarked = new boolean[1];
        RehearsalDriver driver = new RehearsalDriver(robot, screen -> {
            if (screen.equals("panel-confirm@3.1")) {
                notice[0] = robot.lookup("#notice").queryAs(Label.class).getText();
                facts.putAll(facts(robot));
                summaryInView[0] = inView(robot, robot.lookup(".fact-across").query());
                warningMarked[0] = valueOf(robot, "Warnings").getStyleClass().contains("fact-warning");
            }
        }).typing("1.2", "REHEARSAL-CAMERA-01").typing("1.6", "the laptop clock, read aloud by the witness")
                .typing("2.2", rootCertificate.toString()).typing("3.1", input)
                .typing("3.3", medium).typing("4.1", "REHEARSAL-BAG-HSM-0007");

        assertThat(driver.runToEnd(180)).isEqualTo("The ceremony is complete.");

        Path out = launch.outputDirectory();
        Map<String, Object> prepared = factsOf(out.resolve(EventLog.FILE_NAME), "prepare-certificate");
        String tbs = (String) prepared.get("tbsSha256");
        String spki = (String) prepared.get("spkiSha256");
        assertThat(tbs).matches("[0-9a-f]{64}");
        assertThat(spki).matches("[0-9a-f]{64}");
        // What the witness had in view before confirming: the certificate, the key's SPKI SHA-256 and the SHA-256
        // the HSM then signed, as the log records them; then each SHA-256 again in the two lines read aloud.
        assertThat(facts.get("Summary")).contains("Issuer: CN=Example Root CA,O=Example Organisation,C=NL",
                "SPKI SHA-256 " + grouped(spki), "Signature algorithm: SHA256withRSA",
                "To be signed, SHA-256: " + grouped(tbs));
        assertThat(summaryInView[0]).as("the summary, whole, in the witness's view at 1024 x 700").isTrue();
        assertThat(facts).containsEntry("SPKI SHA-256", twoLines(spki)).containsEntry("TBS SHA-256", twoLines(tbs));
        assertThat(List.copyOf(facts.keySet()).subList(0, 3)).containsExactly("Summary", "SPKI SHA-256", "TBS SHA-256");
        assertThat(notice[0]).contains("To be signed, SHA-256: " + grouped(tbs));
        // The shipped scripts ask for clientAuth beside serverAuth: the linter's warning, marked for the witness.
        assertThat(facts.get("Warnings")).startsWith("cert-eku-server-auth-only (Chrome Root Program Policy 3.2.1)");
        assertThat(warningMarked[0]).isTrue();

        Path issued = issued(out);
        assertThat(openssl("verify", "-x509_strict", "-CAfile", out.resolve("root-ca.pem").toString(), issued.toString()))
                .contains(issued + ": OK");
        assertThat(Digests.sha256Hex(certificate(issued).getPublicKey().getEncoded())).as("the key confirmed")
                .isEqualTo(spki);

        Path pdf = Path.of(robot.lookup("#transcriptPath").queryAs(TextField.class).getText());
        assertThat(pdf.getParent()).isEqualTo(out);
        VerificationReport report = TranscriptVerifier.verify(pdf, Digests.sha256Hex(certificate(rootCertificate)
                .getEncoded()));
        assertThat(report.failures()).isEmpty();
        assertThat(report.valid()).isTrue();
        return new Witnessed(notice[0], facts, issued);
    }

    private static String grouped(String sha256) {
        return sha256.replaceAll("(.{4})(?!$)", "$1 ");
    }

    private static String twoLines(String sha256) {
        String g = grouped(sha256);
        return g.substring(0, 39) + "\n" + g.substring(40);
    }

    /** The one {@code issued-*.pem} in the ceremony's output folder. */
    private static Path issued(Path out) throws Exception {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(out, "issued-*.pem")) {
            files.forEach(found::add);
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(Files.readString(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", ""));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** The confirmation panel's facts as the witness reads them: label → value (the summary, across the panel, first). */
    private static Map<String, String> facts(FxRobot robot) {
        return RehearsalDriver.confirmationFacts(robot);
    }

    private static Label valueOf(FxRobot robot, String key) {
        Node k = robot.lookup(".fact-key").match((Label l) -> l.getText().equals(key)).query();
        var cells = k.getParent().getChildrenUnmodifiable();
        return (Label) cells.get(cells.indexOf(k) + 1);
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
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
