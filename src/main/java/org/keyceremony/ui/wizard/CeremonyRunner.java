package org.keyceremony.ui.wizard;

import java.util.function.Consumer;

import org.keyceremony.ceremony.CeremonyResult;
import org.keyceremony.ceremony.Prompter;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;

/**
 * Runs one ceremony with the engine, asking {@code prompter} and reporting each event as it
 * is written; called on a worker thread. The app builds it from the environment (a rehearsal
 * world or a real HSM); tests build it from their own.
 */
@FunctionalInterface
public interface CeremonyRunner {
    CeremonyResult run(Prompter prompter, Consumer<Event> events) throws KeyCeremonyException;
}
