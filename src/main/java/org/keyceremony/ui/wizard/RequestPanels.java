package org.keyceremony.ui.wizard;

import java.util.Set;

import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.keyceremony.ceremony.PinState;
import org.keyceremony.ceremony.RecoveryChoice;
import org.keyceremony.ceremony.RegisteredRollback;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.controls.PinField;

/**
 * The action panel under the read-aloud text, one per kind of question. Each panel holds
 * its own inputs; the wizard's Next button asks the panel for its answer.
 */
final class RequestPanels {
    private final WizardViewModel vm;
    /** The input Next submits from (value field or PIN field), or null. */
    private Node input;

    RequestPanels(WizardViewModel vm) {
        this.vm = vm;
    }

    Node input() {
        return input;
    }

    /** Builds the panel for {@code r}; null for a question that has no panel (the participants screen). */
    Node panel(PromptRequest r) {
        input = null;
        if (r instanceof PromptRequest.Confirm c) {
            return confirm(c);
        } else if (r instanceof PromptRequest.Value v) {
            return value(v);
        } else if (r instanceof PromptRequest.CardBack c) {
            return cardBack(c);
        } else if (r instanceof PromptRequest.Acknowledge a) {
            return acknowledge(a);
        } else if (r instanceof PromptRequest.PinEntry p) {
            return pin(p);
        } else if (r instanceof PromptRequest.Failure f) {
            return failure(f);
        } else if (r instanceof PromptRequest.Rollback rb) {
            return rollback(rb);
        } else if (r instanceof PromptRequest.Recovery rc) {
            return recovery(rc);
        }
        return null;
    }

    /** What Next does for the open question; false if the answer was refused. */
    boolean next(PromptRequest r, String initials) {
        if (r instanceof PromptRequest.Confirm) {
            return vm.confirm(initials);
        } else if (r instanceof PromptRequest.CardBack) {
            return vm.cardTakenBack();
        } else if (r instanceof PromptRequest.Acknowledge && input instanceof TextField t) {
            return vm.acknowledge(t.getText());
        } else if (r instanceof PromptRequest.Value && input instanceof TextField t) {
            return vm.answerValue(t.getText());
        } else if (r instanceof PromptRequest.PinEntry && input instanceof PinField p) {
            return vm.answerPin(p.takePin());
        }
        return false;
    }

    private Node confirm(PromptRequest.Confirm c) {
        Label title = new Label(Messages.get("wizard.confirm.title", vm.peopleFor(c.step().confirmer())));
        title.getStyleClass().add("panel-title");
        title.setWrapText(true);
        // The share table under this panel shows the written shares, one custodian per line.
        boolean shareTable = c.step().action() instanceof org.keyceremony.script.Action.WriteShare
                && !vm.shares().rows().isEmpty();
        java.util.List<Node> children = new java.util.ArrayList<>(java.util.List.of(title));
        children.addAll(facts(c.facts(), shareTable ? Set.of("shares") : Set.of()));
        return box("panel-confirm", children.toArray(Node[]::new));
    }

    /**
     * What an earlier step recorded, shown instead of the current question while it is looked at
     * (Back): its facts as its confirmer saw them, and whose initials confirmed them.
     */
    static Node recorded(StepItem item) {
        StepItem.Recorded r = item.recordedProperty().get();
        Label title = new Label(r != null ? Messages.get("wizard.recorded.title", item.step().id(), r.confirmedBy())
                : Messages.get(item.state() == StepState.DONE ? "wizard.recorded.elsewhere" : "wizard.recorded.none",
                item.step().id()));
        title.getStyleClass().add("panel-title");
        title.setWrapText(true);
        java.util.List<Node> children = new java.util.ArrayList<>(java.util.List.of(title));
        if (r != null) {
            children.addAll(facts(r.facts(), Set.of()));
        }
        VBox box = new VBox(8, children.toArray(Node[]::new));
        box.getStyleClass().addAll("action-panel", "panel-recorded");
        box.setId("recorded");
        return box;
    }

