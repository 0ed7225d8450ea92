package org.keyceremony.ui;

import java.nio.file.Path;
import java.time.Clock;

import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Engine;
import org.keyceremony.ceremony.Prompter;
import org.keyceremony.ceremony.actions.CeremonyEnvironment;
import org.keyceremony.ceremony.actions.RootCeremonyActions;
import org.keyceremony.script.CeremonyScript;

/**
 * What the front-door rule forbids, kept only for {@code ArchitectureTest} to prove the rule
 * bites: a wizard class that assembles the engine itself (and so would end a ceremony without
 * the transcript the door writes). Never used.
 */
public final class BackDoor {
    private BackDoor() {
    }

    static CeremonyResult run(CeremonyEnvironment env, Prompter prompter, CeremonyScript script, Path out)
            throws KeyCeremonyException {
        return new Engine(RootCeremonyActions.registry(env), prompter, Clock.systemUTC()).run(script, out, true);
    }
}
