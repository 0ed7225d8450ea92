package org.keyceremony.ui.home;

import org.keyceremony.ui.wizard.WizardLaunch;

/**
 * What preparing a rehearsal led to: the wizard can run here, or the GUI was started again
 * in a child process that has the world's {@code SOFTHSM2_CONF} (and this one should close).
 */
public sealed interface RehearsalStart {
    /** The world is active in this process: run the wizard. */
    record RunHere(WizardLaunch launch) implements RehearsalStart {
    }

    /** A child JVM with the world's environment took over; this process ends when it does. */
    record HandedOver(java.nio.file.Path workspace, Process child) implements RehearsalStart {
    }
}