    /** The summary lines across the panel, then the grid of labelled facts. */
    private static java.util.List<Node> facts(java.util.Map<String, Object> values, Set<String> omit) {
        java.util.List<Node> children = new java.util.ArrayList<>();
        GridPane facts = new GridPane();
        facts.setId("facts");
        facts.getStyleClass().add("facts");
        int row = 0;
        for (FactRows.Row r : FactRows.of(values, omit)) {
            if (r.across()) {
                children.add(across(r));
                continue;
            }
            Label k = new Label(r.label());
            k.getStyleClass().add("fact-key");
            k.setMinWidth(Region.USE_PREF_SIZE); // a label is never cut short; the value wraps instead
            if (r.depth() > 0) {
                k.setStyle("-fx-padding: 0 0 0 " + 1.2 * r.depth() + "em;"); // a nested record's facts under its name
            }
            Label v = new Label(r.value());
            v.getStyleClass().add("fact-value");
            if (r.warning()) {
                v.getStyleClass().add("fact-warning");
            }
            v.setWrapText(true);
            v.setMinHeight(Region.USE_PREF_SIZE);
            Node value = v;
            if (!r.fingerprint().isEmpty()) {
                // read aloud and compared with paper: large, in fours, and copied whole
                v.getStyleClass().add("fact-fingerprint"); // wraps (between groups) rather than widen the panel
                Label copied = new Label();
                copied.getStyleClass().add("hint");
                Button copy = org.keyceremony.ui.common.CopyButton.of(r.fingerprint(), r.label(), copied::setText);
                // the button under its name: no taller than the two lines, and the value keeps its column at 1024 px
                VBox named = new VBox(4, k, copy, copied);
                copied.setWrapText(true);
                copied.setMaxWidth(160);
                facts.addRow(row++, named, v);
                GridPane.setHgrow(v, Priority.ALWAYS);
                continue;
            } else if (!r.detail().isEmpty()) {
                Label raw = new Label(String.join("\n", r.detail()));
                raw.getStyleClass().add("fact-value");
                javafx.scene.control.TitledPane disclosure = new javafx.scene.control.TitledPane(
                        Messages.get("wizard.facts.attributes.raw"), raw);
                disclosure.setExpanded(false);
                disclosure.getStyleClass().add("fact-detail");
                value = new VBox(4, v, disclosure);
            }
            facts.addRow(row++, k, value);
            GridPane.setHgrow(value, Priority.ALWAYS);
            GridPane.setValignment(k, VPos.TOP);
        }
        children.add(facts);
        return children;
    }

    /**
     * A summary under the panel's title, the panel's whole width and no label column: its lines carry
     * their own labels ("Subject: …"), and a certificate's 17 lines, wrapped in the value column, did not
     * fit in view at 1024 × 700.
     */
    private static Label across(FactRows.Row r) {
        Label v = new Label(r.value());
        v.getStyleClass().addAll("fact-value", "fact-across");
        v.setAccessibleText(r.label());
        v.setWrapText(true);
        v.setMinHeight(Region.USE_PREF_SIZE);
        return v;
    }

    /** One person of the step's actors, by name, confirms with their own initials. */
    private Node acknowledge(PromptRequest.Acknowledge a) {
        Label title = new Label(Messages.get("wizard.acknowledge.title", a.who().name(), a.number(), a.of()));
        title.getStyleClass().add("panel-title");
        title.setWrapText(true);
        TextField field = new TextField();
        field.setId("acknowledgeField");
        field.getStyleClass().add("big-input");
        field.setPrefColumnCount(6);
        field.setMaxWidth(Region.USE_PREF_SIZE);
        field.setAccessibleText(Messages.get("wizard.acknowledge.field", a.who().name()));
        input = field;
        Label hint = new Label(Messages.get("wizard.acknowledge.hint"));
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        return box("panel-acknowledge", title, field, hint);
    }

