package org.keyceremony.ui.wizard;

import java.util.function.Consumer;

import org.keyceremony.ceremony.CeremonyEnding;
import org.keyceremony.ceremony.Prompter;
import org.keyceremony.base.KeyCeremonyException;
import org.keyceremony.journal.Event;

/**
 * Runs one ceremony through the front door ({@link org.keyceremony.ceremony.Ceremonies}), asking
 * {@code prompter} and reporting each event as it is written; called on a worker thread. The app
 * builds it from the environment (a rehearsal world or a real HSM); tests build it from their own.
 * The ending names the ceremony's transcript, signed or (without an HSM) unsigned.
 */
@FunctionalInterface
public interface CeremonyRunner {
    CeremonyEnding run(Prompter prompter, Consumer<Event> events) throws KeyCeremonyException;
}
