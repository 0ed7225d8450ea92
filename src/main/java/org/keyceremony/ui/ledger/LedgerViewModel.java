package org.keyceremony.ui.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ledger.LedgerJson;
import org.keyceremony.ledger.LedgerReport;
import org.keyceremony.ledger.Policy;
import org.keyceremony.ledger.Roster;
import org.keyceremony.ledger.StatusPdf;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.common.Problems;
import org.keyceremony.ui.common.TaskRunner;
import org.keyceremony.ui.common.Tasks;

/**
 * The "Keys and custodians" screen without its view: which archive, roster, policy and date; the
 * {@link LedgerReport} the ledger makes of them (read, verified and linked on a worker: a few seconds
 * per transcript); saving it as JSON or PDF (new files only); and the shipped script of the ceremony
 * that resolves a warning, shown read-only and, if people choose, run for real.
 */
public final class LedgerViewModel {
    /** A shipped ceremony script, as read from {@code ceremony-scripts/}. */
    public record ShippedScript(String name, Path file, String text) {
    }

    private final TaskRunner tasks;
    private final Consumer<CeremonyScript> runForReal;
    private final StringProperty archive = new SimpleStringProperty("");
    private final StringProperty roster = new SimpleStringProperty("");
    private final StringProperty policy = new SimpleStringProperty("");
    private final StringProperty asOf = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");
    private final ObjectProperty<LedgerReport> report = new SimpleObjectProperty<>();
    private final ObjectProperty<ShippedScript> script = new SimpleObjectProperty<>();

    /**
     * @param runForReal where "Run this ceremony for real…" goes (the HSM selection screen)
     */
    public LedgerViewModel(TaskRunner tasks, Clock clock, Consumer<CeremonyScript> runForReal) {
        this.tasks = tasks;
        this.runForReal = runForReal;
        asOf.set(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString());
    }

    /**
     * Where the folder dialog starts: the transcripts folder of the newest rehearsal workspace under
     * {@code rehearsals} (names are UTC times, so the last in order is the newest), else {@code home}.
     */
    public static Path initialFolder(Path rehearsals, Path home) {
        if (Files.isDirectory(rehearsals)) {
            try (Stream<Path> s = Files.list(rehearsals)) {
                Optional<Path> newest = s.map(ws -> ws.resolve("transcripts")).filter(Files::isDirectory)
                        .max(Comparator.comparing(Path::toString));
                if (newest.isPresent()) {
                    return newest.get().toAbsolutePath();
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable rehearsals folder only means the dialog starts at home
            }
        }
        return home;
    }

    /** Reads the archive: checks the inputs here, then verifies and links it on a worker. */
    public void read() {
        problem.set("");
        status.set("");
        Instant when;
        try {
            when = LocalDate.parse(asOf.get().strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            problem.set(Messages.get("ledger.asOf.invalid", asOf.get()));
            return;
        }
        if (archive.get().isBlank()) {
            problem.set(Messages.get("ledger.archive.missing"));
            return;
        }
        Path folder;
        Optional<Path> rosterFile;
        Optional<Path> policyFile;
        try {
            folder = Path.of(archive.get().strip());
            rosterFile = optionalPath(roster.get());
            policyFile = optionalPath(policy.get());
        } catch (InvalidPathException e) {
            problem.set(Messages.get("ledger.path.invalid", e.getInput().replace('\0', '\u2400')));
            return;
        }
        report.set(null);
        status.set(Messages.get("ledger.reading", folder));
        Tasks.create(() -> {
            Policy p = policyFile.isPresent() ? Policy.read(policyFile.get()) : Policy.defaults();
            Roster r = rosterFile.isPresent() ? Roster.read(rosterFile.get()) : Roster.none();
            return LedgerReport.of(List.of(folder), when, p, r, rosterFile.isPresent());
        }).busy(busy).onSuccess(r -> {
            report.set(r);
            status.set(r.nothingVerifiable() ? "" : r.warnings().isEmpty() ? Messages.get("ledger.result.clean")
                    : Messages.get("ledger.result.warnings", r.warnings().size()));
            if (r.nothingVerifiable()) {
                problem.set(Messages.get("ledger.nothingVerifiable", folder));
            }
        }).onError(e -> {
            status.set("");
            problem.set(Problems.describe(e));
        }).runOn(tasks);
    }

    private static Optional<Path> optionalPath(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(Path.of(text.strip()));
    }

    /** The name a saved report is proposed under: {@code ledger-status-<as-of day>.<extension>}. */
    public String proposedName(String extension) {
        LedgerReport r = report.get();
        String day = r == null ? asOf.get().strip() : LocalDate.ofInstant(r.asOf(), ZoneOffset.UTC).toString();
        return "ledger-status-" + day + "." + extension;
    }

    /** The folder the save dialogs start in: the archive read. */
    public Path archiveFolder() {
        return archive.get().isBlank() ? null : Path.of(archive.get().strip()).toAbsolutePath();
    }

    /** Saves the report as the JSON of {@code ceremony status --json}, as a new file. */
    public void saveJson(Path out) {
        save(out, r -> LedgerJson.write(r, out));
    }

    /** Saves the report as the PDF of {@code ceremony status --pdf}, as a new file. */
    public void savePdf(Path out) {
        save(out, r -> StatusPdf.write(r, out));
    }

    private interface Writer {
        String write(LedgerReport r) throws KeyCeremonyException;
    }

    private void save(Path out, Writer writer) {
        LedgerReport r = report.get();
        if (r == null) {
            return;
        }
        problem.set("");
        if (Files.exists(out)) {
            // the system dialog may have asked "replace?"; a report is never written over a file
            problem.set(Messages.get("ledger.save.exists", out));
            return;
        }
        Tasks.create(() -> writer.write(r)).busy(busy)
                .onSuccess(sha -> status.set(Messages.get("ledger.save.done", out, sha)))
                .onError(e -> problem.set(Problems.describe(e))).runOn(tasks);
    }

    /** Shows the shipped script {@code name} ({@code card-check}) read-only. */
    public void openScript(String name) {
        problem.set("");
        Path file = RehearsalSetup.script(name);
        Tasks.create(() -> {
            try {
                return new ShippedScript(name, file, Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new KeyCeremonyException(Messages.get("ledger.script.cannotRead", file, e.getMessage()), e);
            }
        }).busy(busy).onSuccess(script::set).onError(e -> problem.set(Problems.describe(e))).runOn(tasks);
    }

    /** Back from the script to the ledger. */
    public void closeScript() {
        script.set(null);
    }

    /** Checks the script shown and goes to the HSM selection screen of a real ceremony with it. */
    public void runScript() {
        ShippedScript s = script.get();
        if (s == null) {
            return;
        }
        Tasks.create(() -> CeremonyScripts.parse(s.file())).busy(busy).onSuccess(runForReal)
                .onError(e -> problem.set(Problems.describe(e))).runOn(tasks);
    }

    public StringProperty archiveProperty() {
        return archive;
    }

    public StringProperty rosterProperty() {
        return roster;
    }

    public StringProperty policyProperty() {
        return policy;
    }

    public StringProperty asOfProperty() {
        return asOf;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty problemProperty() {
        return problem;
    }

    public ObjectProperty<LedgerReport> reportProperty() {
        return report;
    }

    public ObjectProperty<ShippedScript> scriptProperty() {
        return script;
    }
}
