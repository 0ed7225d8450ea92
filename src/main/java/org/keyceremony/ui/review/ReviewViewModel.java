package org.keyceremony.ui.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.transcript.Check;
import org.keyceremony.journal.Json;
import org.keyceremony.transcript.TranscriptContent;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.common.Problems;
import org.keyceremony.ui.common.TaskRunner;
import org.keyceremony.ui.common.Tasks;

/**
 * The auditor's review without its view: open a transcript, run the same
 * {@link TranscriptVerifier} as {@code ceremony verify}, optionally against the root
 * fingerprint obtained out of band, list every check with its reason, show the facts of
 * the embedded log, and export the report.
 */
public final class ReviewViewModel {
    private final TaskRunner tasks;
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final StringProperty fingerprint = new SimpleStringProperty("");
    private final ObjectProperty<VerificationReport> report = new SimpleObjectProperty<>();
    private final ObjectProperty<TranscriptContent> content = new SimpleObjectProperty<>();
    private final ObservableList<Check> checks = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty verdict = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");

    public ReviewViewModel(TaskRunner tasks) {
        this.tasks = tasks;
    }

    private record Outcome(VerificationReport report, Optional<TranscriptContent> content) {
    }

    /** Opens and verifies {@code pdf} (with the fingerprint typed so far, if any). */
    public void open(Path pdf) {
        file.set(pdf);
        verify();
    }

    /** Verifies the open file again, e.g. after a fingerprint was typed. */
    public void verify() {
        Path pdf = file.get();
        if (pdf == null) {
            return;
        }
        String expected = normalisedFingerprint();
        problem.set("");
        Tasks.create(() -> {
            byte[] bytes = readBounded(pdf);
            VerificationReport r = TranscriptVerifier.verify(pdf.getFileName().toString(), bytes, expected);
            return new Outcome(r, TranscriptReading.read(bytes));
        }).busy(busy).onSuccess(o -> {
            report.set(o.report());
            content.set(o.content().orElse(null));
            checks.setAll(o.report().checks());
            verdict.set(o.report().valid()
                    ? Messages.get(expected == null ? "review.valid" : "review.validWithRoot")
                    : Messages.get("review.invalid", o.report().failures().size()));
        }).onError(e -> {
            report.set(null);
            content.set(null);
            checks.clear();
            verdict.set("");
            problem.set(Problems.describe(e));
        }).runOn(tasks);
    }

    private static byte[] readBounded(Path pdf) throws KeyCeremonyException {
        try {
            if (Files.size(pdf) > TranscriptVerifier.MAX_FILE_BYTES) {
                throw new KeyCeremonyException(Messages.get("review.tooLarge", pdf));
            }
            return Files.readAllBytes(pdf);
        } catch (IOException e) {
            throw new KeyCeremonyException(Messages.get("review.cannotRead", pdf, e.getMessage()), e);
        }
    }

    /** The typed fingerprint as lower-case hex without separators, or null if none was typed. */
    String normalisedFingerprint() {
        String f = fingerprint.get() == null ? "" : fingerprint.get().replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
        return f.isEmpty() ? null : f;
    }

    /** The report as text an auditor can file: verdict, then every check with its reason. */
    public String reportText() {
        VerificationReport r = report.get();
        if (r == null) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        lines.add(Messages.get("review.export.title", r.source()));
        lines.add(verdict.get());
        String fp = normalisedFingerprint();
        lines.add(Messages.get("review.export.fingerprint", fp == null ? Messages.get("review.export.none") : fp));
        lines.add("");
        for (Check c : r.checks()) {
            lines.add((c.passed() ? "PASS  " : "FAIL  ") + c.name() + ": " + c.reason());
        }
        for (String k : r.keyProtection()) {
            lines.add("key protection: " + k);
        }
        return String.join("\n", lines) + "\n";
    }

    /** Writes the report next to nothing else: {@code .json} gets the JSON of {@code ceremony verify --json}, anything else text. CREATE_NEW. */
    public void export(Path target) {
        VerificationReport r = report.get();
        if (r == null) {
            return;
        }
        String text = target.getFileName().toString().endsWith(".json") ? Json.canonical(r.toJsonObject()) + "\n" : reportText();
        Tasks.create(() -> {
            try {
                Files.writeString(target, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                return target;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new KeyCeremonyException(Messages.get("review.export.exists", target), e);
            } catch (IOException e) {
                throw new KeyCeremonyException(Messages.get("review.export.failed", target, e.getMessage()), e);
            }
        }).busy(busy).onSuccess(p -> problem.set(Messages.get("review.export.done", p)))
                .onError(e -> problem.set(Problems.describe(e))).runOn(tasks);
    }

    public ObjectProperty<Path> fileProperty() {
        return file;
    }

    public StringProperty fingerprintProperty() {
        return fingerprint;
    }

    public ObjectProperty<VerificationReport> reportProperty() {
        return report;
    }

    public ObjectProperty<TranscriptContent> contentProperty() {
        return content;
    }

    public ObservableList<Check> checks() {
        return checks;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty verdictProperty() {
        return verdict;
    }

    /** A message about the last action (a file that could not be read, an export written). */
    public StringProperty problemProperty() {
        return problem;
    }
}
