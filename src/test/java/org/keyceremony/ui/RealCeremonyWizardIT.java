package org.keyceremony.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.hsm.HsmToken;
import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.testing.FaultInjector;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.TestToken;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.keyceremony.ui.wizard.ShareProgress;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A real (not rehearsal) root ceremony through the GUI against real SoftHSM2 tokens: the HSM
 * selection screen finds the library, lists the tokens, and is given the HSM token, two backup
 * media and an output folder; the participants are typed (no answers file); each custodian's
 * card is chosen on the live card reader. Custodian 5's card is out of its reader when the
 * question appears and is inserted while the screen watches (SoftHSM2 cannot add a token to a
 * running process, so a fault layer hides it until then): it appears, marked "just inserted".
 * The network of a CI machine is up, so the air-gap step asks for, and records, a deviation.
 */
@ExtendWith(ApplicationExtension.class)
class RealCeremonyWizardIT {
    private static final String[] CARDS = {"real-card-1", "real-card-2", "real-card-3", "real-card-4", "real-card-5"};
    private static SoftHsmWorld world;
    private static TestToken hsm;
    private static Path script;
    private static Path dir;
    private static final FaultInjector READERS = new FaultInjector().pull(CARDS[4]);

    @BeforeAll
    static void tokensMediaAndScript() throws IOException {
        world = SoftHsmWorld.get();
        hsm = world.createToken("real-root-hsm", SoftHsmWorld.DEFAULT_SO_PIN, SoftHsmWorld.DEFAULT_USER_PIN);
        for (String card : CARDS) {
            world.createToken(card, SoftHsmWorld.DEFAULT_SO_PIN, SoftHsmWorld.DEFAULT_USER_PIN);
        }
        dir = Files.createTempDirectory("gui-real");
        Files.createDirectories(dir.resolve("usb-1"));
        Files.createDirectories(dir.resolve("usb-2"));
        String shipped = Files.readString(Path.of("ceremony-scripts/root-key-generation.yaml"), StandardCharsets.UTF_8);
        String ec = shipped.replace("    algorithm: RSA\n    size: 4096\n", "    algorithm: EC\n    curve: P-384\n")
                .replace("    digest: SHA-256\n", "    digest: SHA-384\n");
        assertThat(ec).contains("curve: P-384");
        script = dir.resolve("root-key-generation.yaml");
        Files.writeString(script, ec, StandardCharsets.UTF_8);
    }

    @Start
    void start(Stage stage) throws Exception {
        Clock clock = Clock.systemUTC();
        Shell shell = new Shell(stage, new FxTaskRunner(), new Rehearsals(clock), clock, READERS);
        shell.realCeremony(CeremonyScripts.parse(script), Optional.empty());
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
    }

    @Test
    void runsARealRootCeremonyFromHsmSelectionToSignedTranscript(FxRobot robot) throws Exception {
        // The library is found by itself and its tokens are listed; the uninitialised slot is not offered.
        assertThat(robot.lookup("#modulePath").queryAs(TextField.class).getText()).isEqualTo(SoftHsmWorld.LIBRARY.toString());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> tokenListed(robot, hsm.label()));
        assertThat(robot.lookup("#startReal").queryButton().isDisabled()).isTrue();
        assertThat(text(robot, "#hsmMissing")).contains("Choose the token that plays hsm.")
                .contains("Name backup medium 1").contains("Name backup medium 2");

