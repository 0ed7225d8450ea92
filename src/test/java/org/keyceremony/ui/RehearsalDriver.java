package org.keyceremony.ui;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;

import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the wizard as the people at the table would, through the screen only: starts with
 * the (prefilled, or typed by the test) participants, then answers every question the engine asks — the
 * confirmer's initials, typed values, PINs typed into the PIN field — until the ceremony
 * ends. A failure panel or a stopped ceremony ends the drive with its reason.
 * {@code camera} is told each screen as {@code participants} or {@code panel-KIND@STEP}
 * (e.g. {@code panel-pin@2.1}), before it is answered (for screenshots).
 */
final class RehearsalDriver {
    static final String PIN = "123456";
    /** The security officer's PIN of a rehearsal world's HSM tokens. */
    static final String SO_PIN = "12345678";
    private final FxRobot robot;
    private String pin = PIN;
    private String soPin = SO_PIN;
    private java.util.function.UnaryOperator<String> liveCard;
    private final Consumer<String> camera;
    private boolean wrongHsmPin;
    private final java.util.List<String> failures = new java.util.ArrayList<>();

    RehearsalDriver(FxRobot robot, Consumer<String> camera) {
        this.robot = robot;
        this.camera = camera;
    }

    private boolean typeParticipants;

    /**
     * A real ceremony has no answers file: the participants are typed into the empty rows the
     * script asks for — Ada Administrator (AA), Walter Witness (WW), custodians CC, C2, C3 …
     * (the initials {@link #initialsOf(String)} confirms with) — with a place and time zone.
     */
    RehearsalDriver typingParticipants() {
        typeParticipants = true;
        return this;
    }

    private void typeParticipants() throws TimeoutException {
        int custodians = 0;
        for (int line = 1; robot.lookup("#participantName" + line).tryQuery().isPresent(); line++) {
            javafx.scene.control.TextField name = robot.lookup("#participantName" + line).queryAs(javafx.scene.control.TextField.class);
            Integer row = javafx.scene.layout.GridPane.getRowIndex(name);
            org.keyceremony.script.Role role = name.getParent().getChildrenUnmodifiable().stream()
                    .filter(n -> n instanceof javafx.scene.control.ComboBox<?> && row.equals(javafx.scene.layout.GridPane.getRowIndex(n)))
                    .map(n -> (org.keyceremony.script.Role) ((javafx.scene.control.ComboBox<?>) n).getValue())
                    .findFirst().orElseThrow();
            String[] who = switch (role) {
                case ADMINISTRATOR -> new String[] {"Ada Administrator", "AA"};
                case WITNESS -> new String[] {"Walter Witness", "WW"};
                case AUDITOR -> new String[] {"Audrey Auditor", "AU"};
                case SECURITY_OFFICER -> new String[] {"Sofia Security-Officer", "SO"};
                case CUSTODIAN -> {
                    custodians++;
                    yield new String[] {"Custodian Number " + custodians, custodians == 1 ? "CC" : "C" + custodians};
                }
            };
            Node initials = robot.lookup("#participantInitials" + line).query();
            robot.interact(name::requestFocus);
            robot.write(who[0]);
            robot.interact(initials::requestFocus);
            robot.write(who[1]);
        }
        Node location = robot.lookup("#location").query(); // below the rows: reached by Tab, not on screen at 800 px
        robot.interact(location::requestFocus);
        robot.write("Vault B, test laboratory");
        robot.interact(() -> robot.lookup("#next").query().requestFocus());
    }

    /** Every PIN (HSM and cards) is {@code pin} (a rehearsal world's is {@link #PIN}). */
    RehearsalDriver pin(String pin) {
        this.pin = pin;
        return this;
    }

    /** The HSM's security-officer PIN (a rehearsal world's is {@link #SO_PIN}). */
    RehearsalDriver soPin(String soPin) {
        this.soPin = soPin;
        return this;
    }

    /**
     * A real ceremony: card questions are answered on the live card reader by choosing the
     * card {@code chooser} names for the question (it may insert that card first).
     */
    RehearsalDriver liveCards(java.util.function.UnaryOperator<String> chooser) {
        this.liveCard = chooser;
        return this;
    }

    /** Types a wrong HSM PIN at the first login, expects the failure panel, and retries from it. */
    RehearsalDriver wrongHsmPinFirst() {
        wrongHsmPin = true;
        return this;
    }

    private final java.util.List<String> cardsInserted = new java.util.ArrayList<>();
    private final java.util.List<String> cardsBack = new java.util.ArrayList<>();
    private final java.util.List<String> acknowledged = new java.util.ArrayList<>();
    private final java.util.ArrayDeque<String> presented = new java.util.ArrayDeque<>();

