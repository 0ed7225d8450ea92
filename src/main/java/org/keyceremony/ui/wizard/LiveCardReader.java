package org.keyceremony.ui.wizard;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import org.keyceremony.hsm.TokenInfo;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.common.Problems;
import org.keyceremony.ui.common.TaskRunner;
import org.keyceremony.ui.common.Tasks;

/**
 * The card readers of a real ceremony, watched while a card is asked for: every second the
 * cards present are read on a worker and shown as buttons; a card inserted since the question
 * appeared (also one taken out and put back) is marked "just inserted". Choosing one answers the question with its label (or its
 * serial when two cards share a label). Nothing is chosen automatically: the custodian's card
 * is confirmed by a person, because a reader may hold someone else's card.
 */
final class LiveCardReader {
    private final CardSource source;
    private final TaskRunner tasks;
    private final Consumer<String> choose;
    private final VBox root = new VBox(6);
    private final FlowPane cards = new FlowPane(10, 10);
    private final Label status = new Label();
    private final Timeline poll = new Timeline(new KeyFrame(Duration.seconds(1), e -> poll()));
    private Set<String> atFirstLook;
    private List<String> shown = List.of();
    private boolean polling;

    LiveCardReader(CardSource source, TaskRunner tasks, Consumer<String> choose) {
        this.source = source;
        this.tasks = tasks;
        this.choose = choose;
        Label title = new Label(Messages.get("wizard.live.title"));
        title.getStyleClass().add("column-header");
        title.setWrapText(true);
        cards.setId("liveReader");
        status.setId("liveReaderStatus");
        status.getStyleClass().add("hint");
        status.setWrapText(true);
        root.getChildren().addAll(title, cards, status);
        root.getStyleClass().add("card-reader");
        poll.setCycleCount(Timeline.INDEFINITE);
        // Watch only while the question is on screen.
        root.sceneProperty().addListener((o, a, b) -> {
            if (b == null) {
                poll.stop();
            } else {
                poll();
                poll.play();
            }
        });
    }

    Node root() {
        return root;
    }

    private void poll() {
        if (polling) {
            return;
        }
        polling = true;
        Tasks.create(source::present).onSuccess(list -> {
            polling = false;
            show(list);
        }).onError(e -> {
            polling = false;
            status.setText(Messages.get("wizard.live.failed", Problems.describe(e)));
        }).runOn(tasks);
    }

    /** card-2 before card-10, then by serial. */
    static final java.util.Comparator<TokenInfo> NATURAL = java.util.Comparator
            .comparing(TokenInfo::label, org.keyceremony.ui.common.NaturalOrder.LABELS).thenComparing(TokenInfo::serial);

    private void show(List<TokenInfo> unsorted) {
        List<TokenInfo> present = unsorted.stream().sorted(NATURAL).toList();
        if (atFirstLook == null) {
            atFirstLook = new HashSet<>();
            present.forEach(t -> atFirstLook.add(t.serial()));
        }
        // A card taken out is forgotten: put back, it was inserted since the question appeared (a
        // custodian who pulled the card to try again is looking for it among the marked ones).
        atFirstLook.retainAll(present.stream().map(TokenInfo::serial).toList());
        List<String> now = present.stream().map(t -> t.serial() + "|" + t.label() + "|" + t.flags().raw()).toList();
        status.setText(present.isEmpty() ? Messages.get("wizard.live.none") : Messages.get("wizard.live.count", present.size()));
        if (now.equals(shown)) {
            return; // unchanged: rebuilding would take the keyboard focus away from a card button
        }
        shown = now;
        cards.getChildren().clear();
        for (TokenInfo t : present) {
            boolean labelUnique = present.stream().filter(x -> x.label().equals(t.label())).count() == 1;
            String answer = labelUnique ? t.label() : t.serial();
            boolean fresh = !atFirstLook.contains(t.serial());
            String text = Messages.get("wizard.live.use", t.label(), t.serial())
                    + (fresh ? "\n" + Messages.get("wizard.live.new") : "")
                    + (t.flags().userPinLocked() ? "\n" + Messages.get("hsm.token.locked")
                    : t.flags().userPinFinalTry() ? "\n" + Messages.get("hsm.token.finalTry") : "");
            Button b = new Button(text);
            b.setId("use-" + t.label());
            b.getStyleClass().add("card-button");
            if (fresh) {
                b.getStyleClass().add("card-new");
            }
            b.setOnAction(e -> choose.accept(answer));
            cards.getChildren().add(b);
        }
    }
}
