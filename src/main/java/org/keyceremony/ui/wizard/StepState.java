package org.keyceremony.ui.wizard;

/** Where a step of the script stands, as the list on the left shows it. */
public enum StepState {
    PENDING, CURRENT, DONE, FAILED
}
