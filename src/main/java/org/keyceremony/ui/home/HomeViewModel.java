package org.keyceremony.ui.home;

import java.nio.file.Path;
import java.util.function.Consumer;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.keyceremony.ceremony.InterruptedCeremonies;

import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.common.Problems;
import org.keyceremony.ui.common.TaskRunner;
import org.keyceremony.ui.common.Tasks;
import org.keyceremony.ui.wizard.WizardLaunch;

/**
 * The home screen without its view: start a rehearsal, check a script, and where each leads
 * ({@link Navigation}). Slow work (building a world, parsing) runs through the {@link TaskRunner}
 * with {@link #busyProperty()} set, which disables the buttons.
 */
public final class HomeViewModel {
    /** Where the home screen sends people; implemented by the shell. */
    public interface Navigation {
        void wizard(WizardLaunch launch);

        void review(Path transcript);

        /** The rehearsal continues in another window (a child process); this one closes. */
        void handedOver(RehearsalStart.HandedOver handover);

        /**
         * A real ceremony of {@code script}: the HSM selection screen, then the wizard. With a
         * {@code resumeDirectory}, the interrupted real ceremony there is recovered.
         */
        void realCeremony(CeremonyScript script, java.util.Optional<Path> resumeDirectory);

        /** The "Keys and custodians" screen: the key ledger of an archive. */
        void ledger();
    }

    private final Rehearsals rehearsals;
    private final TaskRunner tasks;
    private final Navigation navigation;
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");
    private final ObservableList<InterruptedCeremonies.Found> interrupted = FXCollections.observableArrayList();

    public HomeViewModel(Rehearsals rehearsals, TaskRunner tasks, Navigation navigation) {
        this.rehearsals = rehearsals;
        this.tasks = tasks;
        this.navigation = navigation;
    }

    /** Rehearses the shipped root key generation script in a new workspace. */
    public void rehearseRoot() {
        rehearse(rehearsals.newWorkspace(), rehearsals.rootScript());
    }

    /** Rehearses {@code script} in a new workspace. */
    public void rehearseScript(Path script) {
        rehearse(rehearsals.newWorkspace(), script);
    }

    /** Rehearses {@code script} in {@code workspace} (built if new). */
    public void rehearse(Path workspace, Path script) {
        problem.set("");
        status.set(Messages.get("home.status.building", workspace));
        Tasks.create(() -> rehearsals.prepare(workspace, script)).busy(busy).onSuccess(start -> {
            status.set("");
            go(start);
        }).onError(fail()).runOn(tasks);
    }

    /**
     * Recovers the interrupted ceremony in {@code ceremonyDirectory}: a rehearsal's in its world;
     * a real one after the HSM selection screen (the HSM, cards and media must be named again).
     */
    public void resume(Path ceremonyDirectory) {
        problem.set("");
        interrupted.clear();
        Path dir = ceremonyDirectory.toAbsolutePath().normalize();
        // Which kind of ceremony it is, like everything else about the folder, is read on the worker.
        Tasks.create(() -> Rehearsals.isRehearsalCeremony(dir) ? new Resumed.InRehearsal(rehearsals.prepareResume(dir))
                : new Resumed.Real(Rehearsals.interruptedScript(dir))).busy(busy).onSuccess(r -> {
            if (r instanceof Resumed.InRehearsal x) {
                go(x.start());
            } else if (r instanceof Resumed.Real x) {
                navigation.realCeremony(x.script(), java.util.Optional.of(dir));
            }
        }).onError(fail()).runOn(tasks);
    }

    /**
     * Looks under {@code folder} for ceremonies that stopped before their end. The folder of one
     * is recovered at once, as before; otherwise those found are listed ({@link #interruptedProperty()}),
     * most recently stopped first, and none found is said with what was found instead.
     */
    public void findInterrupted(Path folder) {
        problem.set("");
        interrupted.clear();
        Path dir = folder.toAbsolutePath().normalize();
        status.set(Messages.get("home.resume.looking", dir));
        Tasks.create(() -> InterruptedCeremonies.isCeremonyFolder(dir) ? null : InterruptedCeremonies.under(dir))
                .busy(busy).onSuccess(survey -> {
                    status.set("");
                    if (survey == null) {
                        resume(dir);
                        return;
                    }
                    interrupted.setAll(survey.interrupted());
                    if (survey.interrupted().isEmpty()) {
                        problem.set(Messages.get("home.resume.noneFound", survey.root(), survey.closed())
                                + unreadable(survey));
                    } else {
                        status.set(Messages.get("home.resume.found", survey.interrupted().size(), survey.root())
                                + unreadable(survey));
                    }
                }).onError(fail()).runOn(tasks);
    }

    private static String unreadable(InterruptedCeremonies.Survey survey) {
        return survey.unreadable().isEmpty() ? "" : " " + Messages.get("home.resume.unreadable",
                String.join("; ", survey.unreadable().stream().map(u -> u.directory() + ": " + u.problem()).toList()));
    }

    /** The interrupted ceremonies the last {@link #findInterrupted} found. */
    public ObservableList<InterruptedCeremonies.Found> interruptedProperty() {
        return interrupted;
    }

    /** What an interrupted ceremony's folder turned out to be. */
    private sealed interface Resumed {
        record InRehearsal(RehearsalStart start) implements Resumed {
        }

        record Real(CeremonyScript script) implements Resumed {
        }
    }

    private void go(RehearsalStart start) {
        if (start instanceof RehearsalStart.RunHere r) {
            navigation.wizard(r.launch());
        } else if (start instanceof RehearsalStart.HandedOver h) {
            navigation.handedOver(h);
        }
    }

    /** Checks a script file; on success {@code then} gets it (to rehearse it), else the problem is shown. */
    public void openScript(Path file, Consumer<CeremonyScript> then) {
        problem.set("");
        Tasks.create(() -> CeremonyScripts.parse(file)).busy(busy).onSuccess(then).onError(fail()).runOn(tasks);
    }

    /** Checks {@code file} and, if valid, goes to the HSM selection screen of a real ceremony. */
    public void runForReal(Path file) {
        problem.set("");
        Tasks.create(() -> CeremonyScripts.parse(file)).busy(busy)
                .onSuccess(script -> navigation.realCeremony(script, java.util.Optional.empty()))
                .onError(fail()).runOn(tasks);
    }

    public void review(Path transcript) {
        navigation.review(transcript);
    }

    public void ledger() {
        navigation.ledger();
    }

    private Consumer<Throwable> fail() {
        return e -> {
            status.set("");
            problem.set(Problems.describe(e));
        };
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
}
