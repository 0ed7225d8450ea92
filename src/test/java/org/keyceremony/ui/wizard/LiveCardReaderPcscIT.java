package org.keyceremony.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.script.Act;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyKind;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.Metadata;
import org.keyceremony.script.Policy;
import org.keyceremony.script.Role;
import org.keyceremony.script.Step;
import org.keyceremony.testing.SoftHsmWorld;
import org.keyceremony.testing.pcsc.PcscWorld;
import org.keyceremony.ui.Shell;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wizard's live card reader in a real ceremony, watching real card middleware: three
 * virtual cards behind pcscd ({@link PcscWorld}), read through OpenSC's PKCS#11 module as the
 * HSM selection screen builds its card source. A card pulled disappears from the reader, the
 * same card put back appears marked "just inserted", and choosing it answers the engine's
 * question with its label. The window is photographed at that moment into
 * {@code target/screenshots/wizard-live-pcsc-cards.png} (docs/images holds a copy).
 */
@ExtendWith(ApplicationExtension.class)
class LiveCardReaderPcscIT {
    private static PcscWorld cards;
    private Shell shell;
    private Scene scene;

    @BeforeAll
    static void startCards() {
        cards = PcscWorld.start(3);
    }

    @AfterAll
    static void stopCards() {
        if (cards != null) {
            cards.close();
        }
    }

    @Start
    void start(Stage stage) {
        Clock clock = Clock.systemUTC();
        shell = new Shell(stage, new FxTaskRunner(), new Rehearsals(clock), clock);
        stage.setWidth(1024);
        stage.setHeight(700);
        stage.show();
        scene = stage.getScene();
    }

    @Test
    void aCardPulledLeavesTheReaderAndComesBackMarkedJustInserted(FxRobot robot) throws Exception {
        // as HsmSelectionViewModel builds it: the card library's initialised tokens (no HSM token here)
        CeremonyEnvironment env = new CeremonyEnvironment(SoftHsmWorld.LIBRARY, PcscWorld.OPENSC, Map.of(), Map.of(),
                List.of());
        CardSource source = () -> env.openCardModule().tokens().stream().filter(t -> t.flags().initialized()).toList();
        Step write = new Step("3.4", "Write the shares to the custodians' cards", "Custodians, come to the table one "
                + "at a time, in the order the screen shows. Insert your card, check its serial number on the screen, "
                + "and type your PIN yourself.", Role.CUSTODIAN, Role.WITNESS, true, new Action.WriteShare(null), 0);
        CompletableFuture<String> answered = new CompletableFuture<>();
        robot.interact(() -> shell.wizard(new WizardLaunch(rootCeremonyAt(write), false, Path.of("unused"),
                Optional.of(WizardScripts.people()), (prompter, events) -> {
                    prompter.show(write);
                    answered.complete(prompter.value(write, "card label or serial for custodian 2 (Cal Two)"));
                    throw new AssertionError("answered in this test");
                }, List.of(), Optional.of(source))));
        String first = cards.card(1).tokenLabel();
        String second = cards.card(2).tokenLabel();
        String third = cards.card(3).tokenLabel();

        awaitButtons(List.of(first, second, third));
        assertThat(status()).isEqualTo("3 card(s) present.");
        assertThat(fresh()).as("cards marked just inserted").isEmpty();

        cards.card(2).card().remove();
        awaitButtons(List.of(first, third));
        assertThat(status()).isEqualTo("2 card(s) present.");

        cards.card(2).card().insert();
        awaitButtons(List.of(first, second, third));
        assertThat(fresh()).as("cards marked just inserted").containsExactly(second);
        assertThat(text(second)).contains("just inserted").contains("serial " + cards.card(2).serial());
        screenshot(Path.of("target/screenshots/wizard-live-pcsc-cards.png"));

        // its id holds spaces and parentheses, which a CSS lookup cannot name
        robot.clickOn(onFx(() -> buttons().stream().filter(b -> b.getId().equals("use-" + second)).findFirst()
                .orElseThrow()));
        assertThat(answered.get(10, TimeUnit.SECONDS)).isEqualTo(second);
    }

    /** Participants, then {@code step}, named as the shipped root ceremony (the screenshot shows the names). */
    private static CeremonyScript rootCeremonyAt(Step step) {
        Step participants = new Step("1.1", "Participants and roles", "Each person in the room, state your full name "
                + "and your role.", Role.ADMINISTRATOR, Role.WITNESS, true, new Action.RecordParticipants(), 0);
        String text = "# live card reader test script\n";
        return new CeremonyScript(new Metadata("root-key-generation", "1.0", CeremonyKind.ROOT_KEY_GENERATION,
                "testing", ""), new Policy(Optional.empty(), Optional.empty(), Optional.empty(), false, 0),
                Map.of(Role.ADMINISTRATOR, 1, Role.WITNESS, 1), List.of(new Act(1, "Preflight", List.of(participants)),
                new Act(3, "Backup", List.of(step))), text, WizardScripts.sha256(text));
    }

    /** Waits until the reader shows exactly these cards (by button id), in this order. */
    private void awaitButtons(List<String> labels) throws Exception {
        List<String> ids = labels.stream().map(l -> "use-" + l).toList();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> onFx(() -> buttons().stream().map(Button::getId)
                .toList()).equals(ids));
    }

    /** The labels of the cards marked just inserted. */
    private List<String> fresh() throws Exception {
        return onFx(() -> buttons().stream().filter(b -> b.getStyleClass().contains("card-new"))
                .map(b -> b.getId().substring("use-".length())).toList());
    }

    private String text(String label) throws Exception {
        return onFx(() -> buttons().stream().filter(b -> b.getId().equals("use-" + label)).findFirst()
                .map(Button::getText).orElseThrow());
    }

    private String status() throws Exception {
        return onFx(() -> ((Label) scene.lookup("#liveReaderStatus")).getText());
    }

    /** Read on the FX thread: the reader rebuilds its buttons there. */
    private List<Button> buttons() {
        FlowPane reader = (FlowPane) scene.lookup("#liveReader");
        return reader == null ? List.of() : reader.getChildren().stream().map(Button.class::cast).toList();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    /** The window as it is now, as a PNG (PixelReader to BufferedImage: javafx-swing is not on the class path). */
    private void screenshot(Path png) throws Exception {
        WritableImage image = onFx(() -> scene.snapshot(null));
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(png.getParent());
        ImageIO.write(out, "png", png.toFile());
    }
}
