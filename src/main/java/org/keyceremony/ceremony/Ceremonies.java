package org.keyceremony.ceremony;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.RootCeremonyActions;
import org.keyceremony.journal.Event;
import org.keyceremony.script.Action;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.transcript.LogTranscript;
import org.keyceremony.transcript.TranscriptWriter;

/**
 * The front door to ceremonies: the one way the wizard and the command line plan, run, resume
 * and abort a ceremony, so the two cannot drift apart. Behind it are the engine, the action
 * handlers and the journal; in front of it only the values it takes and hands out (the script,
 * a {@link Prompter}, a {@link CeremonyEnvironment}, a {@link CeremonyPlan}, a {@link CeremonyEnding}).
 *
 * <p>Every run, resume and abort ends with the ceremony's transcript: the {@code sign-transcript}
 * step signs it in the HSM where the script has one; a completed ceremony whose script signs
 * nothing (a card check, which needs no HSM) gets its transcript here, from the closed event
 * log, UNSIGNED on every page. The choice between resuming and aborting an interrupted ceremony
 * is made here too, under the lock that covers the whole recovery.
 */
public final class Ceremonies {
    /** The copy of the script kept beside the log; a recovery reads the script from it. */
    public static final String SCRIPT_COPY = Engine.SCRIPT_COPY;

    private final ActionRegistry registry;
    private final Clock clock;

