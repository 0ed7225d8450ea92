package org.keyceremony.ui.review;

import java.io.File;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import org.keyceremony.transcript.Check;
import org.keyceremony.transcript.TranscriptContent;
import org.keyceremony.ui.common.Fingerprints;
import org.keyceremony.ui.common.Messages;

/**
 * The auditor's screen: the file, what to compare it against (the root fingerprint obtained
 * out of band, the final hash and ceremony id written at the ceremony), the verdict, every
 * check with a pass/fail mark and its reason, and the facts the embedded event log records.
 */
public final class ReviewView {
    private final ReviewViewModel vm;
    private final Window owner;
    private final VBox root = new VBox(12);
    private final VBox checks = new VBox(6);
    private final VBox facts = new VBox(8);

    public ReviewView(ReviewViewModel vm, Window owner, Runnable home) {
        this.vm = vm;
        this.owner = owner;
        root.getStyleClass().add("review");
        Label title = new Label(Messages.get("review.title"));
        title.getStyleClass().add("home-title");
        Button open = new Button(Messages.get("review.open"));
        open.setId("openTranscript");
        open.setOnAction(e -> choose());
        Button h = new Button(Messages.get("review.home"));
        h.setId("home");
        h.setOnAction(e -> home.run());
        Label file = new Label();
        file.setId("reviewFile");
        vm.fileProperty().addListener((o, a, b) -> file.setText(b == null ? "" : Messages.get("review.file", b)));
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox top = new HBox(12, title, spring, open, h);

        GridPane expectations = new GridPane();
        expectations.getStyleClass().add("expectations");
        expectationField(expectations, 0, "fingerprint", "review.fingerprint", vm.fingerprintProperty(), null);
        expectationField(expectations, 2, "finalHash", "review.finalHash", vm.finalHashProperty(),
                vm.finalHashProblemProperty());
        TextField id = expectationField(expectations, 4, "ceremonyId", "review.ceremonyId", vm.ceremonyIdProperty(),
                vm.ceremonyIdProblemProperty());
        id.setPrefColumnCount(42);
        id.setMaxWidth(Region.USE_PREF_SIZE);
        Button again = new Button(Messages.get("review.verify"));
        again.setId("verifyAgain");
        again.setOnAction(e -> vm.verify());
        Button export = new Button(Messages.get("review.export"));
        export.setId("exportReport");
        export.setOnAction(e -> export());
        export.disableProperty().bind(vm.reportProperty().isNull().or(vm.busyProperty()));
        again.disableProperty().bind(vm.fileProperty().isNull().or(vm.busyProperty()));
        open.disableProperty().bind(vm.busyProperty());
        Button openPdf = new Button(Messages.get("review.openPdf"));
        openPdf.setId("openPdf");
        openPdf.setOnAction(e -> vm.openPdf());
        openPdf.disableProperty().bind(vm.fileProperty().isNull());
        Button print = new Button(Messages.get("review.print"));
        print.setId("printPdf");
        print.setOnAction(e -> vm.print());
        print.disableProperty().bind(vm.fileProperty().isNull().or(vm.busyProperty()));
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(32, 32);
        spinner.visibleProperty().bind(vm.busyProperty());
        HBox actions = new HBox(12, again, export, openPdf, print, spinner);
        expectations.add(actions, 1, 6);

        Label verdict = new Label();
        verdict.setId("verdict");
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE); // the whole verdict, wrapped, never cut to "..."
        verdict.textProperty().bind(vm.verdictProperty());
        vm.reportProperty().addListener((o, a, b) -> {
            verdict.getStyleClass().removeAll("verdict-valid", "verdict-invalid");
            if (b != null) {
                verdict.getStyleClass().add(b.valid() ? "verdict-valid" : "verdict-invalid");
            }
        });
        verdict.getStyleClass().add("verdict");
        Label problem = new Label();
        problem.setId("reviewProblem");
        problem.getStyleClass().add("status");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.problemProperty());
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());

        checks.setId("checks");
        Label checksTitle = new Label(Messages.get("review.checks"));
        checksTitle.getStyleClass().add("section-title");
        VBox left = new VBox(8, checksTitle, checks);
        left.setPrefWidth(560);
        left.setMinWidth(560);
        left.setMaxWidth(560);
        facts.setId("facts");
        VBox right = new VBox(8, facts);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox body = new HBox(24, left, right);
        ScrollPane scroll = new ScrollPane(body);
        scroll.setId("reviewScroll");
        scroll.setFitToWidth(true);
        // Another file starts at its top: the checks and the verdict's reasons come first.
        vm.fileProperty().addListener((o, a, b) -> {
            scroll.setVvalue(scroll.getVmin());
            scroll.setHvalue(scroll.getHmin());
        });
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.getChildren().addAll(top, file, expectations, verdict, problem, scroll);
        vm.checks().addListener((javafx.collections.ListChangeListener<Check>) c -> showChecks());
        vm.contentProperty().addListener((o, a, b) -> showFacts(b));
    }

    /**
     * One value the auditor brings, in rows {@code row} (label and field) and {@code row + 1}
     * (why it was refused, shown only then). Enter verifies again, as "Verify again" does.
     */
    private TextField expectationField(GridPane grid, int row, String id, String key, StringProperty value,
            ReadOnlyStringProperty refused) {
        Label label = new Label(Messages.get(key));
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(Messages.get(key + ".prompt"));
        field.textProperty().bindBidirectional(value);
        field.setOnAction(e -> vm.verify());
        label.setLabelFor(field);
        label.setMinWidth(Region.USE_PREF_SIZE);
        GridPane.setHgrow(field, Priority.ALWAYS);
        grid.addRow(row, label, field);
        field.setAccessibleText(Messages.get(key));
        if (refused != null) {
            Label reason = new Label();
            reason.setId(id + "Problem");
            reason.getStyleClass().add("problem");
            reason.setWrapText(true);
            reason.setMinHeight(Region.USE_PREF_SIZE);
            reason.textProperty().bind(refused);
            reason.visibleProperty().bind(refused.isNotEmpty());
            reason.managedProperty().bind(reason.visibleProperty());
            refused.addListener((o, a, b) -> {
                field.getStyleClass().remove("refused");
                field.setAccessibleText(Messages.get(key) + (b.isEmpty() ? "" : ": " + b));
                if (!b.isEmpty()) {
                    field.getStyleClass().add("refused");
                }
            });
            grid.add(reason, 1, row + 1);
        }
        return field;
    }

    public Parent root() {
        return root;
    }

    private void choose() {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("home.chooser.transcript"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PDF", "*.pdf"));
        File f = fc.showOpenDialog(owner);
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    private void export() {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("review.export"));
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("JSON", "*.json"),
                new FileChooser.ExtensionFilter("Text", "*.txt"));
        if (vm.fileProperty().get() != null) {
            // Beside the transcript, where the auditor files the report with it.
            java.nio.file.Path folder = vm.fileProperty().get().toAbsolutePath().getParent();
            if (folder != null && java.nio.file.Files.isDirectory(folder)) {
                fc.setInitialDirectory(folder.toFile());
            }
            fc.setInitialFileName(vm.fileProperty().get().getFileName().toString().replaceFirst("\\.pdf$", "")
                    + "-verification.json");
        }
        File f = fc.showSaveDialog(owner);
        if (f != null) {
            vm.export(f.toPath());
        }
    }

    private void showChecks() {
        checks.getChildren().clear();
        for (Check c : vm.checks()) {
            Label mark = new Label(c.passed() ? "\u2714" : "\u2716");
            mark.getStyleClass().add(c.passed() ? "mark-pass" : "mark-fail");
            Label name = new Label(c.name());
            name.getStyleClass().add("check-name");
            Label reason = new Label(c.reason());
            reason.setWrapText(true);
            reason.getStyleClass().add("check-reason");
            VBox text = new VBox(2, name, reason);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox row = new HBox(10, mark, text);
            row.setId("check-" + c.name());
            row.getStyleClass().addAll("check-row", c.passed() ? "check-pass" : "check-fail");
            row.setAccessibleText(c.name() + (c.passed() ? " passed: " : " FAILED: ") + c.reason());
            checks.getChildren().add(row);
        }
    }

    private void showFacts(TranscriptContent c) {
        facts.getChildren().clear();
        facts.getStyleClass().remove("facts-untrusted");
        Label title = new Label(Messages.get("review.facts"));
        title.getStyleClass().add("section-title");
        facts.getChildren().add(title);
        if (c == null) {
            facts.getChildren().add(new Label(Messages.get("review.facts.none")));
            return;
        }
        org.keyceremony.transcript.VerificationReport verified = vm.reportProperty().get();
        boolean trusted = verified != null && verified.valid();
        Label caveat = new Label(Messages.get(trusted ? "review.facts.caveat" : "review.facts.untrusted"));
        caveat.setId("factsCaveat");
        caveat.setWrapText(true);
        caveat.getStyleClass().add(trusted ? "hint" : "facts-warning");
        facts.getChildren().add(caveat);
        if (!trusted) {
            // What a failed transcript claims is shown, greyed, for the auditor's report; never as fact.
            facts.getStyleClass().add("facts-untrusted");
        }
        TranscriptContent.Cover cover = c.cover();
        facts.getChildren().add(section(Messages.get("review.section.cover"), grid(
                "ceremony id", cover.ceremonyId(), "kind", cover.kind() + (cover.rehearsal() ? " (REHEARSAL)" : ""),
                "date", cover.date() + " " + cover.start() + " \u2013 " + cover.end() + " " + cover.timeZone(),
                "place", cover.place(), "outcome", cover.outcome(), "final log hash", c.finalLogHash())));
        VBox people = new VBox(2);
        c.participants().forEach(p -> people.getChildren().add(new Label(p.name() + " \u2014 " + p.role())));
        facts.getChildren().add(section(Messages.get("review.section.participants"), people));
        for (TranscriptContent.KeyDetails k : c.keys()) {
            facts.getChildren().add(section(Messages.get("review.section.keys") + ": " + k.purpose(), grid(
                    "label / id", k.label() + " / " + k.id(), "algorithm", k.algorithm() + " " + k.size(),
                    "SPKI SHA-256", k.spkiSha256(), "attributes", String.join(", ", k.attributes()))));
        }
        org.keyceremony.transcript.VerificationReport report = vm.reportProperty().get();
        if (report != null && !report.keyProtection().isEmpty()) {
            VBox lines = new VBox(4);
            lines.setId("keyProtection");
            for (String line : report.keyProtection()) {
                Label l = new Label(Fingerprints.inText(line));
                l.setWrapText(true);
                if (line.startsWith("NOT SEALED")) {
                    l.getStyleClass().add("check-fail");
                }
                lines.getChildren().add(l);
            }
            facts.getChildren().add(section(Messages.get("review.section.keyProtection"), lines));
        }
        for (TranscriptContent.CertificateDetails x : c.certificates()) {
            facts.getChildren().add(section(Messages.get("review.section.certificates") + ": " + x.purpose(), grid(
                    "subject", x.subject(), "issuer", x.issuer(), "serial", x.serial(),
                    "validity", x.notBefore() + " \u2013 " + x.notAfter(), "SHA-256", x.sha256())));
        }
        TranscriptContent.ShareDistribution s = c.shares();
        if (!s.rows().isEmpty()) {
            GridPane table = new GridPane();
            table.setId("shareTable");
            table.getStyleClass().add("facts");
            table.addRow(0, head("review.col.share"), head("review.col.custodian"), head("review.col.card"),
                    head("review.col.commitment"));
            int i = 1;
            for (TranscriptContent.ShareRecord r : s.rows()) {
                Label commitment = new Label(Fingerprints.grouped(r.commitment()));
                commitment.getStyleClass().add("mono");
                table.addRow(i++, new Label(r.shareNumber()), new Label(r.custodian()),
                        new Label(r.cardLabel() + " " + r.cardSerial()), commitment);
            }
            facts.getChildren().add(section(Messages.get("review.section.shares", s.threshold(), s.total(),
                    s.shareSetId(), s.kwkCheckValue()), table));
        }
        if (!c.deviations().isEmpty()) {
            VBox d = new VBox(4);
            c.deviations().forEach(x -> {
                Label l = new Label(x.step() + " " + x.time() + ": " + x.happened() + " \u2192 " + x.actions());
                l.setWrapText(true);
                d.getChildren().add(l);
            });
            facts.getChildren().add(section(Messages.get("review.section.deviations"), d));
        }
        VBox timeline = new VBox(2);
        c.steps().forEach(x -> timeline.getChildren().add(new Label(x.number() + "  " + x.start() + "  " + x.title()
                + "  \u2014 " + x.outcome() + (x.confirmer().isEmpty() ? "" : " (" + x.confirmer() + ")"))));
        facts.getChildren().add(section(Messages.get("review.section.steps"), timeline));
    }

    private static Label head(String key) {
        Label l = new Label(Messages.get(key));
        l.getStyleClass().add("column-header");
        return l;
    }

    private GridPane grid(String... pairs) {
        GridPane g = new GridPane();
        g.getStyleClass().add("facts");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            Label k = new Label(pairs[i]);
            k.getStyleClass().add("fact-key");
            k.setMinWidth(Region.USE_PREF_SIZE); // the value gives way (it wraps), never the name of the fact
            String value = pairs[i + 1];
            Label v = new Label(Fingerprints.grouped(value));
            v.setWrapText(true);
            v.getStyleClass().add("fact-value");
            if (Fingerprints.isSha256(value)) {
                g.addRow(i / 2, k, new HBox(8, v, copyButton(value)));
            } else {
                g.addRow(i / 2, k, v);
            }
        }
        return g;
    }

    /**
     * Copies a SHA-256 (public: a hash of a certificate, a key's public part or the log) as its 64
     * digits, without the screen's spaces, for pasting into {@code ceremony verify} or a report.
     */
    private Button copyButton(String sha256) {
        return org.keyceremony.ui.common.CopyButton.of(sha256, "the SHA-256", vm.problemProperty()::set);
    }

    private static VBox section(String title, javafx.scene.Node body) {
        Label t = new Label(title);
        t.getStyleClass().add("section-title");
        t.setWrapText(true);
        return new VBox(4, t, body);
    }
}
