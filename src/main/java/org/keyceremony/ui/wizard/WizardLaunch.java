package org.keyceremony.ui.wizard;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.script.CeremonyScript;

/**
 * What the wizard runs: the script, whether it is a rehearsal, where the output goes, the
 * participants to prefill (a rehearsal's answers file, for speed; people still confirm them),
 * how the engine is run, and the cards of a rehearsal's simulated card reader (empty for a
 * real ceremony, where custodians insert real cards).
 */
public record WizardLaunch(CeremonyScript script, boolean rehearsal, Path outputDirectory,
                           Optional<CeremonySetup> prefill, CeremonyRunner runner, List<String> simulatedCards) {
    public WizardLaunch {
        simulatedCards = List.copyOf(simulatedCards);
    }

    /** Without a simulated card reader. */
    public WizardLaunch(CeremonyScript script, boolean rehearsal, Path outputDirectory,
                        Optional<CeremonySetup> prefill, CeremonyRunner runner) {
        this(script, rehearsal, outputDirectory, prefill, runner, List.of());
    }
}
