package org.keyceremony.hsm;

import java.util.Optional;
import org.assertj.core.api.Condition;

/**
 * AssertJ conditions on an {@link HsmException}: most PKCS#11 failures have no subclass of
 * their own, so a test names the CKR code the failure must carry (and its message).
 */
public final class HsmFailures {
    private HsmFailures() {
    }

    /** An {@link HsmException} whose {@link HsmException#returnCode()} is {@code code}. */
    public static Condition<Throwable> returnCode(ReturnCode code) {
        return new Condition<>(t -> t instanceof HsmException e && e.returnCode().equals(Optional.of(code)),
                "an HsmException with %s", code.ckrName());
    }
}