    private Ceremonies(ActionRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Ceremonies with every action of this build, over the HSM, cards and media {@code environment} names. */
    public static Ceremonies in(CeremonyEnvironment environment, Clock clock) {
        return new Ceremonies(RootCeremonyActions.registry(environment), clock);
    }

    /** Ceremonies with the actions of {@code registry} only: for tests and stand-in worlds. */
    public static Ceremonies with(ActionRegistry registry, Clock clock) {
        return new Ceremonies(registry, clock);
    }

    /** The dry run of {@code script}: every step, what it asks and creates. Opens and writes nothing. */
    public CeremonyPlan plan(CeremonyScript script) {
        return CeremonyPlan.of(script, registry);
    }

    /**
     * What the kinds of {@code script}'s steps refuse before any ceremony of it starts (the
     * pre-issuance linter's rules that need no HSM), as "step ID (kind): problem": what
     * {@code ceremony script check} reports beyond the script's own validation.
     */
    public static List<String> refusalsBeforeStart(CeremonyScript script) throws KeyCeremonyException {
        return org.keyceremony.ceremony.actions.ActionModule.refusals(script);
    }

    /** Refuses, naming the steps, a script with an action this build cannot perform: before anyone is asked anything. */
    public void refuseUnsupported(CeremonyScript script) throws KeyCeremonyException {
        registry.requireAll(script);
    }

    /**
     * Runs {@code script} from its first step into {@code outputDirectory} (new or empty of a
     * ceremony), asking {@code prompter}; {@code events} sees each event once it is on disk.
     */
    public CeremonyEnding run(CeremonyScript script, Path outputDirectory, boolean rehearsal, Prompter prompter,
                              Consumer<Event> events) throws KeyCeremonyException {
        CeremonyResult result = new Engine(registry, prompter, clock, events).run(script, outputDirectory, rehearsal);
        return ending(script, outputDirectory, result, CeremonyResult.Outcome.COMPLETED);
    }

    /**
     * Recovers the interrupted ceremony in {@code directory}, which ran {@code script} (the copy
     * beside its log: {@link #interruptedScript}); the people choose, with the plan in front of them.
     */
    public CeremonyEnding recover(CeremonyScript script, Path directory, Prompter prompter, Consumer<Event> events)
            throws KeyCeremonyException {
        return recover(script, directory, prompter, events, Optional.empty(), plan -> { });
    }

    /** Resumes the interrupted ceremony in {@code directory} without asking; the plan is shown as a notice. */
    public CeremonyEnding resume(CeremonyScript script, Path directory, Prompter prompter, Consumer<Event> events)
            throws KeyCeremonyException {
        return recover(script, directory, prompter, events, Optional.of(RecoveryChoice.RESUME),
                plan -> prompter.notice(plan.describe()));
    }

    /** Aborts the interrupted ceremony in {@code directory} without asking; the plan is shown as a notice. */
    public CeremonyEnding abort(CeremonyScript script, Path directory, Prompter prompter, Consumer<Event> events)
            throws KeyCeremonyException {
        return recover(script, directory, prompter, events, Optional.of(RecoveryChoice.ABORT),
                plan -> prompter.notice(plan.describe()));
    }

    /**
     * Recovers the interrupted ceremony in {@code directory}, which ran {@code script}, under one
     * lock from reading its log to its end. This is where the choice is made: {@code decided} if
     * given, otherwise {@link Prompter#chooseRecovery}; {@code assessed} is shown the plan made under
     * the lock first (a terminal prints it when nobody is asked).
     */
    public CeremonyEnding recover(CeremonyScript script, Path directory, Prompter prompter, Consumer<Event> events,
                                  Optional<RecoveryChoice> decided, Consumer<RecoveryPlan> assessed)
            throws KeyCeremonyException {
        RecoveryChoice[] chosen = new RecoveryChoice[1];
        CeremonyResult result = new Engine(registry, prompter, clock, events).recover(script, directory, plan -> {
            assessed.accept(plan);
            chosen[0] = decided.isPresent() ? decided.get() : prompter.chooseRecovery(plan);
            return chosen[0];
        });
        return ending(script, directory, result, chosen[0] == RecoveryChoice.RESUME
                ? CeremonyResult.Outcome.COMPLETED : CeremonyResult.Outcome.ABORTED);
    }

    /** The script an interrupted (or any) ceremony in {@code directory} ran: the copy beside its log. */
    public static CeremonyScript interruptedScript(Path directory) throws KeyCeremonyException {
        return CeremonyScripts.parse(directory.resolve(SCRIPT_COPY));
    }

    /**
     * Where the interrupted ceremony in {@code directory} stands and what resuming or aborting
     * would do, against the {@code script} it ran; writes nothing. A recovery assesses again under its own lock.
     */
    public static RecoveryPlan assess(CeremonyScript script, Path directory) throws KeyCeremonyException {
        return Recovery.assess(directory, script);
    }

    /** True if {@code script} signs its transcript in the HSM; without a {@code sign-transcript} step it is written unsigned at the end. */
    public static boolean signsItsTranscript(CeremonyScript script) {
        return script.steps().stream().anyMatch(s -> s.action() instanceof Action.SignTranscript);
    }

    private CeremonyEnding ending(CeremonyScript script, Path directory, CeremonyResult result,
                                         CeremonyResult.Outcome aimedFor) throws KeyCeremonyException {
        boolean signed = signsItsTranscript(script);
        Path transcript = directory.resolve(TranscriptWriter.fileName(result.ceremonyId()));
        if (!signed && result.outcome() == CeremonyResult.Outcome.COMPLETED) {
            writeUnsigned(script, result, transcript);
        }
        return new CeremonyEnding(result, Files.isRegularFile(transcript) ? Optional.of(transcript) : Optional.empty(),
                signed, aimedFor);
    }

    /** The transcript of a completed ceremony without an HSM, from its closed log; UNSIGNED on every page, dated by its closing event. */
    private void writeUnsigned(CeremonyScript script, CeremonyResult result, Path target)
            throws KeyCeremonyException {
        byte[] log;
        try {
            log = Files.readAllBytes(result.log());
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot read the event log " + result.log() + " to make the transcript ("
                    + e.getMessage() + "). The log is the record; make the transcript again from it.", e);
        }
        LogTranscript.of(log, script.sourceText(), List.of()).writeUnsigned(target);
    }
}