    /** For a restore: the cards the custodians present, in order, through the simulated reader. */
    RehearsalDriver presenting(String... cards) {
        presented.addAll(java.util.List.of(cards));
        return this;
    }

    private final java.util.Map<String, String> typed = new java.util.HashMap<>();

    /**
     * What the actor types at step {@code stepId}'s value question (a file's path, …); an empty
     * {@code value} is sent as people send it: Enter on the empty field, and Enter again after the warning.
     */
    RehearsalDriver typing(String stepId, String value) {
        typed.put(stepId, value);
        return this;
    }

    /** The cards inserted through the simulated card reader, in order. */
    /** Whom the wizard asked, in order, to confirm a step in person with their initials. */
    java.util.List<String> acknowledged() {
        return acknowledged;
    }

    /**
     * The initials of a participant named {@code name}: the shipped answers file's people, or those
     * {@link #typingParticipants()} types ("Custodian Number 2" is C2, the first CC).
     */
    static String initialsOfName(String name) {
        java.util.Map<String, String> shipped = java.util.Map.of("Ada Administrator", "AA", "Walter Witness", "WW",
                "Sofia Security-Officer", "SO", "Carla Custodian", "CC", "Chris Custodian", "CH", "Cleo Custodian", "CL",
                "Cyril Custodian", "CY", "Coco Custodian", "CO");
        if (shipped.containsKey(name)) {
            return shipped.get(name);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Custodian Number (\\d+)").matcher(name);
        if (m.matches()) {
            return m.group(1).equals("1") ? "CC" : "C" + m.group(1);
        }
        throw new AssertionError("no initials known for " + name);
    }

    /** What the wizard told each custodian when their share was verified, in order. */
    java.util.List<String> cardsBack() {
        return cardsBack;
    }

    java.util.List<String> cardsInserted() {
        return cardsInserted;
    }

    /** "card label or serial for custodian 3 (Cleo Custodian)" → card-3. */
    /**
     * A new rehearsal world at {@code world} in which the shipped root ceremony ran headless to its end,
     * as a signing ceremony's wizard test needs it; returns the root certificate it wrote.
     */
    static java.nio.file.Path completedRootWorld(java.nio.file.Path world) throws Exception {
        org.keyceremony.ceremony.rehearsal.RehearsalRuns.deleteTree(world);
        org.keyceremony.script.CeremonyScript root = org.keyceremony.script.CeremonyScripts.parse(
                org.keyceremony.ceremony.rehearsal.RehearsalSetup.script("root-key-generation"));
        org.keyceremony.ceremony.rehearsal.RehearsalWorld w = org.keyceremony.ceremony.rehearsal.RehearsalWorld.create(
                world, org.keyceremony.ceremony.rehearsal.RehearsalSetup.cardsFor(root),
                org.keyceremony.ceremony.rehearsal.RehearsalWorld.DEFAULT_USER_PIN,
                org.keyceremony.ceremony.rehearsal.RehearsalWorld.DEFAULT_SO_PIN);
        java.nio.file.Path out = w.transcripts().resolve("root-key-generation-setup");
        org.keyceremony.ceremony.CeremonyEnding end = org.keyceremony.ceremony.Ceremonies.in(
                org.keyceremony.ceremony.rehearsal.RehearsalSetup.environment(w), java.time.Clock.systemUTC())
                .run(root, out, true, org.keyceremony.ceremony.AnswersFilePrompter.read(
                        org.keyceremony.ceremony.rehearsal.RehearsalSetup.answers("root-key-generation")), e -> { });
        if (end.result().outcome() != org.keyceremony.ceremony.CeremonyResult.Outcome.COMPLETED) {
            throw new AssertionError("the root rehearsal did not complete: " + end.result().outcome());
        }
        java.nio.file.Path pem = out.resolve("root-ca.pem");
        if (!java.nio.file.Files.isRegularFile(pem)) {
            throw new AssertionError("the root rehearsal wrote no " + pem);
        }
        return pem;
    }

    static String cardAsked(String question) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("custodian (\\d+) ").matcher(question);
        if (!m.find()) {
            throw new AssertionError("not a card question: " + question);
        }
        return "card-" + m.group(1);
    }

    /** The reasons shown on the failure panels that were retried. */
    java.util.List<String> failures() {
        return failures;
    }

    private String stopAt = "";
    private int stopAtCount;
    private final java.util.List<String> pinPrompts = new java.util.ArrayList<>();

    /** Presses Stop (by keyboard) instead of answering the {@code n}th panel {@code kindAtStep} ("panel-card-back@3.4"). */
    RehearsalDriver stoppingAt(String kindAtStep, int n) {
        stopAt = kindAtStep;
        stopAtCount = n;
        return this;
    }

    /** What every PIN panel said above the field: who types it and why. */
    java.util.List<String> pinPrompts() {
        return pinPrompts;
    }