    /** The custodian's moment: their share is verified, their card goes back to them before anyone else is called. */
    private Node cardBack(PromptRequest.CardBack c) {
        Label title = new Label(Messages.get("wizard.cardBack.title", c.verified().custodian(),
                c.verified().custodianName()));
        title.getStyleClass().add("panel-title");
        title.setWrapText(true);
        Label what = new Label(Messages.get("wizard.cardBack.text", c.verified().custodian(), c.verified().card()));
        what.setId("cardBackText");
        what.setWrapText(true);
        what.getStyleClass().add("card-back");
        Label hint = new Label(Messages.get("wizard.cardBack.hint"));
        hint.getStyleClass().add("hint");
        return box("panel-card-back", title, what, hint);
    }

    private Node value(PromptRequest.Value v) {
        Label title = new Label(v.label().isEmpty() ? "" : Character.toUpperCase(v.label().charAt(0)) + v.label().substring(1));
        title.getStyleClass().add("panel-title");
        title.setWrapText(true);
        TextField field = new TextField();
        field.setId("valueField");
        field.getStyleClass().add("big-input");
        field.setAccessibleText(v.label());
        input = field;
        Label hint = new Label(Messages.get(v.emptyAllowed() ? "wizard.value.title.emptyAllowed" : "wizard.value.title"));
        hint.getStyleClass().add("hint");
        if (asksForCard(v.label()) && !vm.launch().simulatedCards().isEmpty()) {
            return box("panel-value", title, cardReader(vm::answerValue), field, hint);
        }
        if (asksForCards(v.label()) && !vm.launch().simulatedCards().isEmpty()) {
            return box("panel-value", title, cardReader(card -> field.setText(withCard(field.getText(), card))), field, hint);
        }
        if (asksForCard(v.label()) && vm.launch().liveCards().isPresent()) {
            LiveCardReader reader = new LiveCardReader(vm.launch().liveCards().get(), vm.tasks(), vm::answerValue);
            return box("panel-value", title, reader.root(), field, hint);
        }
        if (asksForCards(v.label()) && vm.launch().liveCards().isPresent()) {
            // A list of cards (card check, erasure): each card chosen is added to the field; Next sends the list.
            LiveCardReader reader = new LiveCardReader(vm.launch().liveCards().get(), vm.tasks(),
                    card -> field.setText(withCard(field.getText(), card)));
            return box("panel-value", title, reader.root(), field, hint);
        }
        return box("panel-value", title, field, hint);
    }

    /**
     * The engine's questions for one card: "card label or serial for custodian k (name)" when no
     * card is preset for a custodian (write-share), "card presented by the next custodian …" (read-share).
     */
    static boolean asksForCard(String label) {
        return label.startsWith("card label or serial") || label.startsWith("card presented by");
    }

    /** The engine's questions for a list of cards: "cards presented, separated by commas …" (card check, erasure). */
    static boolean asksForCards(String label) {
        return label.startsWith("cards presented") || label.startsWith("old cards presented");
    }

    /** {@code list} ("card-1, card-3") with {@code card} added once at the end. */
    static String withCard(String list, String card) {
        java.util.List<String> cards = new java.util.ArrayList<>();
        for (String c : list.split(",")) {
            if (!c.isBlank()) {
                cards.add(c.strip());
            }
        }
        if (!cards.contains(card)) {
            cards.add(card);
        }
        return String.join(", ", cards);
    }

    /** A rehearsal's simulated card reader: one button per card of the world; pressing one inserts it. */
    private Node cardReader(java.util.function.Consumer<String> insert) {
        Label title = new Label(Messages.get("wizard.reader.title"));
        title.getStyleClass().add("column-header");
        javafx.scene.layout.FlowPane cards = new javafx.scene.layout.FlowPane(10, 10);
        cards.setId("simulatedReader");
        for (String card : vm.launch().simulatedCards()) {
            Button b = new Button(Messages.get("wizard.reader.insert", card));
            b.setId("insert-" + card);
            b.getStyleClass().add("card-button");
            b.setOnAction(e -> insert.accept(card));
            cards.getChildren().add(b);
        }
        VBox reader = new VBox(6, title, cards);
        reader.getStyleClass().add("card-reader");
        return reader;
    }

