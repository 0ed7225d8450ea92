package org.keyceremony.ui.wizard;

import java.nio.file.Path;
import java.util.Optional;

import org.keyceremony.ceremony.CeremonySetup;
import org.keyceremony.script.CeremonyScript;

/**
 * What the wizard runs: the script, whether it is a rehearsal, where the output goes, the
 * participants to prefill (a rehearsal's answers file, for speed; people still confirm them)
 * and how the engine is run.
 */
public record WizardLaunch(CeremonyScript script, boolean rehearsal, Path outputDirectory,
                           Optional<CeremonySetup> prefill, CeremonyRunner runner) {
}
