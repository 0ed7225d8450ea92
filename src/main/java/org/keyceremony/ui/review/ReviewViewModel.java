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
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Json;
import org.keyceremony.transcript.Check;
import org.keyceremony.transcript.Expectations;
import org.keyceremony.transcript.TranscriptContent;
import org.keyceremony.transcript.TranscriptVerifier;
import org.keyceremony.transcript.VerificationReport;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.common.Problems;
import org.keyceremony.ui.common.SystemDocuments;
import org.keyceremony.ui.common.TaskRunner;
import org.keyceremony.ui.common.Tasks;

/**
 * The auditor's review without its view: open a transcript, run the same
 * {@link TranscriptVerifier} as {@code ceremony verify}, optionally against the root
 * fingerprint obtained out of band and the final hash and ceremony id written at the
 * ceremony ({@link Expectations}), list every check with its reason, show the facts of
 * the embedded log, and export the report.
 */
public final class ReviewViewModel {
    private final TaskRunner tasks;
    private final SystemDocuments documents;
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final StringProperty fingerprint = new SimpleStringProperty("");
    private final StringProperty finalHash = new SimpleStringProperty("");
    private final StringProperty ceremonyId = new SimpleStringProperty("");
    private final StringProperty finalHashProblem = new SimpleStringProperty("");
    private final StringProperty ceremonyIdProblem = new SimpleStringProperty("");
    private final ObjectProperty<VerificationReport> report = new SimpleObjectProperty<>();
    private final ObjectProperty<TranscriptContent> content = new SimpleObjectProperty<>();
    private final ObservableList<Check> checks = FXCollections.observableArrayList();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty verdict = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");

    /** What the report on screen was checked against: the export says so, not what is typed now. */
    private Expectations reported = new Expectations(null, null, null);

    public ReviewViewModel(TaskRunner tasks) {
        this(tasks, SystemDocuments.system());
    }

    /** @param documents opens and prints the PDF on the desktop (tests: a fake) */
    public ReviewViewModel(TaskRunner tasks, SystemDocuments documents) {
        this.tasks = tasks;
        this.documents = documents;
        // A reason beside a field is about what was typed when verifying was asked; editing answers it.
        finalHash.addListener((o, a, b) -> finalHashProblem.set(""));
        ceremonyId.addListener((o, a, b) -> ceremonyIdProblem.set(""));
    }

    private record Outcome(VerificationReport report, Optional<TranscriptContent> content) {
    }

    /**
     * Opens and verifies {@code pdf} (with the fingerprint, final hash and ceremony id typed so far, if
     * any). Another file than the one on screen starts clean: what was typed for the previous one (its
     * root, its final hash, its ceremony id) would otherwise be checked against this one unseen.
     */
    public void open(Path pdf) {
        Path before = file.get();
        if (before != null && !before.equals(pdf)) {
            fingerprint.set("");
            finalHash.set("");
            ceremonyId.set("");
        }
        file.set(pdf);
        verify();
    }

    /** Opens the transcript in the desktop's PDF viewer; a failure is said in the status line. */
    public void openPdf() {
        Path pdf = file.get();
        if (pdf == null) {
            return;
        }
        problem.set("");
        Tasks.create(() -> {
            documents.open(pdf);
            return pdf;
        }).onSuccess(p -> { }).onError(e -> problem.set(Problems.describe(e))).runOn(tasks);
    }

    /** Prints the transcript on the system's printer; what happened (sent, or why not) is said in the status line. */
    public void print() {
        Path pdf = file.get();
        if (pdf == null) {
            return;
        }
        problem.set("");
        Tasks.create(() -> documents.print(pdf)).busy(busy).onSuccess(problem::set)
                .onError(e -> problem.set(Problems.describe(e))).runOn(tasks);
    }