    private Node pin(PromptRequest.PinEntry p) {
        String prompt = !p.prompt().isBlank() ? p.prompt()
                : p.holder().equals("hsm") ? Messages.get("wizard.pin.hsm")
                : p.holder().endsWith("-so") ? Messages.get("wizard.pin.so") : holderName(p.holder());
        Label who = new Label(prompt);
        who.setId("pinPrompt");
        who.getStyleClass().add("card-prompt");
        who.setWrapText(true);
        Label label = new Label(holderName(p.holder()));
        PinField field = new PinField();
        field.setId("pinField");
        field.setAccessibleText(holderName(p.holder()));
        input = field;
        Label hint = new Label(Messages.get("wizard.pin.hint"));
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        String warning = pinWarning(p.state());
        if (warning.isEmpty()) {
            return box("panel-pin", who, label, field, hint);
        }
        Label warn = new Label(warning);
        warn.setId("pinWarning");
        warn.setWrapText(true);
        warn.getStyleClass().add("pin-warning");
        return box("panel-pin", who, warn, label, field, hint);
    }

    /** The warning shown above the PIN field for what the token reports; empty when there is nothing to warn about. */
    static String pinWarning(PinState state) {
        return switch (state) {
            case LOCKED -> Messages.get("wizard.pin.locked");
            case FINAL_TRY -> Messages.get("wizard.pin.finalTry");
            case COUNT_LOW -> Messages.get("wizard.pin.countLow");
            case OK, UNKNOWN -> "";
        };
    }

    /** "PIN of the HSM (hsm)", "Security officer's PIN of the HSM (hsm-so)" or "PIN of card-3", as the script names it. */
    static String holderName(String holder) {
        if (holder.equals("hsm-so") || holder.equals("target-hsm-so")) {
            return Messages.get("wizard.pin.ofSo", holder);
        }
        return holder.equals("hsm") || holder.equals("target-hsm")
                ? Messages.get("wizard.pin.ofHsm", holder) : Messages.get("wizard.pin.holder", holder);
    }

    private Node failure(PromptRequest.Failure f) {
        Label title = new Label(Messages.get("wizard.failure.title"));
        title.getStyleClass().addAll("panel-title", "failure-title");
        Label what = new Label(Messages.get("wizard.failure.what", f.step().id(), f.step().title(), f.attempt()));
        what.setWrapText(true);
        Label why = new Label(Messages.get("wizard.failure.why", f.error()));
        why.setId("failureReason");
        why.setWrapText(true);
        why.getStyleClass().add("failure-reason");
        Label todo = new Label(Messages.get("wizard.failure.todo"));
        todo.setWrapText(true);
        TextField actions = new TextField();
        actions.setId("failureActions");
        actions.setPromptText(Messages.get("wizard.failure.actions.prompt"));
        Button retry = new Button(Messages.get("wizard.retry"));
        retry.setId("retry");
        retry.getStyleClass().add("primary");
        retry.setOnAction(e -> vm.decideFailure(true, actions.getText()));
        Button abort = new Button(Messages.get("wizard.abort"));
        abort.setId("abort");
        abort.getStyleClass().add("danger");
        abort.setOnAction(e -> vm.decideFailure(false, actions.getText()));
        return box("panel-failure", title, what, why, todo, new Label(Messages.get("wizard.failure.actions")), actions,
                new HBox(12, retry, abort));
    }

