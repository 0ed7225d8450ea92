package org.keyceremony.ui.wizard;

import java.nio.file.Path;
import java.util.function.Consumer;

import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.common.PdfPages;
import org.keyceremony.ui.common.Problems;
import org.keyceremony.ui.common.Tasks;

/** The end of a ceremony: outcome, the signed transcript's path, a preview of its pages, and what next. */
final class DonePanel {
    private static final int PREVIEW_PAGES = 3;
    private final VBox root = new VBox(10);

    DonePanel(WizardViewModel vm, Runnable home, Consumer<Path> review) {
        root.getStyleClass().addAll("action-panel", "panel-done");
        CeremonyResult r = vm.resultProperty().get();
        boolean completed = r.outcome() == CeremonyResult.Outcome.COMPLETED;
        Label title = new Label(Messages.get(completed ? "wizard.done.completed" : "wizard.done.aborted"));
        title.setId("outcome");
        title.getStyleClass().addAll("panel-title", completed ? "success-title" : "failure-title");
        root.getChildren().add(title);
        Path pdf = vm.transcriptProperty().get();
        if (pdf != null) {
            root.getChildren().add(new Label(Messages.get("wizard.done.transcript", "")));
            TextField path = new TextField(pdf.toString());
            path.setId("transcriptPath");
            path.setEditable(false);
            root.getChildren().add(path);
        } else {
            root.getChildren().add(new Label(Messages.get("wizard.done.noTranscript", r.log())));
        }
        if (!vm.transcriptFinalHash().isEmpty()) {
            root.getChildren().add(forTheSignedPages(r.ceremonyId().toString(), vm.transcriptFinalHash()));
        }
        Label events = new Label(Messages.get("wizard.done.events", r.events(), r.finalHash()));
        events.setWrapText(true);
        events.getStyleClass().add("hint");
        root.getChildren().add(events);
        if (!r.rollbacksLeft().isEmpty()) {
            Label left = new Label(Messages.get("wizard.done.left", String.join("; ", r.rollbacksLeft())));
            left.setWrapText(true);
            left.getStyleClass().add("problem");
            root.getChildren().add(left);
        }
        if (!r.rollbacksKept().isEmpty()) {
            Label kept = new Label(Messages.get("wizard.done.kept", String.join("\n", r.rollbacksKept())));
            kept.setId("keptOnPurpose");
            kept.setWrapText(true);
            kept.getStyleClass().add("hint");
            root.getChildren().add(kept);
        }
        Button verify = new Button(Messages.get("wizard.done.review"));
        verify.setId("verifyTranscript");
        verify.getStyleClass().add("primary");
        verify.setDisable(pdf == null);
        verify.setOnAction(e -> review.accept(pdf));
        Button h = new Button(Messages.get("wizard.done.home"));
        h.setId("home");
        h.setOnAction(e -> home.run());
        root.getChildren().add(new HBox(12, verify, h));
        if (pdf != null) {
            Label previewTitle = new Label();
            previewTitle.getStyleClass().add("column-header");
            HBox pages = new HBox(16);
            pages.setId("preview");
            root.getChildren().addAll(previewTitle, pages);
            Tasks.create(() -> PdfPages.render(pdf, PREVIEW_PAGES, 60f)).onSuccess(rendered -> {
                previewTitle.setText(Messages.get("wizard.done.preview", rendered.pages().size(), rendered.pageCount()));
                for (var img : rendered.pages()) {
                    ImageView v = new ImageView(img);
                    v.setPreserveRatio(true);
                    v.setFitWidth(300);
                    v.getStyleClass().add("page");
                    pages.getChildren().add(v);
                }
            }).onError(e -> previewTitle.setText(Problems.describe(e))).runOn(vm.tasks());
        }
    }

    /**
     * What the people write in ink on the pages they sign, large and in groups of four: the ceremony
     * id and the signed transcript's final hash, each with a Copy button (the hash alone proves which
     * transcript was signed in the room: docs/threat-model.md, "What the file alone cannot show").
     */
    private static VBox forTheSignedPages(String ceremonyId, String finalHash) {
        Label intro = new Label(Messages.get("wizard.done.forPages"));
        intro.setWrapText(true);
        Label said = new Label();
        said.getStyleClass().add("hint");
        Label idKey = new Label(Messages.get("wizard.done.ceremonyId"));
        idKey.getStyleClass().add("fact-key");
        Label id = new Label(ceremonyId);
        id.setId("doneCeremonyId");
        id.getStyleClass().addAll("mono", "for-pages");
        Label hashKey = new Label(Messages.get("wizard.done.finalHash"));
        hashKey.getStyleClass().add("fact-key");
        Label hash = new Label(org.keyceremony.ui.common.Fingerprints.grouped(finalHash));
        hash.setId("doneFinalHash");
        hash.getStyleClass().addAll("mono", "for-pages");
        HBox idRow = new HBox(12, id, org.keyceremony.ui.common.CopyButton.of(ceremonyId,
                "the ceremony id", said::setText));
        HBox hashRow = new HBox(12, hash, org.keyceremony.ui.common.CopyButton.of(finalHash,
                "the final hash", said::setText));
        VBox box = new VBox(6, intro, idKey, idRow, hashKey, hashRow, said);
        box.getStyleClass().add("for-pages-box");
        return box;
    }

    Parent root() {
        return root;
    }
}
