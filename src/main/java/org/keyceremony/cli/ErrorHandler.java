package org.keyceremony.cli;

import org.keyceremony.base.KeyCeremonyException;
import picocli.CommandLine;

/**
 * Turns failures into one clear message on stderr and exit code 1; never a stack trace.
 * Unexpected exceptions name their type only (their message might carry anything).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (ex instanceof KeyCeremonyException) {
            cl.getErr().println("ceremony: " + ex.getMessage());
            if (ex instanceof org.keyceremony.hsm.HsmException h) {
                h.detail().ifPresent(d -> cl.getErr().println("  (" + d + ")"));
            }
        } else {
            cl.getErr().println("ceremony: internal error (" + ex.getClass().getSimpleName()
                    + "). Nothing secret was printed. Please report this with the event log of the run.");
        }
        return 1;
    }
}
