package org.keyceremony.ceremony.rehearsal;

import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.script.CeremonyScript;
import org.keyceremony.script.TokenRef;
import org.keyceremony.base.KeyCeremonyException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the shipped scripts and answers files, and maps a rehearsal world onto a
 * {@link CeremonyEnvironment}: {@code hsm} is {@code rehearsal-hsm}, {@code target-hsm} is
 * {@code rehearsal-hsm-2}, custodian k presents {@code card-k}, the media are
 * {@code media-1} and {@code media-2}.
 */
public final class RehearsalSetup {
    /** Spare cards beyond N, for custodian changes in a share rotation. */
    public static final int SPARE_CARDS = 2;

    private RehearsalSetup() {
    }

    public static CeremonyEnvironment environment(RehearsalWorld world) throws KeyCeremonyException {
        Path module = RehearsalWorld.softhsmModule().orElseThrow(() ->
                new KeyCeremonyException("SoftHSM2 is not installed. Install it: sudo apt-get install softhsm2"));
        Map<Integer, String> cards = new HashMap<>();
        for (int i = 1; i <= 255; i++) {
            cards.put(i, RehearsalWorld.cardLabel(i));
        }
        return new CeremonyEnvironment(module, module,
                Map.of(TokenRef.HSM, RehearsalWorld.HSM, TokenRef.TARGET_HSM, RehearsalWorld.HSM_2),
                cards, world.media());
    }

    /** How many cards a world for {@code script} needs: N plus spares. */
    public static int cardsFor(CeremonyScript script) {
        return script.policy().sharing().map(s -> s.shares()).orElse(5) + SPARE_CARDS;
    }

    /**
     * The directory the shipped {@code ceremony-scripts/} live in: next to the installed
     * application ({@code keyceremony.home}), or in the working directory of a source checkout.
     */
    public static Path scriptsDirectory() {
        String home = System.getProperty("keyceremony.home");
        List<Path> candidates = home == null ? List.of(Path.of("ceremony-scripts"))
                : List.of(Path.of(home, "ceremony-scripts"), Path.of("ceremony-scripts"));
        for (Path p : candidates) {
            if (java.nio.file.Files.isDirectory(p)) {
                return p.toAbsolutePath();
            }
        }
        return candidates.get(0).toAbsolutePath();
    }

    /** A script given by name ({@code root-key-generation}) or by path. */
    public static Path script(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (java.nio.file.Files.isRegularFile(p)) {
            return p;
        }
        return scriptsDirectory().resolve(nameOrPath.endsWith(".yaml") ? nameOrPath : nameOrPath + ".yaml");
    }

    /** The shipped answers file for a script name. */
    public static Path answers(String scriptName) {
        return scriptsDirectory().resolve("rehearsal").resolve(scriptName + ".answers.yaml");
    }
}