        robot.clickOn("#token-hsm");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell")
                .match((ListCell<?> c) -> c.getText() != null && c.getText().startsWith(hsm.label() + " ")).<Node>query());
        assertThat(robot.lookup("#token-hsm").<ComboBox<TokenInfo>>query().getValue().serial()).isEqualTo(hsm.serial());
        robot.clickOn("#medium-1").write(dir.resolve("usb-1").toString());
        robot.clickOn("#medium-2").write(dir.resolve("usb-1").toString());
        assertThat(text(robot, "#hsmMissing")).contains("is named twice");
        robot.clickOn("#medium-2").push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.A)
                .write(dir.resolve("usb-2").toString());
        TextField out = robot.lookup("#outputDir").queryAs(TextField.class);
        robot.interact(() -> out.setText(dir.resolve("ceremony").toString()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#hsmMissing")).startsWith("Everything is named.");
        robot.clickOn("#startReal");

        List<String> insertedAsNew = new ArrayList<>();
        RehearsalDriver driver = new RehearsalDriver(robot, name -> { }).typingParticipants()
                .pin(SoftHsmWorld.DEFAULT_USER_PIN).soPin(SoftHsmWorld.DEFAULT_SO_PIN).liveCards(question -> {
                    String card = CARDS[Integer.parseInt(RehearsalDriver.cardAsked(question).substring(5)) - 1];
                    if (card.equals(CARDS[4])) {
                        // The custodian inserts the card while the question is on screen: it appears by itself.
                        assertThat(robot.lookup("#use-" + card).tryQuery()).isEmpty();
                        READERS.insert(card);
                        try {
                            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                                    () -> robot.lookup("#use-" + card).tryQuery().isPresent());
                        } catch (java.util.concurrent.TimeoutException e) {
                            throw new AssertionError("the inserted card did not appear on the live card reader", e);
                        }
                        if (robot.lookup("#use-" + card).query().getStyleClass().contains("card-new")) {
                            insertedAsNew.add(card);
                        }
                    }
                    return card;
                });

        String outcome = driver.runToEnd(180);

        assertThat(outcome).isEqualTo("The ceremony is complete.");
        assertThat(driver.cardsInserted()).containsExactly(CARDS);
        assertThat(insertedAsNew).containsExactly(CARDS[4]);
        assertThat(robot.lookup("#rehearsalBanner").tryQuery()).isEmpty();
        TableView<ShareProgress.Row> shares = robot.lookup("#shareProgress").query();
        assertThat(shares.getItems()).hasSize(5).allSatisfy(r -> assertThat(r.statusProperty().get())
                .isEqualTo("share #" + r.custodian() + " read from the card, quorum verified \u2713"));
        assertThat(shares.getItems()).extracting(r -> r.cardProperty().get().replaceFirst(" \\(.*", ""))
                .containsExactly(CARDS);

        Path pdf = Path.of(robot.lookup("#transcriptPath").queryAs(TextField.class).getText());
        assertThat(pdf).isRegularFile().startsWith(dir.resolve("ceremony"));
        VerificationReport report = TranscriptVerifier.verify(pdf, (String) null);
        assertThat(report.failures()).isEmpty();
        assertThat(report.valid()).isTrue();
        String log = Files.readString(dir.resolve("ceremony/events.jsonl"));
        assertThat(log).contains("\"rehearsal\":false");
        // A machine with its network up (CI) must have been asked for the reason, which the log records.
        assertThat(log.contains("\"airGapped\":true") || log.contains("\"airGapped\":false")
                && log.contains("\"deviation\":\"Test machine with its network up")).isTrue();
        for (String usb : List.of("usb-1", "usb-2")) {
            try (Stream<Path> files = Files.list(dir.resolve(usb))) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".kcbackup"));
            }
        }
        // The root key is in the HSM token that was chosen on the screen, under the script's label.
        try (HsmToken t = world.module().openBySerial(hsm.serial())) {
            try (org.keyceremony.secret.Pin pin = hsm.pin()) {
                t.login(pin);
            }
            String label = CeremonyScripts.parse(script).policy().key().orElseThrow().label();
            assertThat(t.findObjects(org.keyceremony.hsm.ObjectClass.PRIVATE_KEY, label, null)).hasSize(1);
            // ... and sealed: one-way non-extractable, wrappable by no key (issue 15).
            byte[] id = java.util.HexFormat.of().parseHex(CeremonyScripts.parse(script).policy().key().orElseThrow().idHex());
            assertThat(t.keyProtection(t.privateKey(id)).sealed()).isTrue();
        }
    }

    private static boolean tokenListed(FxRobot robot, String label) {
        javafx.scene.control.ListView<TokenInfo> list = robot.lookup("#tokenList").query();
        return list.getItems().stream().anyMatch(t -> t.label().equals(label));
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }
}
