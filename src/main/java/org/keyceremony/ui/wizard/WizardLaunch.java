package org.keyceremony.ui.wizard;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.script.CeremonyScript;

/**
 * What the wizard runs: the script, whether it is a rehearsal, where the output goes, the
 * participants to prefill (a rehearsal's answers file, for speed; people still confirm them),
 * how the engine is run, the cards of a rehearsal's simulated card reader (empty for a real
 * ceremony), and for a real ceremony the card readers watched for cards being inserted.
 */
public record WizardLaunch(CeremonyScript script, boolean rehearsal, Path outputDirectory,
                           Optional<CeremonySetup> prefill, CeremonyRunner runner, List<String> simulatedCards,
                           Optional<CardSource> liveCards) {
    public WizardLaunch {
        simulatedCards = List.copyOf(simulatedCards);
    }

    /** A rehearsal's launch: a simulated card reader, no live one. */
    public WizardLaunch(CeremonyScript script, boolean rehearsal, Path outputDirectory,
                        Optional<CeremonySetup> prefill, CeremonyRunner runner, List<String> simulatedCards) {
        this(script, rehearsal, outputDirectory, prefill, runner, simulatedCards, Optional.empty());
    }

    /** Without any card reader. */
    public WizardLaunch(CeremonyScript script, boolean rehearsal, Path outputDirectory,
                        Optional<CeremonySetup> prefill, CeremonyRunner runner) {
        this(script, rehearsal, outputDirectory, prefill, runner, List.of(), Optional.empty());
    }
}
