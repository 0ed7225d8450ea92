package org.keyceremony.ui.home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.ceremony.Ceremonies;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ui.common.Messages;
import org.keyceremony.ui.wizard.WizardLaunch;

/**
 * Prepares rehearsals: builds (or reuses) a {@link RehearsalWorld} in a workspace and, when
 * this process does not have the world's {@code SOFTHSM2_CONF} (SoftHSM2 reads it from the
 * environment only), starts the GUI again in a child JVM that has it, with the arguments
 * {@code rehearse --workspace WS --script FILE} that open the wizard directly.
 * Runs on a worker thread (it starts {@code softhsm2-util}).
 */
public final class Rehearsals {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private final Clock clock;
    private final Supplier<Path> workspaces;
    private final Path rootScript;

    /** New workspaces under {@code rehearsals/} in the working directory; the shipped root script. */
    public Rehearsals(Clock clock) {
        this(clock, () -> Path.of("rehearsals", STAMP.format(clock.instant())).toAbsolutePath().normalize(),
                RehearsalSetup.script("root-key-generation"));
    }

    /**
     * @param workspaces gives the workspace of each new rehearsal
     * @param rootScript the script "Rehearse root key ceremony" runs (tests use an EC P-384 variant)
     */
    public Rehearsals(Clock clock, Supplier<Path> workspaces, Path rootScript) {
        this.clock = clock;
        this.workspaces = workspaces;
        this.rootScript = rootScript;
    }

    /** A new workspace for a rehearsal. */
    public Path newWorkspace() {
        return workspaces.get();
    }

    /** The script "Rehearse root key ceremony" runs. */
    public Path rootScript() {
        return rootScript;
    }