    /** From the participants screen to the end; returns the outcome's text. */
    String runToEnd(int timeoutSeconds) throws TimeoutException {
        WaitForAsyncUtils.waitFor(timeoutSeconds, TimeUnit.SECONDS, () -> exists(".participants"));
        if (typeParticipants) {
            typeParticipants();
        }
        focused("next");
        camera.accept("participants");
        robot.type(KeyCode.ENTER);
        return answerUntilTheEnd(timeoutSeconds, null);
    }

    /** From a resumed ceremony's first question (after the recovery panel) to the end; returns the outcome's text. */
    String resumeToEnd(int timeoutSeconds, Node recoveryPanel) throws TimeoutException {
        return answerUntilTheEnd(timeoutSeconds, recoveryPanel);
    }

    private String answerUntilTheEnd(int timeoutSeconds, Node after) throws TimeoutException {
        Node last = after;
        while (true) {
            Node prev = last;
            WaitForAsyncUtils.waitFor(timeoutSeconds, TimeUnit.SECONDS, () -> {
                Node p = panel();
                return p != null && p != prev && p.getStyleClass().contains("action-panel");
            });
            WaitForAsyncUtils.waitForFxEvents();
            Node panel = panel();
            last = panel;
            String kind = panel.getStyleClass().stream().filter(c -> c.startsWith("panel-")).findFirst().orElse("?");
            String step = text("#stepHeading");
            String at = kind + "@" + step.replaceFirst("^Step (\\S+) .*$", "$1");
            camera.accept(at);
            if (at.equals(stopAt) && --stopAtCount == 0) {
                tabTo("stop");
                robot.type(KeyCode.SPACE);
                WaitForAsyncUtils.waitFor(timeoutSeconds, TimeUnit.SECONDS,
                        () -> exists("#stoppedReason"));
                return text("#stoppedReason");
            }
            switch (kind) {
                case "panel-confirm" -> {
                    focused("initials");
                    robot.write(initialsOf(text("#confirmer"))).type(KeyCode.ENTER);
                }
                case "panel-value" -> {
                    focused("valueField");
                    String question = text(".panel-value > .panel-title").toLowerCase(java.util.Locale.ROOT);
                    String stepId = step.replaceFirst("^Step (\\S+) .*$", "$1");
                    if (typed.containsKey(stepId)) {
                        String value = typed.get(stepId);
                        if (value.isEmpty()) {
                            robot.type(KeyCode.ENTER); // a question that allows an empty answer takes it at once
                        } else {
                            robot.write(value).type(KeyCode.ENTER);
                        }
                    } else if (question.startsWith("cards presented")) {
                        // a card check: an empty answer is every card the backup package names
                        robot.type(KeyCode.ENTER);
                    } else if (exists("#simulatedReader")) {
                        String card = question.startsWith("card presented by") ? presented.poll() : cardAsked(question);
                        if (card == null) {
                            robot.type(KeyCode.ENTER); // no more cards
                            continue;
                        }
                        tabTo("insert-" + card);
                        robot.type(KeyCode.SPACE);
                        cardsInserted.add(card);
                    } else if (liveCard != null && exists("#liveReader")) {
                        String card = liveCard.apply(question);
                        WaitForAsyncUtils.waitFor(timeoutSeconds, TimeUnit.SECONDS,
                                () -> exists("#use-" + card));
                        WaitForAsyncUtils.waitForFxEvents();
                        tabTo("use-" + card);
                        robot.type(KeyCode.SPACE);
                        cardsInserted.add(card);
                    } else if (question.startsWith("the laptop is not air-gapped")) {
                        robot.write("Test machine with its network up; accepted for this test only").type(KeyCode.ENTER);
                    } else if (question.startsWith("backup package file") || question.startsWith("sha-256 of the backup")) {
                        robot.type(KeyCode.ENTER); // empty: the only / newest package, no SHA-256 at hand
                    } else {
                        robot.write("REHEARSAL-BAG-" + step.replaceAll("\\D", "")).type(KeyCode.ENTER);
                    }
                }
                case "panel-acknowledge" -> {
                    // each custodian in turn confirms in person with their own initials
                    String title = text(".panel-acknowledge > .panel-title");
                    focused("acknowledgeField");
                    robot.write(initialsOfName(title.substring(0, title.indexOf(" (")))).type(KeyCode.ENTER);
                    acknowledged.add(title);
                }
                case "panel-card-back" -> {
                    // a custodian's share is verified: the card goes back to them before the next is called
                    cardsBack.add(text("#cardBackText"));
                    focused("next");
                    robot.type(KeyCode.ENTER);
                }
                case "panel-pin" -> {
                    focused("pinField");
                    pinPrompts.add(text("#pinPrompt"));
                    boolean wrong = wrongHsmPin && failures.isEmpty() && step.startsWith("Step 2.1 ");
                    boolean securityOfficer = text("#pinPrompt").startsWith("Security officer");
                    robot.write(wrong ? "999999" : securityOfficer ? soPin : pin).type(KeyCode.ENTER);
                }
                case "panel-failure" -> {
                    if (!wrongHsmPin || !failures.isEmpty()) {
                        throw new AssertionError("the ceremony failed at " + step + ": " + text("#failureReason"));
                    }
                    failures.add(text("#failureReason"));
                    focused("retry");
                    robot.type(KeyCode.SPACE);
                }
                case "panel-done" -> {
                    return text("#outcome");
                }
                default -> throw new AssertionError("the ceremony stopped at " + step + ": "
                        + (exists("#failureReason") ? text("#failureReason")
                        : exists("#stoppedReason") ? text("#stoppedReason") : kind));
            }
        }
    }

