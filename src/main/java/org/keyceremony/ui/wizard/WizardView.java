package org.keyceremony.ui.wizard;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import org.keyceremony.ui.common.Fingerprints;
import org.keyceremony.ui.common.Messages;

/**
 * The wizard shell: steps and their state on the left; step number, title, the text to
 * read aloud (large) and the action panel in the middle; who acts, who confirms (initials),
 * Back / Stop / Next at the bottom; ceremony, clock and the REHEARSAL banner at the top.
 * Enter is Next; navigation is disabled while the engine works.
 */
public final class WizardView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private final WizardViewModel vm;
    private final Clock clock;
    private final Runnable home;
    private final Consumer<Path> review;
    private final BorderPane root = new BorderPane();
    private final RequestPanels panels;
    private final Label heading = new Label();
    private final Label progress = new Label();
    private final Label readAloud = new Label();
    private final Label notice = new Label();
    private final Label browsing = new Label();
    private final StackPane panel = new StackPane();
    /** What an earlier step recorded, shown instead of the question while that step is looked at (Back). */
    private final StackPane recordedBox = new StackPane();
    private final javafx.beans.property.BooleanProperty lookingBack = new javafx.beans.property.SimpleBooleanProperty();
    private final Label working = new Label();
    private final Label clockLabel = new Label();
    private final Label actor = new Label();
    private final Label confirmer = new Label();
    private final TextField initials = new TextField();
    private final Label problem = new Label();
    private final Button back = new Button(Messages.get("wizard.back"));
    private final Button next = new Button(Messages.get("wizard.next"));
    private final Button stop = new Button(Messages.get("wizard.cancel"));
    private final ListView<StepItem> list = new ListView<>();
    private final VBox center = new VBox();
    private final ScrollPane centerScroll = new ScrollPane(center);
    /** True from a question's arrival until the user scrolls the centre: its growth keeps the question in view. */
    private boolean revealing;
    private final HBox workingBox;
    private StepItem shown;
    private final VBox readBox = new VBox(4);
    private ParticipantsView participants;
    private final Node shareTable;

    public WizardView(WizardViewModel vm, Clock clock, Runnable home, Consumer<Path> review) {
        this.vm = vm;
        this.clock = clock;
        this.home = home;
        this.review = review;
        this.panels = new RequestPanels(vm);
        this.shareTable = new ShareTable(vm.shares()).root();
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(36, 36);
        working.setId("working");
        workingBox = new HBox(12, spinner, working);
        workingBox.getStyleClass().add("working");
        build();
        vm.currentProperty().addListener((o, a, b) -> showStep(b));
        vm.requestProperty().addListener((o, a, b) -> showRequest(b));
        vm.noticeProperty().addListener((o, a, b) -> notice.setText(Fingerprints.inText(b)));
        vm.resultProperty().addListener((o, a, b) -> finished());
        vm.stoppedProperty().addListener((o, a, b) -> stopped(b));
        vm.busyProperty().addListener((o, a, b) -> updateButtons());
        Timeline tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));
        tick.setCycleCount(Timeline.INDEFINITE);
        tick.play();
        root.sceneProperty().addListener((o, a, b) -> {
            if (b == null) {
                tick.stop();
            }
        });
        tick();
        updateButtons();
    }

    public Parent root() {
        return root;
    }

    private void build() {
        root.getStyleClass().add("wizard");
        // top: banner, ceremony, clock
        VBox top = new VBox();
        if (vm.rehearsal()) {
            Label banner = new Label(Messages.get("wizard.rehearsal"));
            banner.setId("rehearsalBanner");
            banner.getStyleClass().add("rehearsal-banner");
            banner.setMaxWidth(Double.MAX_VALUE);
            top.getChildren().add(banner);
        }
        Label ceremony = new Label(Messages.get("wizard.ceremony", vm.ceremonyName()));
        ceremony.getStyleClass().add("ceremony-name");
        clockLabel.setId("clock");
        clockLabel.getStyleClass().add("clock");
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox header = new HBox(16, ceremony, spring, clockLabel);
        header.getStyleClass().add("wizard-header");
        top.getChildren().add(header);
        root.setTop(top);

        // left: steps
        list.setId("steps");
        list.getStyleClass().add("step-list");
        list.setItems(vm.steps());
        list.setCellFactory(l -> new StepCell());
        // A quarter of a small window (at 1024 px the centre needs the room: a certificate's summary did
        // not fit in view), never narrower than the step titles read well in.
        list.setMinWidth(260);
        list.prefWidthProperty().bind(javafx.beans.binding.Bindings.min(340, root.widthProperty().multiply(0.27)));
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b != shown) {
                browse(b);
            }
        });
        root.setLeft(list);

        // middle
        progress.getStyleClass().add("step-progress");
        progress.managedProperty().bind(progress.textProperty().isNotEmpty());
        heading.setId("stepHeading");
        heading.getStyleClass().add("step-heading");
        heading.setWrapText(true);
        Label readLabel = new Label(Messages.get("wizard.readAloud"));
        readLabel.getStyleClass().add("read-aloud-label");
        readAloud.setId("readAloud");
        readAloud.getStyleClass().add("read-aloud");
        readAloud.setWrapText(true);
        readAloud.setMinHeight(Region.USE_PREF_SIZE);
        readBox.getChildren().setAll(readLabel, readAloud);
        readBox.getStyleClass().add("read-aloud-box");
        notice.setId("notice");
        notice.getStyleClass().add("notice");
        notice.setWrapText(true);
        notice.visibleProperty().bind(notice.textProperty().isNotEmpty().and(lookingBack.not()));
        notice.managedProperty().bind(notice.visibleProperty());
        // Looking at an earlier step shows what it recorded, never the current step's question under its text.
        panel.visibleProperty().bind(lookingBack.not());
        panel.managedProperty().bind(panel.visibleProperty());
        recordedBox.visibleProperty().bind(lookingBack);
        recordedBox.managedProperty().bind(recordedBox.visibleProperty());
        browsing.getStyleClass().add("hint");
        browsing.setVisible(false);
        browsing.setManaged(false);
        panel.setId("actionPanel");
        shareTable.setVisible(false);
        shareTable.managedProperty().bind(shareTable.visibleProperty());
        center.getChildren().setAll(progress, heading, browsing, readBox, recordedBox, notice, workingBox, panel, problem,
                shareTable);
        center.getStyleClass().add("wizard-center");
        centerScroll.setFitToWidth(true);
        centerScroll.getStyleClass().add("center-scroll");
        center.heightProperty().addListener((o, was, now) -> {
            if (revealing) {
                reveal();
            }
        });
        centerScroll.viewportBoundsProperty().addListener((o, was, now) -> {
            if (revealing) {
                reveal();
            }
        });
        centerScroll.addEventFilter(ScrollEvent.ANY, e -> revealing = false);
        centerScroll.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> revealing = false);
        root.setCenter(centerScroll);

        // bottom: who acts, who confirms, initials, buttons
        actor.setId("actor");
        confirmer.setId("confirmer");
        initials.setId("initials");
        initials.setPromptText(Messages.get("wizard.initials.prompt"));
        initials.setAccessibleText(Messages.get("wizard.initials"));
        initials.setPrefColumnCount(7);
        Label initialsLabel = new Label(Messages.get("wizard.initials"));
        initialsLabel.setLabelFor(initials);
        initialsLabel.setMinWidth(Region.USE_PREF_SIZE); // at 1024 px with a message it was "Conf…"
        VBox initialsBox = new VBox(2, initialsLabel, initials);
        initialsBox.setMinWidth(Region.USE_PREF_SIZE);
        // Shown only while a confirmation is asked: an idle field at the table invites typing at the wrong time.
        initialsBox.visibleProperty().bind(initials.disabledProperty().not());
        initials.setOnAction(e -> next());
        problem.setId("problem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problemProperty());
        // Next to the field it is about (a value, the initials just below), never squeezed into the bar.
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty().and(lookingBack.not()));
        problem.managedProperty().bind(problem.visibleProperty());
        problem.setMaxWidth(Double.MAX_VALUE);
        actor.setWrapText(true);
        confirmer.setWrapText(true);
        VBox who = new VBox(2, actor, confirmer);
        HBox.setHgrow(who, Priority.SOMETIMES);
        who.getStyleClass().add("who");
        next.setId("next");
        next.getStyleClass().add("primary");
        next.setDefaultButton(true);
        next.setOnAction(e -> next());
        back.setId("back");
        back.setOnAction(e -> back());
        stop.setId("stop");
        stop.setOnAction(e -> vm.cancel());
        Region spring2 = new Region();
        HBox.setHgrow(spring2, Priority.ALWAYS);
        for (Button b : new Button[] {stop, back, next}) {
            b.setMinWidth(Region.USE_PREF_SIZE); // at 1024 px "Start the ceremony" was "Start the cerem…", "Back" "B…"
        }
        HBox bottom = new HBox(16, who, initialsBox, spring2, stop, back, next);
        bottom.getStyleClass().add("wizard-bottom");
        root.setBottom(bottom);
    }

    private void tick() {
        var now = clock.instant();
        clockLabel.setText(Messages.get("wizard.clock", TIME.format(now.atZone(java.time.ZoneOffset.UTC)),
                TIME.format(now.atZone(ZoneId.systemDefault()))));
        working.setText(Messages.get("wizard.working", vm.elapsed(clock.millis())));
    }

    private void showStep(StepItem item) {
        shown = item;
        lookingBack.set(false);
        recordedBox.getChildren().clear();
        browsing.setVisible(false);
        browsing.setManaged(false);
        if (item == null) {
            return;
        }
        progress.setText(vm.progress());
        heading.setText(vm.heading());
        shareTable.setVisible(!vm.shares().rows().isEmpty() && org.keyceremony.script.ActionKinds.of(item.step().action())
                .panel() == org.keyceremony.script.ActionKind.Panel.SHARE_TABLE);
        readAloud.setText(spoken(item.step().text()));
        actor.setText(Messages.get("wizard.acts", vm.peopleFor(item.step().actor())));
        confirmer.setText(Messages.get("wizard.confirms", vm.peopleFor(item.step().confirmer())));
        list.getSelectionModel().select(item);
        list.scrollTo(Math.max(0, list.getItems().indexOf(item) - 3));
        updateButtons();
    }

    /** Shows an earlier (or later) step's text without changing where the ceremony is. */
    private void browse(StepItem item) {
        StepItem now = vm.currentProperty().get();
        if (item == now || now == null) {
            showStep(now);
            return;
        }
        shown = item;
        revealing = false;
        lookingBack.set(true);
        recordedBox.getChildren().setAll(RequestPanels.recorded(item));
        shareTable.setVisible(false);
        heading.setText(Messages.get("wizard.heading", item.step().id(), item.step().title()));
        readAloud.setText(spoken(item.step().text()));
        browsing.setText(Messages.get("wizard.browsing", now.step().id()));
        browsing.setVisible(true);
        browsing.setManaged(true);
        updateButtons();
    }

    private void back() {
        int i = vm.steps().indexOf(shown == null ? vm.currentProperty().get() : shown);
        if (i > 0) {
            list.getSelectionModel().select(i - 1);
        }
    }

    private void next() {
        StepItem now = vm.currentProperty().get();
        if (shown != now) {
            list.getSelectionModel().select(now);
            return;
        }
        PromptRequest r = vm.requestProperty().get();
        if (r instanceof PromptRequest.Setup && participants != null) {
            participants.start();
        } else if (r != null && panels.next(r, initials.getText())) {
            initials.clear();
        }
    }

    private void showRequest(PromptRequest r) {
        center.getChildren().removeAll(panel, problem, shareTable);
        center.getChildren().addAll(panel, problem, shareTable);
        if (r instanceof PromptRequest.Setup s) {
            ParticipantsViewModel pvm = new ParticipantsViewModel(s.script(), vm.launch().prefill());
            heading.setText(Messages.get("participants.title"));
            progress.setText("");
            readAloud.setText(vm.steps().isEmpty() ? "" : spoken(vm.steps().get(0).step().text()));
            participants = new ParticipantsView(pvm, vm.launch().prefill().isPresent(), vm::answerSetup);
            participants.validProperty().addListener((o, a, b) -> updateButtons());
            panel.getChildren().setAll(participants.root());
            focusLater(next);
        } else {
            participants = null;
            Node p = r == null ? null : panels.panel(r);
            panel.getChildren().setAll(p == null ? new Region() : p);
            if (r instanceof PromptRequest.Confirm) {
                focusLater(initials);
            } else if (r instanceof PromptRequest.CardBack) {
                focusLater(next);
            } else if (panels.input() != null) {
                focusLater(panels.input());
            } else if (p != null) {
                focusLater(p.lookup(".primary"));
            }
            if (p != null) {
                revealLater();
            }
        }
        updateButtons();
    }

    /**
     * Scrolls the question into view once it is laid out: below a long read-aloud text (or a notice)
     * the panel, and the field that has the focus, would otherwise be under the bottom of a small
     * window, and people would type into a field they cannot see or confirm facts they have not seen.
     */
    private void revealLater() {
        revealing = true;
        Platform.runLater(() -> {
            centerScroll.applyCss();
            centerScroll.layout();
            reveal();
        });
    }

    /**
     * Scrolls to the question now. Wrapped text may settle its height a pulse or two later (a
     * slow first layout, other fonts) and the window may be resized, so a change of the centre's
     * height or of the view scrolls again until the user scrolls or clicks there.
     */
    private void reveal() {
        centerScroll.setVvalue(scrollToShow(panel.getBoundsInParent().getMinY(), center.getHeight(),
                centerScroll.getViewportBounds().getHeight()));
    }

    /**
     * The vertical scroll position (0 top, 1 bottom) that shows a panel starting at {@code panelTop}
     * in content {@code contentHeight} high through a viewport {@code viewportHeight} high: the panel
     * and what follows it (the share table) whole, with as much of the text above as still fits; or,
     * when they are taller than the viewport, the panel's top at the top.
     */
    static double scrollToShow(double panelTop, double contentHeight, double viewportHeight) {
        double room = contentHeight - viewportHeight;
        if (room <= 0) {
            return 0;
        }
        double y = contentHeight - panelTop <= viewportHeight ? room : panelTop;
        return Math.max(0, Math.min(1, y / room));
    }

    /**
     * The script's text as it is read aloud: the YAML keeps the author's line breaks, which
     * would break a wrapped line mid-sentence on screen; a break stays only after a sentence.
     */
    static String spoken(String text) {
        return text.strip().replaceAll("(?<![.:;!?])\\s*\\n\\s*", " ");
    }

    private static void focusLater(Node n) {
        if (n != null) {
            Platform.runLater(n::requestFocus);
        }
    }

    private void updateButtons() {
        PromptRequest r = vm.requestProperty().get();
        boolean busy = vm.busyProperty().get();
        boolean browsingOther = shown != vm.currentProperty().get();
        boolean answerable = r instanceof PromptRequest.Confirm || r instanceof PromptRequest.Value
                || r instanceof PromptRequest.PinEntry || r instanceof PromptRequest.CardBack
                || r instanceof PromptRequest.Acknowledge;
        boolean setup = r instanceof PromptRequest.Setup && participants != null;
        next.setText(Messages.get(setup ? "participants.start" : "wizard.next"));
        next.setDisable(!(browsingOther || answerable || setup && participants.validProperty().get()));
        initials.setDisable(!(r instanceof PromptRequest.Confirm));
        initials.setVisible(vm.runningProperty().get());
        back.setDisable(busy || vm.currentProperty().get() == null);
        stop.setDisable(r == null);
        stop.setVisible(vm.runningProperty().get());
        workingBox.setVisible(busy && !lookingBack.get());
        workingBox.setManaged(workingBox.isVisible());
        list.setDisable(busy);
    }

    private void finished() {
        readBox.setVisible(false);
        readBox.setManaged(false);
        panel.getChildren().setAll(new DonePanel(vm, home, review).root());
        next.setVisible(false);
        back.setVisible(false);
        updateButtons();
        revealLater();
    }

    private void stopped(String why) {
        if (why == null || why.isEmpty()) {
            return;
        }
        Label title = new Label(Messages.get("wizard.stopped.title"));
        title.getStyleClass().addAll("panel-title", "failure-title");
        Label reason = new Label(why);
        reason.setId("stoppedReason");
        reason.setWrapText(true);
        Label todo = new Label(vm.stoppedAdvice());
        todo.setWrapText(true);
        Button h = new Button(Messages.get("wizard.done.home"));
        h.setId("home");
        h.setOnAction(e -> home.run());
        javafx.application.Platform.runLater(h::requestFocus); // Space goes home: where the ceremony is resumed
        VBox box = new VBox(10, title, reason, todo, h);
        box.getStyleClass().addAll("action-panel", "panel-failure");
        panel.getChildren().setAll(box);
        next.setVisible(false);
        back.setVisible(false);
        updateButtons();
        revealLater();
    }
}