    /** Builds or reuses the world in {@code workspace} and says where the wizard runs. */
    public RehearsalStart prepare(Path workspace, Path scriptFile) throws KeyCeremonyException {
        CeremonyScript script = CeremonyScripts.parse(scriptFile);
        RehearsalWorld world = RehearsalWorld.exists(workspace) ? RehearsalWorld.open(workspace)
                : RehearsalWorld.create(workspace, RehearsalSetup.cardsFor(script), RehearsalWorld.DEFAULT_USER_PIN,
                        RehearsalWorld.DEFAULT_SO_PIN);
        if (world.isActiveInThisProcess()) {
            return new RehearsalStart.RunHere(launch(world, script));
        }
        List<String> args = new ArrayList<>(List.of("rehearse", "--workspace", world.workspace().toString(),
                "--script", scriptFile.toAbsolutePath().toString()));
        try {
            return new RehearsalStart.HandedOver(world.workspace(), world.childJvm(args).start());
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot start the rehearsal window: " + e.getMessage()
                    + ". Start it from a terminal: " + org.keyceremony.base.ProgramCommand.current() + " rehearse --workspace "
                    + org.keyceremony.base.ProgramCommand.shellQuoted(world.workspace().toString()), e);
        }
    }

    /**
     * Prepares the recovery of the interrupted rehearsal in {@code ceremonyDirectory} (a folder
     * under a world's {@code transcripts/}); the wizard asks whether to resume or abort.
     */
    public RehearsalStart prepareResume(Path ceremonyDirectory) throws KeyCeremonyException {
        Path dir = ceremonyDirectory.toAbsolutePath().normalize();
        Path ws = dir.getParent() == null ? null : dir.getParent().getParent();
        if (ws == null || !RehearsalWorld.exists(ws)) {
            throw new KeyCeremonyException(Messages.get("home.resume.notRehearsal", dir,
                    org.keyceremony.base.ProgramCommand.current(), org.keyceremony.base.ProgramCommand.shellQuoted(dir.toString())));
        }
        RehearsalWorld world = RehearsalWorld.open(ws);
        if (world.isActiveInThisProcess()) {
            return new RehearsalStart.RunHere(resumeLaunch(world, dir));
        }
        try {
            return new RehearsalStart.HandedOver(ws,
                    world.childJvm(List.of("rehearse", "--workspace", ws.toString(), "--resume", dir.toString())).start());
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot start the rehearsal window: " + e.getMessage(), e);
        }
    }

    /** True if {@code ceremonyDirectory} is a ceremony folder inside a rehearsal world (…/transcripts/NAME). */
    public static boolean isRehearsalCeremony(Path ceremonyDirectory) {
        Path dir = ceremonyDirectory.toAbsolutePath().normalize();
        Path ws = dir.getParent() == null ? null : dir.getParent().getParent();
        return ws != null && RehearsalWorld.exists(ws);
    }

    /**
     * The script copy of the interrupted ceremony in {@code dir}; refused with what to choose
     * instead when the folder holds no ceremony.
     */
    public static CeremonyScript interruptedScript(Path dir) throws KeyCeremonyException {
        if (!Files.isRegularFile(dir.resolve(org.keyceremony.journal.EventLog.FILE_NAME))
                || !Files.isRegularFile(dir.resolve(Ceremonies.SCRIPT_COPY))) {
            throw new KeyCeremonyException(Messages.get("home.resume.notCeremony", dir.toAbsolutePath().normalize(),
                    org.keyceremony.journal.EventLog.FILE_NAME, Ceremonies.SCRIPT_COPY));
        }
        return Ceremonies.interruptedScript(dir);
    }

    /** The wizard's launch that recovers the interrupted ceremony in {@code dir} of an active {@code world}. */
    public WizardLaunch resumeLaunch(RehearsalWorld world, Path dir) throws KeyCeremonyException {
        CeremonyScript script = Ceremonies.interruptedScript(dir);
        CeremonyEnvironment env = withCardReader(RehearsalSetup.environment(world));
        return new WizardLaunch(script, true, dir, Optional.empty(), (prompter, events) -> {
            // One lock from reading the log to the end; the people choose with the plan in front of them.
            try (RehearsalWorld.Held lock = RehearsalWorld.lock(world.workspace())) {
                return Ceremonies.in(env, Clock.systemUTC()).recover(script, dir, prompter, events);
            }
        }, cards(script));
    }

    /** The wizard's launch for {@code script} in an active {@code world}. */
    public WizardLaunch launch(RehearsalWorld world, CeremonyScript script) throws KeyCeremonyException {
        CeremonyEnvironment env = withCardReader(RehearsalSetup.environment(world));
        Path out = world.transcripts().resolve(script.metadata().name() + "-" + STAMP.format(clock.instant()));
        return new WizardLaunch(script, true, out, prefill(script),
                (prompter, events) -> {
                    try (RehearsalWorld.Held lock = RehearsalWorld.lock(world.workspace());
                         org.keyceremony.secret.Pin pin = org.keyceremony.secret.Pin.adopt(
                                 RehearsalWorld.DEFAULT_USER_PIN.toCharArray())) {
                        // What the other party of a signing ceremony brings (a request), made in the world.
                        org.keyceremony.ceremony.rehearsal.RehearsalRequests.prepare(world, script, Optional.empty(), pin);
                        return Ceremonies.in(env, Clock.systemUTC()).run(script, out, true, prompter, events);
                    }
                }, cards(script));
    }

    /**
     * The world's environment without a card per custodian: each custodian's card is then asked
     * for (the engine's "card label or serial" question), and the wizard's simulated card reader
     * lets the administrator insert {@code card-k} — practice for the real table, where the
     * custodian brings the card.
     */
    static CeremonyEnvironment withCardReader(CeremonyEnvironment env) {
        return new CeremonyEnvironment(env.hsmModule(), env.cardModule(), env.tokens(), java.util.Map.of(),
                env.backupDestinations());
    }

    /** The cards of the world: card-1 … card-(N + spares). */
    static List<String> cards(CeremonyScript script) {
        List<String> cards = new ArrayList<>();
        for (int i = 1; i <= RehearsalSetup.cardsFor(script); i++) {
            cards.add(RehearsalWorld.cardLabel(i));
        }
        return cards;
    }

    /** The participants of the shipped answers file, so a rehearsal starts quickly (people may edit them). */
    static Optional<CeremonySetup> prefill(CeremonyScript script) {
        Path answers = RehearsalSetup.answers(script.metadata().name());
        if (!Files.isRegularFile(answers)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AnswersFilePrompter.read(answers).setup(script, true));
        } catch (KeyCeremonyException e) {
            return Optional.empty();
        }
    }
}