    private Node rollback(PromptRequest.Rollback r) {
        Label title = new Label(Messages.get("wizard.rollback.title"));
        title.getStyleClass().add("panel-title");
        VBox list = new VBox(4);
        for (RegisteredRollback x : r.removals()) {
            list.getChildren().add(new Label("\u2022 " + x.description() + " (step " + x.step() + ")"));
        }
        Button yes = new Button(Messages.get("wizard.rollback.approve"));
        yes.setId("approveRollback");
        yes.getStyleClass().add("danger");
        yes.setOnAction(e -> vm.approveRollback(true));
        Button no = new Button(Messages.get("wizard.rollback.decline"));
        no.setId("declineRollback");
        no.setOnAction(e -> vm.approveRollback(false));
        return box("panel-rollback", title, list, new HBox(12, yes, no));
    }

    private Node recovery(PromptRequest.Recovery r) {
        Label title = new Label(Messages.get("wizard.recovery.title"));
        title.getStyleClass().add("panel-title");
        RecoverySummary summary = RecoverySummary.of(r.plan(), vm.ceremonyName(), this::stepTitle);
        GridPane facts = new GridPane();
        facts.getStyleClass().add("facts");
        facts.setId("recoveryFacts");
        int row = 0;
        for (RecoverySummary.Fact f : summary.facts()) {
            Label k = new Label(f.label());
            k.getStyleClass().add("fact-key");
            k.setMinWidth(Region.USE_PREF_SIZE);
            Label v = new Label(f.value());
            v.getStyleClass().add("fact-value");
            v.setWrapText(true);
            v.setMinHeight(Region.USE_PREF_SIZE);
            facts.addRow(row++, k, v);
            GridPane.setHgrow(v, Priority.ALWAYS);
        }
        VBox ifResume = choiceColumn("recoveryIfResume", Messages.get("wizard.recovery.ifResume"), summary.resume());
        VBox ifAbort = choiceColumn("recoveryIfAbort", Messages.get("wizard.recovery.ifAbort"), summary.abort());
        HBox choices = new HBox(16, ifResume, ifAbort);
        HBox.setHgrow(ifResume, Priority.ALWAYS);
        HBox.setHgrow(ifAbort, Priority.ALWAYS);
        Label raw = new Label(r.plan().describe());
        raw.setWrapText(true);
        raw.getStyleClass().add("fact-value");
        javafx.scene.control.TitledPane details = new javafx.scene.control.TitledPane(
                Messages.get("wizard.recovery.details"), raw);
        details.setExpanded(false);
        details.setId("recoveryDetails");
        Button resume = new Button(Messages.get("wizard.recovery.resume"));
        resume.setId("resumeCeremony");
        resume.getStyleClass().add("primary");
        resume.setDisable(!r.plan().canResume());
        resume.setOnAction(e -> vm.chooseRecovery(RecoveryChoice.RESUME));
        Button abort = new Button(Messages.get("wizard.recovery.abort"));
        abort.setId("abortCeremony");
        abort.getStyleClass().add("danger");
        abort.setDisable(!r.plan().canAbort());
        abort.setOnAction(e -> vm.chooseRecovery(RecoveryChoice.ABORT));
        // the choice right under where it stopped, in view at 1024 x 700; what each does below it
        return box("panel-recovery", title, facts, new HBox(12, resume, abort), choices, details);
    }

    /** "If you resume" / "If you abort": a heading and one line per consequence, each wrapped. */
    private static VBox choiceColumn(String id, String heading, java.util.List<String> lines) {
        Label h = new Label(heading);
        h.getStyleClass().add("column-header");
        VBox col = new VBox(4, h);
        for (String line : lines) {
            Label l = new Label("\u2022 " + line);
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            col.getChildren().add(l);
        }
        col.setId(id);
        col.getStyleClass().add("recovery-choice");
        col.setMinWidth(0);
        col.setPrefWidth(1);
        return col;
    }

    /** "3.4 — Write the shares", from the script's step; the id alone for one it does not have. */
    private String stepTitle(String id) {
        return vm.steps().stream().filter(i -> i.step().id().equals(id)).findFirst()
                .map(i -> id + " \u2014 " + i.step().title()).orElse(id);
    }

    private static VBox box(String style, Node... children) {
        VBox b = new VBox(10, children);
        b.getStyleClass().addAll("action-panel", style);
        return b;
    }
}
