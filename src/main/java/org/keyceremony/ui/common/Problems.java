package org.keyceremony.ui.common;

import org.keyceremony.base.KeyCeremonyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failure into the sentence people read on screen: our own exceptions carry a
 * message written for them (what failed and what to do); anything else is unexpected, is
 * logged with its stack trace for the maintainers, and is shown without one.
 */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    public static String describe(Throwable t) {
        Throwable e = t;
        while (e.getCause() != null && !(e instanceof KeyCeremonyException)
                && (e instanceof java.util.concurrent.ExecutionException || e instanceof java.lang.reflect.InvocationTargetException)) {
            e = e.getCause();
        }
        if (e instanceof KeyCeremonyException && e.getMessage() != null) {
            return e.getMessage();
        }
        LOG.error("unexpected failure", e);
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return Messages.get("error.unexpected", what);
    }
}
