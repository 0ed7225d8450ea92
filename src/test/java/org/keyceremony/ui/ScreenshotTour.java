package org.keyceremony.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ui.common.FxTaskRunner;
import org.keyceremony.ui.home.Rehearsals;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Takes the screenshots in docs/images: a real window under Xvfb, driven through a whole
 * rehearsal root ceremony, photographed with ImageMagick's {@code import -window root}.
 * Not a test; run it as docs/gui.md says ({@code SOFTHSM2_CONF} must point into an empty
 * workspace: the world is built there). With a second argument {@code review} it takes only
 * the review screens, of the committed fixtures, and needs no world; {@code ledger} the home screen
 * and the Keys and custodians screen on the committed sample, without a world; {@code crl} and
 * {@code subordinate} only the witness's confirmation of what a signing ceremony signs.
 */
public final class ScreenshotTour {
    private static final Set<String> WANTED = Set.of("participants", "panel-value@1.4", "panel-confirm@2.4",
            "panel-card-back@3.4", "panel-acknowledge@4.2",
            "panel-pin@2.1", "panel-pin@3.4", "panel-confirm@3.5", "panel-failure@2.1",
            "panel-value@3.4", "panel-pin@3.2", "panel-confirm@3.8");

    private ScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        boolean reviewOnly = args.length > 1 && (args[1].equals("review") || args[1].equals("ledger"));
        Path world = reviewOnly ? null : Path.of(System.getenv("SOFTHSM2_CONF")).getParent();
        Files.createDirectories(out);
        Stage stage = FxToolkit.registerPrimaryStage();
        Clock clock = Clock.systemUTC();
        Shell[] shell = new Shell[1];
        FxToolkit.setupStage(s -> {
            shell[0] = new Shell(s, new FxTaskRunner(), new Rehearsals(clock, () -> world,
                    RehearsalSetup.script("root-key-generation")), clock);
            shell[0].home();
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            s.setX(0);
            s.setY(0);
            s.setWidth(screen.getWidth());
            s.setHeight(screen.getHeight());
            s.show();
        });
        FxRobot robot = new FxRobot();
        if (args.length > 1 && args[1].equals("crl")) {
            signing(robot, stage, shell[0], out, world, "crl-signing", "", "crl-tbs-confirmation");
            FxToolkit.cleanupStages();
            System.exit(0);
        }
        if (args.length > 1 && args[1].equals("subordinate")) {
            signing(robot, stage, shell[0], out, world, "subordinate-signing", "requests/3.1.csr",
                    "subordinate-tbs-confirmation");
            FxToolkit.cleanupStages();
            System.exit(0);
        }
        if (args.length > 1 && args[1].equals("resume")) {
            resume(robot, shell[0], out, world);
            FxToolkit.cleanupStages();
            System.exit(0);
        }
        if (args.length > 1 && args[1].equals("ledger")) {
            shot(out, "home");
            ledger(robot, stage, out, args.length > 2 ? Double.parseDouble(args[2]) : 0);
            FxToolkit.cleanupStages();
            System.exit(0);
        }
        if (reviewOnly) {
            review(robot, shell[0], out, Path.of("transcripts/fixtures/genuine.pdf"),
                    Files.readString(Path.of("transcripts/fixtures/root-fingerprint.txt")).strip());
            FxToolkit.cleanupStages();
            System.exit(0);
        }
        Set<String> taken = new java.util.HashSet<>();
        shot(out, "home");
        robot.clickOn("#rehearse");
        RehearsalDriver driver = new RehearsalDriver(robot, name -> {
            String file = name.equals("participants") ? "wizard-participants"
                    : name.equals("panel-value@1.4") ? "wizard-value"
                    : name.equals("panel-confirm@2.4") ? "wizard-confirm"
                    : name.equals("panel-pin@3.2") ? "wizard-pin-so"
                    : name.equals("panel-confirm@3.8") ? "wizard-sealed"
                    : name.equals("panel-pin@2.1") ? "wizard-pin-hsm"
                    : name.equals("panel-pin@3.4") ? "wizard-card-prompt"
                    : name.equals("panel-confirm@3.5") ? "wizard-quorum"
                    : name.equals("panel-failure@2.1") ? "wizard-failure"
                    : name.equals("panel-value@3.4") ? "wizard-card-reader"
                    : name.equals("panel-card-back@3.4") ? "wizard-card-back"
                    : name.equals("panel-acknowledge@4.2") ? "wizard-each-confirms"
                    : null;
            if (file != null && WANTED.contains(name) && taken.add(file)) {
                shot(out, file);
            }
        }).wrongHsmPinFirst();
        driver.runToEnd(300);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#preview .image-view").tryQuery().isPresent());
        shot(out, "wizard-done");
        Path pdf = Path.of(robot.lookup("#transcriptPath").queryAs(TextField.class).getText());
        review(robot, shell[0], out, pdf, null);
        realCeremony(robot, shell[0], out, world);
        FxToolkit.cleanupStages();
        System.exit(0);
    }

    /**
     * At whatever size the screen is (the docs take it at 1024 × 700, the smallest supported): the
     * key pair's attributes in words (2.3) and the root fingerprint to read aloud (2.4), then the
     * rehearsal stopped while the shares are written, found again from home under its workspace
     * ({@code home-resume}) and its recovery panel ({@code wizard-recovery}).
     */
    private static void resume(FxRobot robot, Shell shell, Path out, Path world) throws Exception {
        shell.fileDialogs(new org.keyceremony.ui.common.FileDialogs() {
            @Override
            public java.util.Optional<Path> folder(String title, Path initial) {
                return java.util.Optional.of(world);
            }

            @Override
            public java.util.Optional<Path> open(String title, Path initial, String filterName, String pattern) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<Path> save(String title, Path folder, String initialName, String filterName,
                                                 String pattern) {
                return java.util.Optional.empty();
            }
        });
        RehearsalDriver driver = new RehearsalDriver(robot, name -> {
            if (name.equals("panel-confirm@2.3")) {
                shot(out, "wizard-key-attributes");
            } else if (name.equals("panel-confirm@2.4")) {
                shot(out, "wizard-root-fingerprint");
            }
        }).stoppingAt("panel-card-back@3.4", 2);
        driver.tabTo("rehearse");
        robot.type(javafx.scene.input.KeyCode.SPACE);
        driver.runToEnd(300);
        driver.tabTo("home");
        robot.type(javafx.scene.input.KeyCode.SPACE);
        driver.tabTo("resume");
        robot.type(javafx.scene.input.KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> driver.exists("#found1"));
        WaitForAsyncUtils.waitForFxEvents();
        shot(out, "home-resume");
        driver.tabTo("resumeFound1");
        robot.type(javafx.scene.input.KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> driver.exists("#resumeCeremony"));
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(500);
        shot(out, "wizard-recovery");
    }

    /**
     * The witness's confirmation of what the root key will sign: a root rehearsal answered from its
     * answers file (no screens), then the shipped signing {@code script} in the wizard in the same
     * world, photographed as {@code file} at step 3.1 ("Prepare and check the CRL" or "… the
     * certificate") before the witness confirms. {@code input} is typed there: empty for the root's
     * first CRL, the request the rehearsal made ({@code requests/3.1.csr}) for a subordinate.
     */
    private static void signing(FxRobot robot, Stage stage, Shell shell, Path out, Path world, String script,
                                String input, String file) throws Exception {
        var root = org.keyceremony.script.CeremonyScripts.parse(RehearsalSetup.script("root-key-generation"));
        var w = org.keyceremony.ceremony.rehearsal.RehearsalWorld.create(world, RehearsalSetup.cardsFor(root),
                org.keyceremony.ceremony.rehearsal.RehearsalWorld.DEFAULT_USER_PIN,
                org.keyceremony.ceremony.rehearsal.RehearsalWorld.DEFAULT_SO_PIN);
        org.keyceremony.ceremony.Ceremonies.in(RehearsalSetup.environment(w), Clock.systemUTC()).run(root,
                w.transcripts().resolve("root-key-generation-tour"), true, org.keyceremony.ceremony.AnswersFilePrompter
                        .read(RehearsalSetup.answers("root-key-generation")), e -> { });
        var start = new Rehearsals(Clock.systemUTC(), () -> world, RehearsalSetup.script("root-key-generation"))
                .prepare(world, RehearsalSetup.script(script));
        robot.interact(() -> shell.wizard(((org.keyceremony.ui.home.RehearsalStart.RunHere) start).launch()));
        robot.targetWindow(stage); // nothing was clicked yet: the driver's keys go to this window
        Set<String> taken = new java.util.HashSet<>();
        new RehearsalDriver(robot, name -> {
            if (name.equals("panel-confirm@3.1") && taken.add(file)) {
                shot(out, file);
            }
        }).typing("2.2", "").typing("3.1", input).runToEnd(300);
    }

    /**
     * The screens of a real ceremony, on the world's second HSM token (the rehearsal used the
     * first): the HSM selection screen filled in, the live card reader, and the share table.
     */
    private static void realCeremony(FxRobot robot, Shell shell, Path out, Path world) throws Exception {
        Path script = RehearsalSetup.script("root-key-generation");
        Path usb1 = Files.createDirectories(world.resolve("real-usb-1"));
        Path usb2 = Files.createDirectories(world.resolve("real-usb-2"));
        robot.interact(() -> {
            try {
                shell.realCeremony(org.keyceremony.script.CeremonyScripts.parse(script), java.util.Optional.empty());
            } catch (org.keyceremony.base.KeyCeremonyException e) {
                throw new IllegalStateException(e);
            }
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#tokenList")
                .<javafx.scene.control.ListView<?>>query().getItems().isEmpty());
        shot(out, "hsm-selection-empty");
        robot.clickOn("#token-hsm");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match((javafx.scene.control.ListCell<?> c) ->
                c.getText() != null && c.getText().startsWith(org.keyceremony.ceremony.rehearsal.RehearsalWorld.HSM_2 + " "))
                .<javafx.scene.Node>query());
        if (robot.lookup("#token-hsm").<javafx.scene.control.ComboBox<?>>query().getValue() == null) {
            throw new IllegalStateException("the HSM token was not chosen");
        }
        robot.clickOn("#medium-1").write(usb1.toString());
        robot.clickOn("#medium-2").write(usb2.toString());
        TextField output = robot.lookup("#outputDir").queryAs(TextField.class);
        robot.interact(() -> output.setText(world.resolve("real-ceremony").toString()));
        shot(out, "hsm-selection");
        robot.clickOn("#startReal");
        Set<String> taken = new java.util.HashSet<>();
        new RehearsalDriver(robot, name -> {
            String file = name.equals("panel-value@3.4") ? "wizard-live-cards"
                    : name.equals("panel-confirm@3.4") ? "wizard-shares" : null;
            if (file != null && taken.add(file)) {
                shot(out, file);
            }
        }).typingParticipants().liveCards(q -> "card-" + RehearsalDriver.cardAsked(q).substring(5)).runToEnd(300);
    }

    /**
     * The review screen: {@code pdf} with the final hash and ceremony id typed as an auditor copies
     * them from the pages signed in ink (here read off the screen's own facts), and the root
     * fingerprint if one is known, then a tampered fixture.
     */
    private static void review(FxRobot robot, Shell shell, Path out, Path pdf, String fingerprint) throws Exception {
        robot.interact(() -> shell.review(pdf));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !verdict(robot).isEmpty());
        if (fingerprint != null) {
            robot.clickOn("#fingerprint").write(fingerprint);
        }
        robot.clickOn("#finalHash").write(fact(robot, "final log hash"));
        robot.clickOn("#ceremonyId").write(fact(robot, "ceremony id")).type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> verdict(robot).contains("It is the transcript signed in the room"));
        shot(out, "review-valid");
        robot.interact(() -> shell.review(Path.of("transcripts/fixtures/shadow-overlay.pdf")));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> verdict(robot).startsWith("NOT VALID"));
        shot(out, "review-tampered");
    }

    private static String verdict(FxRobot robot) {
        return robot.lookup("#verdict").queryAs(javafx.scene.control.Label.class).getText();
    }

    /** The value beside {@code key} in the review screen's facts (a key and its value are neighbours in their grid). */
    private static String fact(FxRobot robot, String key) {
        javafx.scene.Node k = robot.lookup(".fact-key").match((javafx.scene.control.Label l) -> l.getText().equals(key)).query();
        var cells = ((javafx.scene.layout.Pane) k.getParent()).getChildren();
        javafx.scene.Node value = cells.get(cells.indexOf(k) + 1);
        if (value instanceof javafx.scene.layout.HBox withCopy) { // a SHA-256, grouped on screen: its Copy button has the digits
            return (String) withCopy.getChildren().get(1).getUserData();
        }
        return ((javafx.scene.control.Label) value).getText();
    }

    /**
     * The Keys and custodians screen on the committed sample archive two years on (its cards and backup
     * stale); with {@code width} &gt; 0 in a window of that width and 700 high (to look at the smallest size).
     */
    private static void ledger(FxRobot robot, Stage stage, Path out, double width) throws Exception {
        if (width > 0) {
            robot.interact(() -> {
                stage.setWidth(width);
                stage.setHeight(700);
            });
        }
        robot.clickOn("#ledger");
        robot.interact(() -> {
            robot.lookup("#archive").queryAs(TextField.class).setText(Path.of("transcripts/samples").toAbsolutePath()
                    .toString());
            robot.lookup("#asOf").queryAs(TextField.class).setText("2028-12-05");
        });
        robot.clickOn("#readArchive");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#key-0").tryQuery().isPresent());
        robot.moveTo("#ledgerStatus");
        shot(out, "ledger");
        robot.interact(() -> {
            javafx.scene.control.ScrollPane scroll = robot.lookup("#ledgerScroll").queryAs(javafx.scene.control.ScrollPane.class);
            javafx.scene.Node key = robot.lookup("#key-0").query();
            double y = key.getBoundsInParent().getMinY();
            double h = scroll.getContent().getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(Math.min(1, y / h));
        });
        shot(out, "ledger-key");
        robot.interact(() -> robot.lookup("#ledgerScroll").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1));
        shot(out, "ledger-history");
    }

    private static void shot(Path dir, String name) {
        try {
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(400);
            Process p = new ProcessBuilder("import", "-window", "root", dir.resolve(name + ".png").toString())
                    .inheritIO().start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("import failed for " + name);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
