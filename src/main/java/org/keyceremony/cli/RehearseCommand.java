package org.keyceremony.cli;

import org.keyceremony.base.ProgramCommand;
import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.CeremonyEnding;
import org.keyceremony.ceremony.Ceremonies;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.rehearsal.RehearsalSetup;
import org.keyceremony.ceremony.rehearsal.RehearsalWorld;
import org.keyceremony.ceremony.rehearsal.RehearsalRequests;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.secret.Pin;
import java.util.Optional;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.base.KeyCeremonyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ceremony rehearse}: a throw-away SoftHSM2 world in a workspace and a ceremony in
 * rehearsal mode. The PKCS#11 work runs in a child JVM started with the world's
 * {@code SOFTHSM2_CONF} (SoftHSM2 reads it from the environment only).
 */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"Build a throw-away SoftHSM2 world and run a ceremony in REHEARSAL mode.",
            "Tokens rehearsal-hsm, rehearsal-hsm-2 and card-1..card-N (user PIN 123456, SO PIN 12345678,",
            "unless the answers file's 'world' says otherwise),",
            "backup media WORKSPACE/media-1 and media-2, output under WORKSPACE/transcripts/.",
            "Reusing a workspace (e.g. for backup-restore after a root rehearsal) reuses its tokens and media."})
