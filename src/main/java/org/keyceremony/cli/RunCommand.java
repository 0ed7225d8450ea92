package org.keyceremony.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

import org.keyceremony.ceremony.ActionRegistry;
import org.keyceremony.ceremony.AnswersFilePrompter;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.RootCeremonyActions;
import org.keyceremony.hsm.Pkcs11Module;
import org.keyceremony.script.TokenRef;
import org.keyceremony.ceremony.CeremonyPlan;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Engine;
import org.keyceremony.ceremony.Prompter;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.CeremonyScripts;
import org.keyceremony.secret.InvalidInputException;
import org.keyceremony.secret.KeyCeremonyException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ceremony run SCRIPT [--module LIB] [--answers FILE] [--out DIR] [--dry-run]}: the headless runner. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a ceremony script on the terminal, or print its plan with --dry-run.",
            "Without --answers the people at the table answer on this terminal (PINs without echo).",
            "With --answers FILE the run is a REHEARSAL answered from that file."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "The approved ceremony script (YAML).")
    Path script;

    @Option(names = "--module", paramLabel = "LIB",
            description = "PKCS#11 library of the HSM (default: the first well-known one found, e.g. SoftHSM2, OpenSC).")
    Path module;

    @Option(names = "--card-module", paramLabel = "LIB",
            description = "PKCS#11 library of the custodians' card readers (default: the HSM's library).")
    Path cardModule;

    @Option(names = "--hsm", paramLabel = "TOKEN", description = "Label or serial of the HSM token (role 'hsm').")
    String hsm;

    @Option(names = "--target-hsm", paramLabel = "TOKEN",
            description = "Label or serial of the token a backup is restored into (role 'target-hsm').")
    String targetHsm;

    @Option(names = "--card", paramLabel = "N=TOKEN",
            description = "Custodian N's card (label or serial); custodians without one are asked at the table.")
    java.util.Map<Integer, String> cards = new java.util.HashMap<>();

    @Option(names = "--backup-dir", paramLabel = "DIR",
            description = "A backup destination on removable media; repeat once per destination of the policy.")
    java.util.List<Path> backupDirs = new java.util.ArrayList<>();

    @Option(names = "--answers", paramLabel = "FILE", description = "Rehearsal answers file (rehearsals only).")
    Path answers;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory for the event log and outputs (default: ./ceremony-NAME-UTCTIME).")
    Path out;

    @Option(names = "--dry-run", description = "Validate and print every step, what it asks for and creates; "
            + "opens no PKCS#11 session and writes nothing.")
    boolean dryRun;

    private Path resolveModule() throws InvalidInputException {
        if (module != null) {
            if (!Files.isRegularFile(module)) {
                throw new InvalidInputException("PKCS#11 library " + module + " does not exist or is not a file. "
                        + "Give the HSM vendor's library with --module (see docs/air-gapped-laptop.md).");
            }
            return module;
        }
        return Pkcs11Module.detect().orElseThrow(() -> new InvalidInputException("No PKCS#11 library given and none "
                + "found in the usual places. Give the HSM vendor's library with --module LIB."));
    }

    private CeremonyEnvironment environment(Path hsmModule) throws InvalidInputException {
        if (cardModule != null && !Files.isRegularFile(cardModule)) {
            throw new InvalidInputException("PKCS#11 library " + cardModule + " (--card-module) does not exist");
        }
        java.util.Map<TokenRef, String> tokens = new java.util.EnumMap<>(TokenRef.class);
        if (hsm != null) {
            tokens.put(TokenRef.HSM, hsm);
        }
        if (targetHsm != null) {
            tokens.put(TokenRef.TARGET_HSM, targetHsm);
        }
        return new CeremonyEnvironment(hsmModule, cardModule != null ? cardModule : hsmModule, tokens, cards, backupDirs);
    }

    @Override
    public Integer call() throws KeyCeremonyException {
        PrintWriter o = spec.commandLine().getOut();
        CeremonyScript s = CeremonyScripts.parse(script);
        ActionRegistry registry = dryRun ? RootCeremonyActions.registry(environment(Path.of("(module)")))
                : RootCeremonyActions.registry(environment(resolveModule()));
        if (dryRun) {
            o.print(CeremonyPlan.of(s, registry).render());
            o.flush();
            return 0;
        }
        // Before asking anyone anything: a build that cannot do every step refuses now.
        registry.requireAll(s);
        Prompter prompter = answers != null ? AnswersFilePrompter.read(answers) : TerminalPrompter.onSystemTerminal(o);
        Path dir = out != null ? out : Path.of("ceremony-" + s.metadata().name() + "-"
                + DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Clock.systemUTC().instant()));
        if (answers != null) {
            o.println("REHEARSAL: answered from " + answers);
        }
        o.println("Output directory: " + dir.toAbsolutePath());
        o.flush();
        CeremonyResult result = new Engine(registry, prompter, Clock.systemUTC(), new ProgressPrinter(o))
                .run(s, dir, answers != null);
        return CeremonyOutcomeReport.print(o, result, CeremonyResult.Outcome.COMPLETED);
    }
}
