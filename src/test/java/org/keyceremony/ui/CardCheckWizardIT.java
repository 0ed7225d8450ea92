package org.keyceremony.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.CeremonyEnding;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Ceremonies;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.journal.EventLog;
import org.keyceremony.journal.EventLogVerifier;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.transcript.Check;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A card check through the GUI ends as it does on the terminal: with its transcript. A root
 * rehearsal (EC P-384, answered from the shipped answers file, before the window opens) makes the
 * backup and the five cards; then the shipped card-check script runs in the wizard and checks
 * every card the backup package names, each custodian typing the card's PIN. No HSM takes part, so the transcript
 * is the UNSIGNED one: its event log, footer hash and content verify, and the only failing check
 * is the missing signature, which the transcript itself declares.
 */
@ExtendWith(ApplicationExtension.class)
class CardCheckWizardIT {
    private static Path world;
    private Shell shell;
    private Rehearsals rehearsals;
    private Stage stage;

    @BeforeAll
    static void rootRehearsalMakesTheCards() throws Exception {
        world = Path.of(System.getProperty("keyceremony.test.softhsm.dir")).toAbsolutePath();
        if (Files.exists(world)) {
            try (Stream<Path> walk = Files.walk(world)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        CeremonyScript root = CeremonyScripts.parse(ecRootScript());
        RehearsalWorld w = RehearsalWorld.create(world, RehearsalSetup.cardsFor(root), RehearsalWorld.DEFAULT_USER_PIN,
                RehearsalWorld.DEFAULT_SO_PIN);
        CeremonyEnding end = Ceremonies.in(RehearsalSetup.environment(w), Clock.systemUTC()).run(root,
                w.transcripts().resolve("root-key-generation-setup"), true,
                AnswersFilePrompter.read(RehearsalSetup.answers("root-key-generation")), e -> { });
        assertThat(end.result().outcome()).isEqualTo(CeremonyResult.Outcome.COMPLETED);
        assertThat(end.signed()).isTrue();
    }

    /** The shipped root script with an EC P-384 key: the same ceremony, seconds faster than RSA-4096. */
    private static Path ecRootScript() throws IOException {
        String shipped = Files.readString(RehearsalSetup.script("root-key-generation"), StandardCharsets.UTF_8);
        String ec = shipped.replace("algorithm: RSA\n    size: 4096", "algorithm: EC\n    curve: P-384")
                .replace("digest: SHA-256", "digest: SHA-384");
        assertThat(ec).contains("curve: P-384");
        Path file = Files.createTempDirectory("card-check-wizard").resolve("root-key-generation.yaml");
        Files.writeString(file, ec, StandardCharsets.UTF_8);
        return file;
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
    void aCardCheckFromTheWizardEndsWithItsUnsignedTranscript(FxRobot robot) throws Exception {
        var check = CeremonyScripts.parse(RehearsalSetup.script("card-check"));
        var launch = rehearsals.launch(RehearsalWorld.open(world), check);
        robot.interact(() -> shell.wizard(launch));
        robot.targetWindow(stage); // nothing was clicked yet: the driver's keys go to this window
        RehearsalDriver driver = new RehearsalDriver(robot, n -> { });

        assertThat(driver.runToEnd(180)).isEqualTo("The ceremony is complete.");

        Path pdf = Path.of(robot.lookup("#transcriptPath").queryAs(TextField.class).getText());
        assertThat(pdf).isRegularFile();
        assertThat(pdf.getParent()).isEqualTo(launch.outputDirectory());
        assertThat(pdf.getFileName().toString()).startsWith("transcript-").endsWith(".pdf");
        String log = Files.readString(pdf.resolveSibling(EventLog.FILE_NAME));
        assertThat(log).contains("\"allCardsGood\":true", "OK: checksum valid, commitment matches share #5");

        VerificationReport report = TranscriptVerifier.verify(pdf, (String) null);
        assertThat(report.failures()).extracting(Check::name).containsExactly("one-signature");
        assertThat(report.check("one-signature")).hasValueSatisfying(c -> assertThat(c.reason())
                .contains("not signed").contains("declares itself an UNSIGNED TRANSCRIPT"));
        assertThat(report.check("event-log")).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
        assertThat(report.check("footer-hash")).hasValueSatisfying(c -> assertThat(c.passed()).isTrue());
        // The transcript covers the whole closed log in the folder, to its last event.
        String finalHash = EventLogVerifier.verify(pdf.resolveSibling(EventLog.FILE_NAME)).finalHash();
        assertThat(report.check("footer-hash")).hasValueSatisfying(c -> assertThat(c.reason()).contains(finalHash));
    }
}