    /**
     * Moves the keyboard focus with Tab, as a person without a mouse would, until it is on the node
     * with {@code id} (waiting for the node to appear first); fails if forty Tabs do not reach it.
     */
    void tabTo(String id) throws TimeoutException {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> exists("#" + id));
        WaitForAsyncUtils.waitForFxEvents();
        for (int i = 0; i < 40; i++) {
            if (id.equals(focusedId())) {
                return;
            }
            robot.type(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
        }
        throw new AssertionError("forty Tabs did not reach #" + id + "; the focus is on #" + focusedId());
    }

    private String focusedId() {
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                java.util.List<javafx.stage.Window> showing = javafx.stage.Window.getWindows().stream()
                        .filter(javafx.stage.Window::isShowing).toList();
                javafx.stage.Window w = showing.stream().filter(javafx.stage.Window::isFocused).findFirst()
                        .orElse(showing.isEmpty() ? null : showing.get(0));
                Node f = w == null || w.getScene() == null ? null : w.getScene().getFocusOwner();
                return f == null ? null : f.getId();
            }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the focus could not be read", e);
        }
    }

    /** Waits until the keyboard focus is on the node with {@code id}: the wizard puts it where the answer goes. */
    private void focused(String id) throws TimeoutException {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> id.equals(focusedId()));
    }

    private Node panel() {
        // Read on the FX thread: the wizard swaps the panel there, and a read from the test thread
        // raced with it (CI saw "Index 7 out of bounds for length 7"). Not there yet is not an error.
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                java.util.Optional<StackPane> p = robot.lookup("#actionPanel").tryQuery();
                return p.isEmpty() || p.get().getChildren().isEmpty() ? null : p.get().getChildren().get(0);
            }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the wizard's panel could not be read", e);
        }
    }

    /** The text of the label {@code query} finds, read on the FX thread (the scene changes under a test-thread lookup). */
    String text(String query) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).queryAs(Label.class).getText())
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("no label " + query + " could be read", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the FX thread did not answer for " + query, e);
        }
    }

    /** The prefilled participants of the shipped answers file: administrator AA, witness WW, first custodian CC. */
    static String initialsOf(String confirmerLine) {
        if (confirmerLine.contains("Witness")) {
            return "WW";
        }
        if (confirmerLine.contains("Administrator")) {
            return "AA";
        }
        return "CC";
    }

    /**
     * The confirmation panel's facts as the witness reads them: label → value, the summary (across
     * the panel) first. Read on the FX thread. A fingerprint's name has its Copy button under it and
     * a key's attributes their disclosure under them: a cell's text is its first label's.
     */
    static java.util.Map<String, String> confirmationFacts(FxRobot robot) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                java.util.Map<String, String> shown = new java.util.LinkedHashMap<>();
                robot.lookup(".fact-across").queryAllAs(Label.class).forEach(l -> shown.put(l.getAccessibleText(), l.getText()));
                java.util.List<Node> cells = robot.lookup("#facts").queryAs(javafx.scene.layout.GridPane.class).getChildren();
                for (int i = 0; i + 1 < cells.size(); i += 2) {
                    shown.put(cellText(cells.get(i)), cellText(cells.get(i + 1)));
                }
                return shown;
            }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the confirmation's facts could not be read", e);
        }
    }

    private static String cellText(Node cell) {
        if (cell instanceof Label l) {
            return l.getText();
        }
        for (Node child : ((javafx.scene.Parent) cell).getChildrenUnmodifiable()) {
            if (child instanceof Label l) {
                return l.getText();
            }
        }
        throw new AssertionError("a fact cell without a label: " + cell);
    }

    /** True if {@code query} finds a node now; judged on the FX thread, which changes the scene under a test-thread lookup. */
    boolean exists(String query) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).tryQuery().isPresent()).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not look for " + query, e);
        }
    }
}