    /**
     * Verifies the open file again, e.g. after a fingerprint, final hash or ceremony id was
     * typed. A malformed final hash or ceremony id is refused with its reason beside its field,
     * as {@code ceremony verify} refuses the option, and nothing is verified.
     */
    public void verify() {
        String hash = checkedFinalHash();
        String id = checkedCeremonyId();
        Path pdf = file.get();
        if (pdf == null || !finalHashProblem.get().isEmpty() || !ceremonyIdProblem.get().isEmpty()) {
            return;
        }
        Expectations expected = new Expectations(normalisedFingerprint(), hash, id);
        problem.set("");
        Tasks.create(() -> {
            byte[] bytes = readBounded(pdf);
            VerificationReport r = TranscriptVerifier.verify(pdf.getFileName().toString(), bytes, expected);
            // Only a file the verifier could read within its bounds is read again for its facts: one it
            // refused (a page or inflation bomb) is not opened a second time, outside those bounds.
            boolean readable = r.check("parses").map(Check::passed).orElse(false);
            return new Outcome(r, readable ? TranscriptReading.read(bytes) : Optional.empty());
        }).busy(busy).onSuccess(o -> {
            reported = expected;
            report.set(o.report());
            content.set(o.content().orElse(null));
            checks.setAll(o.report().checks());
            verdict.set(verdictOf(o.report(), expected));
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

    /**
     * The verdict line. A valid file says what it was tied to: the root (with a fingerprint), and
     * the room (with the final hash and ceremony id written there); without a final hash it says,
     * as {@code ceremony verify} notes, that the file alone cannot show it is the one signed there.
     */
    static String verdictOf(VerificationReport r, Expectations expected) {
        if (!r.valid()) {
            return Messages.get("review.invalid", r.failures().size(),
                    String.join(", ", r.failures().stream().map(Check::name).toList()));
        }
        String root = Messages.get(expected.rootFingerprint() == null ? "review.valid" : "review.validWithRoot");
        String room = !passed(r, "expected-final-hash") ? "review.room.notShown"
                : passed(r, "expected-ceremony") ? "review.room.shown" : "review.room.noCeremony";
        return root + " " + Messages.get(room);
    }

    private static boolean passed(VerificationReport r, String check) {
        return r.check(check).map(Check::passed).orElse(false);
    }

    /** The typed final hash as 64 lower-case hex digits, or null if none was typed; sets the reason beside the field. */
    private String checkedFinalHash() {
        String typed = finalHash.get() == null ? "" : finalHash.get().strip();
        String hex = Expectations.hex64(typed);
        if (typed.isEmpty() || hex != null) {
            finalHashProblem.set("");
            return hex;
        }
        String digits = typed.replace(":", "").replace(" ", "");
        finalHashProblem.set(digits.matches("[0-9A-Fa-f]*")
                ? Messages.get("review.finalHash.length", digits.length())
                : Messages.get("review.finalHash.notHex"));
        return null;
    }

    /** The typed ceremony id, or null if none was typed; sets the reason beside the field. */
    private String checkedCeremonyId() {
        String typed = ceremonyId.get() == null ? "" : ceremonyId.get().strip();
        String id = Expectations.ceremonyId(typed);
        ceremonyIdProblem.set(typed.isEmpty() || id != null ? "" : Messages.get("review.ceremonyId.malformed"));
        return id;
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
        lines.add(Messages.get("review.export.fingerprint", orNone(reported.rootFingerprint())));
        lines.add(Messages.get("review.export.finalHash", orNone(reported.finalHash())));
        lines.add(Messages.get("review.export.ceremonyId", orNone(reported.ceremonyId())));
        lines.add("");
        for (Check c : r.checks()) {
            lines.add((c.passed() ? "PASS  " : "FAIL  ") + c.name() + ": " + c.reason());
        }
        for (String k : r.keyProtection()) {
            lines.add("key protection: " + k);
        }
        return String.join("\n", lines) + "\n";
    }

    private static String orNone(String s) {
        return s == null ? Messages.get("review.export.none") : s;
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

    /** The final hash written on the pages signed in ink at the ceremony, as typed (empty: none). */
    public StringProperty finalHashProperty() {
        return finalHash;
    }

    /** The ceremony id written at the ceremony, as typed (empty: none). */
    public StringProperty ceremonyIdProperty() {
        return ceremonyId;
    }

    /** Why the typed final hash was refused (empty: it was not). */
    public ReadOnlyStringProperty finalHashProblemProperty() {
        return finalHashProblem;
    }

    /** Why the typed ceremony id was refused (empty: it was not). */
    public ReadOnlyStringProperty ceremonyIdProblemProperty() {
        return ceremonyIdProblem;
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