final class RehearseCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Rehearsal workspace (default: ./rehearsals/UTCTIME). Reused if it already is one.")
    Path workspace;

    @Option(names = "--script", paramLabel = "NAME", defaultValue = "root-key-generation",
            description = "Shipped script name or a script file (default: ${DEFAULT-VALUE}).")
    String script;

    @Option(names = "--headless", description = "Run on the terminal, answered from --answers. Without it (and "
            + "without --answers) the graphical wizard opens. Answers default to the shipped answers file of the "
            + "script.")
    boolean headless;

    @Option(names = "--answers", paramLabel = "FILE", description = "Rehearsal answers file.")
    Path answers;

    @Option(names = "--csr", paramLabel = "FILE", description = "A signing ceremony's request (PKCS#10, public key, "
            + "or for cross-signing the other CA's certificate) for its first prepare-certificate step. Without it the "
            + "rehearsal makes one from a throw-away key on rehearsal-hsm-2. Either goes to WORKSPACE/requests/.")
    Path csr;

    @Override
    public Integer call() throws KeyCeremonyException {
        PrintWriter o = spec.commandLine().getOut();
        Path scriptFile = RehearsalSetup.script(script);
        CeremonyScript s = CeremonyScripts.parse(scriptFile);
        Path ws = (workspace != null ? workspace : Path.of("rehearsals", DateTimeFormatter
                .ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Clock.systemUTC().instant())))
                .toAbsolutePath().normalize();
        Path answersFile = answers;
        if (answersFile == null) {
            answersFile = RehearsalSetup.answers(s.metadata().name());
        }
        // Read (and check) the answers before anything is created: a broken file leaves no world behind.
        AnswersFilePrompter prompter = AnswersFilePrompter.read(answersFile);
        try (RehearsalWorld.Held lock = RehearsalWorld.lock(ws)) {
            return rehearse(o, scriptFile, s, ws, answersFile, prompter);
        }
    }

    private Integer rehearse(PrintWriter o, Path scriptFile, CeremonyScript s, Path ws, Path answersFile,
            AnswersFilePrompter prompter) throws KeyCeremonyException {
        RehearsalWorld world;
        if (RehearsalWorld.exists(ws)) {
            world = RehearsalWorld.open(ws);
        } else {
            o.println("Creating the rehearsal world in " + ws + " ...");
            o.flush();
            world = RehearsalWorld.create(ws, RehearsalSetup.cardsFor(s),
                    prompter.worldUserPin().orElse(RehearsalWorld.DEFAULT_USER_PIN),
                    prompter.worldSoPin().orElse(RehearsalWorld.DEFAULT_SO_PIN));
        }
        if (!headless && answers == null) {
            // bin/ceremony sends 'rehearse' without --headless/--answers to the GUI wizard (org.keyceremony.Main);
            // only a direct call of this command gets here.
            o.println("Running on the terminal, answered from " + answersFile + ". Without --headless, 'ceremony "
                    + "rehearse' opens the wizard.");
        }
        if (!world.isActiveInThisProcess()) {
            return inChild(world, scriptFile, answersFile);
        }
        CeremonyEnvironment env = RehearsalSetup.environment(world);
        try (Pin pin = Pin.adopt(prompter.worldUserPin().orElse(RehearsalWorld.DEFAULT_USER_PIN).toCharArray())) {
            for (Path request : RehearsalRequests.prepare(world, s, Optional.ofNullable(csr), pin)) {
                o.println("The other party's request: " + request);
            }
        }
        Path out = world.transcripts().resolve(s.metadata().name() + "-" + DateTimeFormatter
                .ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Clock.systemUTC().instant()));
        o.println("REHEARSAL of " + s.metadata().name() + " " + s.metadata().version() + " (script SHA-256 "
                + s.sha256Hex() + ")");
        o.println("Answers: " + answersFile.toAbsolutePath());
        o.println("Output directory: " + out);
        o.flush();
        CeremonyEnding end = Ceremonies.in(env, Clock.systemUTC()).run(s, out, true, prompter, new ProgressPrinter(o));
        int code = CeremonyOutcomeReport.print(o, end);
        if (end.transcript().isPresent()) {
            Path transcript = end.transcript().get();
            o.println("Transcript: " + transcript);
            if (!end.signed()) {
                o.println("This ceremony had no HSM: its transcript is UNSIGNED (it says so on every page).");
            }
            String fingerprint = rootFingerprint(out, s);
            o.println("Check it as an auditor would:");
            String finalHash = end.transcriptFinalHash().orElse("");
            o.println("  " + ProgramCommand.current() + " verify "
                    + ProgramCommand.shellQuoted(transcript.toString())
                    + (fingerprint.isEmpty() ? "" : " --expect-fingerprint " + fingerprint)
                    + (finalHash.isEmpty() ? "" : " --expect-final-hash " + finalHash)
                    + " --expect-ceremony " + end.result().ceremonyId());
        } else {
            o.println("No transcript was signed; the event log is the record of this rehearsal.");
        }
        o.flush();
        return code;
    }

    /** SHA-256 of the root certificate's DER written by this ceremony, or "" if there is none. */
    private static String rootFingerprint(Path out, CeremonyScript s) {
        return s.policy().key().map(k -> out.resolve(k.label() + ".der")).filter(Files::isRegularFile).map(der -> {
            try {
                return org.keyceremony.base.Digests.sha256Hex(der);
            } catch (IOException e) {
                return "";
            }
        }).orElse("");
    }

    private Integer inChild(RehearsalWorld world, Path scriptFile, Path answersFile) throws KeyCeremonyException {
        List<String> args = new ArrayList<>(List.of("rehearse", "--workspace", world.workspace().toString(),
                "--script", scriptFile.toAbsolutePath().toString(), "--answers", answersFile.toAbsolutePath().toString()));
        if (headless) {
            args.add("--headless");
        }
        if (csr != null) {
            args.addAll(List.of("--csr", csr.toAbsolutePath().toString()));
        }
        spec.commandLine().getOut().println("The rehearsal continues in a second Java process that has the world's "
                + "SOFTHSM2_CONF=" + world.softhsmConf() + " (SoftHSM2 reads it only when it starts).");
        spec.commandLine().getOut().flush();
        try {
            Process p = world.childJvm(args).start();
            return p.waitFor();
        } catch (IOException e) {
            throw new KeyCeremonyException("Cannot start the rehearsal process: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyCeremonyException("Interrupted while the rehearsal ran.", e);
        }
    }
}
